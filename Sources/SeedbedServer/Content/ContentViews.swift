import Foundation
import Plot
import SeedbedDomain

/// Pages of 内容管理 and the public content sections.
enum ContentViews {
    typealias Body = Node<HTML.BodyContext>

    // MARK: Shared

    /// Plain text as escaped paragraphs; line breaks inside a paragraph are kept.
    static func paragraphs(_ text: String) -> Body {
        .div(.class("article-body"), .forEach(ArticleText.paragraphs(text)) { lines in
            .p(.forEach(Array(lines.enumerated())) { index, line in
                .group(.if(index > 0, .br()), .text(line))
            })
        })
    }

    static func day(_ date: Date?) -> String {
        String(AdminViews.time(date).prefix(10))
    }

    static func financeDetails(_ article: Article) -> [(String, String)] {
        [("银行/机构", article.bank), ("产品类型", article.productType), ("额度范围", article.amountRange),
         ("贷款期限", article.term), ("利率说明", article.rate), ("联系方式", article.contact)]
            .map { ($0.0, $0.1 ?? "—") }
    }

    // MARK: Admin

    static let sectionOptions = [SelectOption(value: "", label: "全部")]
        + ArticleSection.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
    static let statusOptions = [SelectOption(value: "", label: "全部")]
        + ArticleStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }

    static func adminList(_ list: ArticleList, page: Paged<Article>, filter: ArticleList.Filter, viewer: ListViewer,
                          showcase: Bool) -> Body {
        let sections = [SelectOption(value: "", label: "全部")]
            + list.sections.map { SelectOption(value: $0.rawValue, label: $0.label) }
        return .group(
            UI.pageHeader(list.title, actions: [
                .if(showcase, UI.buttonLink("平台展示文字", url: "/admin/content/showcase")),
                UI.buttonLink("新增内容", url: "/admin/content/new", style: "primary"),
            ]),
            UI.queryBar(action: Page.content.path, fields: [
                FieldSpec(label: "标题", name: "q", value: filter.q, placeholder: "按标题搜索"),
                FieldSpec(label: "栏目", name: "section", value: filter.section?.rawValue ?? "", kind: .select(sections)),
                FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(statusOptions)),
            ], exportURL: AdminViews.exportURL(list, filter)),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的内容"),
            UI.pagination(page.info, baseURL: Page.content.path, query: list.queryItems(filter))
        )
    }

    /// A labelled multi-line field with the shared field markup (red star, inline error) and a usable height.
    static func textArea(label: String, name: String, value: String, required: Bool, rows: Int, help: String?,
                         error: String?) -> Node<HTML.FormContext> {
        let id = "f-" + name
        var attributes: [Tag.Attr] = [("id", id), ("name", name), ("rows", String(rows))]
        if required { attributes.append(("required", "required")) }
        if error != nil {
            attributes.append(("aria-invalid", "true"))
            attributes.append(("aria-describedby", id + "-error"))
        }
        return .div(
            .class(error == nil ? "field field-wide" : "field field-wide field-invalid"),
            .label(.for(id), .text(label), .if(required, .span(.class("req"), .text("*")))),
            Tag.element("textarea", attributes, [.text(value)]),
            .unwrap(help) { .div(.class("help"), .text($0)) },
            .unwrap(error) { .div(.class("error"), .id(id + "-error"), .attribute(named: "role", value: "alert"), .text($0)) }
        )
    }

    static func articleForm(_ form: ContentAdminController.ArticleForm, errors: FormErrors, article: Article?,
                            attachment: StoredFile?, sections: [ArticleSection], context: PageContext) -> Body {
        let action = article.map { "/admin/content/\($0.id ?? 0)" } ?? Page.content.path
        let sectionChoices = sections.map { SelectOption(value: $0.rawValue, label: $0.label) }
        return .group(
            UI.pageHeader(article == nil ? "新增内容" : "编辑内容", actions: [UI.buttonLink("返回列表", url: Page.content.path)]
                          + PolicyViews.conditionsLink(article)),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .unwrap(article) { statusCard($0, context: context) },
            .form(
                .method(.post), .action(UI.uploadAction(action, csrf: context.csrfToken)), .enctype(.multipartData), .class("stacked card"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "栏目", name: "section", value: form.section ?? "", kind: .select(sectionChoices),
                                   required: true, error: errors["section"])),
                UI.field(FieldSpec(label: "公告级别", name: "level", value: form.level ?? ArticleLevel.ministry.rawValue,
                                   kind: .select(ArticleLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }),
                                   help: "仅“通知公告”栏目使用：部级公告或省级公告", error: errors["level"])),
                UI.field(FieldSpec(label: "所属省份", name: "region", value: form.region ?? "",
                                   kind: .select(provinceOptions(all: "（部级公告不选）")),
                                   help: "省级公告必选，显示在首页“省级公告”并可按省份筛选", error: errors["region"])),
                UI.field(FieldSpec(label: "标题", name: "title", value: form.title ?? "", required: true,
                                   help: "不超过 100 字", error: errors["title"], maxLength: 100)),
                UI.field(FieldSpec(label: "发布单位", name: "publisher", value: form.publisher ?? "", required: true,
                                   error: errors["publisher"], maxLength: 50)),
                textArea(label: "正文（金融产品填写产品介绍）", name: "body", value: form.body ?? "", required: true, rows: 14,
                         help: "纯文本；空一行即分段", error: errors["body"]),
                financeFields(form, errors: errors),
                attachmentField(attachment, error: errors["attachment"]),
                .div(.class("field"),
                     .label(Tag.void("input", [("type", "checkbox"), ("name", "pinned"), ("value", "1"),
                                               ("checked", form.pinned == "1" ? "checked" : nil)]),
                            .text(" 置顶（在栏目列表和首页排在最前）"))),
                .div(.class("form-actions"), UI.submit(article == nil ? "保存草稿" : "保存"))
            )
        )
    }

    private static func financeFields(_ form: ContentAdminController.ArticleForm, errors: FormErrors)
        -> Node<HTML.FormContext>
    {
        let values = ["bank": form.bank, "productType": form.productType, "amountRange": form.amountRange,
                      "term": form.term, "rate": form.rate, "contact": form.contact]
        return .fieldset(
            .class("finance-fields"),
            Tag.element("legend", [], [.text("金融产品信息（仅“金融超市”栏目填写，带 * 为该栏目必填）")]),
            .forEach(ContentAdminController.financeFields) { field in
                UI.field(FieldSpec(label: field.label + (field.required ? " *" : ""), name: field.key,
                                   value: values[field.key].flatMap { $0 } ?? "", error: errors[field.key],
                                   maxLength: 100))
            }
        )
    }

    private static func attachmentField(_ attachment: StoredFile?, error: String?) -> Node<HTML.FormContext> {
        .div(
            .class(error == nil ? "field" : "field field-invalid"),
            .label(.for("f-attachment"), .text("附件")),
            Tag.void("input", [("id", "f-attachment"), ("type", "file"), ("name", "attachment"),
                               ("accept", ".pdf,.docx,.xlsx,.zip,.jpg,.jpeg,.png")]),
            .div(.class("help"), .text(attachment.map { "当前附件：\($0.name)；重新选择文件将替换" }
                    ?? "可选；PDF、Word（.docx）、Excel（.xlsx）、ZIP、JPG 或 PNG，不超过 20MB")),
            .unwrap(error) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
        )
    }

    private static func statusCard(_ article: Article, context: PageContext) -> Body {
        let id = article.id ?? 0
        let publicURL = "/\(article.section.rawValue)/\(id)"
        return .section(
            .class("card"),
            UI.details([
                ("栏目", article.section.label), ("状态", article.status.label),
                ("发布时间", AdminViews.time(article.publishedAt)), ("最近修改", AdminViews.time(article.updatedAt)),
            ]),
            .div(
                .class("form-actions"),
                article.isPublished
                    ? UI.actionButton("撤回", action: "/admin/content/\(id)/withdraw", csrf: context.csrfToken,
                                      confirm: "确定撤回“\(article.title)”吗？", style: "secondary")
                    : UI.actionButton("发布", action: "/admin/content/\(id)/publish", csrf: context.csrfToken,
                                      style: "primary"),
                .if(!article.isPublished,
                    UI.actionButton("删除", action: "/admin/content/\(id)/delete", csrf: context.csrfToken,
                                    confirm: "确定删除“\(article.title)”吗？删除后不可恢复。", style: "danger")),
                .if(article.isPublished, UI.buttonLink("查看公开页面", url: publicURL))
            )
        )
    }

    static func showcaseForm(concept: String, significance: String, makerContest: String, errors: FormErrors,
                             context: PageContext) -> Body {
        .group(
            UI.pageHeader("平台展示文字", actions: [UI.buttonLink("查看平台展示页", url: "/showcase"),
                                                  UI.buttonLink("返回内容管理", url: Page.content.path)]),
            .p(.class("muted"), .text("平台展示页（无需登录）显示的“概念介绍”与“成效意义”。纯文本，空一行即分段。")),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .form(
                .method(.post), .action("/admin/content/showcase"), .class("stacked card"),
                UI.csrfField(context.csrfToken),
                textArea(label: "概念介绍", name: "concept", value: concept, required: true, rows: 8,
                         help: "不超过 \(ShowcaseText.maxLength) 字", error: errors["concept"]),
                textArea(label: "成效意义", name: "significance", value: significance, required: true, rows: 8,
                         help: "不超过 \(ShowcaseText.maxLength) 字", error: errors["significance"]),
                UI.field(FieldSpec(label: "创客大赛平台地址", name: "makerContest", value: makerContest, required: true,
                                   help: "首页“创客大赛”入口链接到此地址（新窗口打开，并提示即将离开本平台）",
                                   error: errors["makerContest"], maxLength: MakerContest.maxLength)),
                .div(.class("form-actions"), UI.submit("保存"))
            )
        )
    }

    // MARK: Public

    static func publicList(_ section: ArticleSection, page: Paged<Article>, filter: PublishedArticles.Filter) -> Body {
        let announcements = section == .notices
        let rows: [[Body]] = page.items.map { article in
            var cells: [Body] = [
                .group(.if(article.pinned, UI.badge("置顶", tone: "warning")), .text(article.pinned ? " " : ""),
                       .a(.href("/\(section.rawValue)/\(article.id ?? 0)"), .text(article.title))),
            ]
            if announcements { cells.append(.text(levelText(article))) }
            if section == .finance {
                cells.append(.text(article.bank ?? "—"))
                cells.append(.text(article.productType ?? "—"))
            }
            cells.append(.text(article.publisher))
            cells.append(.text(day(article.publishedAt)))
            return cells
        }
        let headers = section == .finance ? ["产品名称", "银行/机构", "产品类型", "发布单位", "发布日期"]
            : announcements ? ["标题", "级别", "发布单位", "发布日期"] : ["标题", "发布单位", "发布日期"]
        var fields = [FieldSpec(label: "关键词", name: "q", value: filter.search, placeholder: "按标题或正文搜索")]
        if announcements {
            let levels = [SelectOption(value: "", label: "全部")]
                + ArticleLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
            fields.append(FieldSpec(label: "级别", name: "level", value: filter.level?.rawValue ?? "", kind: .select(levels)))
            if filter.level == .province {
                fields.append(FieldSpec(label: "省份", name: "province", value: filter.province,
                                        kind: .select(provinceOptions(all: "全部省份"))))
            }
        }
        let query = [("q", filter.search), ("level", filter.level?.rawValue ?? ""), ("province", filter.province)]
            .filter { !$0.1.isEmpty }
        let filtered = !filter.search.isEmpty || !filter.province.isEmpty
        return .div(
            .class("content-page"),
            UI.pageHeader(listTitle(section, filter: filter)),
            UI.queryBar(action: "/" + section.rawValue, fields: fields),
            section == .faq && !filtered ? faqList(page.items)
                : UI.table(columns: headers, rows: rows, emptyText: filtered ? "没有符合条件的内容" : section.emptyText),
            UI.pagination(page.info, baseURL: "/" + section.rawValue, query: query)
        )
    }

    /// The list page's title: 部级公告 / 省级公告 (with the province) for announcements of one level.
    static func listTitle(_ section: ArticleSection, filter: PublishedArticles.Filter) -> String {
        guard section == .notices, let level = filter.level else { return section.label }
        if level == .province, let province = ArticleLevel.province(filter.province) {
            return "\(province.name)\(level.announcementsTitle)"
        }
        return level.announcementsTitle
    }

    /// 部级, or 省级 with the province's name.
    static func levelText(_ article: Article) -> String {
        guard article.level == .province else { return article.level.label }
        return ArticleLevel.province(article.region).map { "省级（\($0.name)）" } ?? article.level.label
    }

    /// Every province of the region table, after an "all" (or "choose") option.
    static func provinceOptions(all: String) -> [SelectOption] {
        [SelectOption(value: "", label: all)]
            + RegionTable.shipped.provinces.map { SelectOption(value: $0.code, label: $0.name) }
    }

    /// 常见问题 as questions and their answers, each question opening its answer.
    static func faqList(_ articles: [Article]) -> Body {
        guard !articles.isEmpty else { return UI.emptyState(ArticleSection.faq.emptyText) }
        return .div(.class("faq card"), .forEach(articles) { article in
            Tag.element("details", [("class", "faq-item")], [
                Tag.element("summary", [], [.text(article.title)]),
                paragraphs(article.body),
                .p(.a(.href("/faq/\(article.id ?? 0)"), .text("单独查看"))),
            ])
        })
    }

    static func publicDetail(_ article: Article, section: ArticleSection, attachment: StoredFile?) -> Body {
        let id = article.id ?? 0
        return .article(
            .class("content-page article card"),
            .nav(.class("breadcrumbs"), .a(.href("/"), .text("首页")), .text(" / "),
                 .a(.href("/" + section.rawValue), .text(section.label))),
            .h1(.text(article.title)),
            .p(.class("muted article-meta"),
               .text((section == .notices ? "级别：\(levelText(article))　" : "")
                     + "发布单位：\(article.publisher)　发布日期：\(day(article.publishedAt))")),
            .if(section == .finance, UI.details(financeDetails(article))),
            paragraphs(article.body),
            .unwrap(attachment) { file in
                .p(.class("attachment"), .text("附件："),
                   .a(.href("/\(section.rawValue)/\(id)/attachment"), .text(file.name)))
            },
            .p(UI.buttonLink("返回\(section.label)", url: "/" + section.rawValue))
        )
    }

    /// One column of the home page: the latest articles of a section (of one level, for announcements) and its
    /// 更多 link.
    static func homeColumn(_ section: ArticleSection, level: ArticleLevel? = nil, articles: [Article]) -> Body {
        let more = "/" + section.rawValue + (level.map { "?level=" + $0.rawValue } ?? "")
        let title = level?.announcementsTitle ?? section.label
        return .div(
            .class("column card"),
            .h2(.a(.href(more), .text(title)),
                .a(.class("more"), .href(more), .attribute(named: "aria-label", value: "更多\(title)"), .text("更多"))),
            articles.isEmpty ? UI.emptyState(section.emptyText) : .ul(.class("column-list"), .forEach(articles) { article in
                .li(.a(.href("/\(section.rawValue)/\(article.id ?? 0)"), .text(article.title)),
                    .if(level == .province, .span(.class("muted region"),
                                                  .text(ArticleLevel.province(article.region)?.name ?? ""))),
                    .span(.class("muted date"), .text(day(article.publishedAt))))
            })
        )
    }
}

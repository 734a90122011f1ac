import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// 系统管理 → 内容管理: the platform administrator writes every section (and the showcase text); the national
/// centre writes notices and policy documents. Drafts stay private until 发布; 撤回 takes an article off the public
/// site; only unpublished articles can be deleted, after a confirmation. Every change is audited.
struct ContentAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let content = routes.grouped(Page.content)
        content.get(use: list)
        content.get("new", use: new)
        content.on(.POST, body: .collect(maxSize: "20mb"), use: create)
        let showcaseText = content.grouped(Access.platformAdmin)
        showcaseText.get("showcase", use: showcase)
        showcaseText.post("showcase", use: saveShowcase)
        content.get(":id", use: edit)
        content.on(.POST, ":id", body: .collect(maxSize: "20mb"), use: update)
        content.post(":id", "publish", use: publish)
        content.post(":id", "withdraw", use: withdraw)
        content.post(":id", "delete", use: delete)
    }

    /// What the form posts; also what it shows again with errors.
    struct ArticleForm: Content {
        var section: String?
        var title: String?
        var body: String?
        var publisher: String?
        var pinned: String?
        var bank: String?
        var productType: String?
        var amountRange: String?
        var term: String?
        var rate: String?
        var contact: String?
        var attachment: File?
        /// 部级 / 省级 (announcements only) and the province's code for 省级.
        var level: String?
        var region: String?
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = ArticleList()
        return try await list.respond(req) { page, filter, viewer in
            ContentViews.adminList(list.configured(for: user), page: page, filter: filter, viewer: viewer,
                                   showcase: user.role == .platformAdmin)
        }
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let section = req.query[String.self, at: "section"].flatMap(ArticleSection.init(rawValue:))
            .flatMap { $0.editors.contains(user.role) ? $0 : nil } ?? ArticleSection.editable(by: user.role).first
        let form = ArticleForm(section: section?.rawValue,
                               publisher: user.organizationName ?? Self.defaultPublisher(user),
                               level: ArticleLevel.ministry.rawValue)
        return try await page(req, user: user, form: form, errors: FormErrors(), article: nil, attachment: nil)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(ArticleForm.self)
        let article = Article()
        article.status = .draft
        article.createdBy = user.id
        article.createdAt = req.now
        let (validation, section) = validate(form, user: user)
        var errors = validation
        if errors.isEmpty { errors = try await keepAttachment(form, into: article, req: req, user: user) }
        guard errors.isEmpty, let section else {
            return try await page(req, user: user, form: form, errors: errors, article: nil, attachment: nil,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        apply(form, section: section, to: article, user: user, now: req.now)
        try await article.create(on: req.db)
        let id = String(article.id ?? 0)
        try await req.audit.record(.create, targetType: "article", targetID: id,
                                   detail: "\(section.label)：\(article.title)（草稿）")
        return req.redirect(to: "/admin/content/\(id)", flash: Flash(kind: .success, message: "已保存为草稿"))
    }

    @Sendable func edit(req: Request) async throws -> HTMLPage {
        let (user, article) = try await editable(req)
        let form = ArticleForm(section: article.section.rawValue, title: article.title, body: article.body,
                               publisher: article.publisher, pinned: article.pinned ? "1" : nil, bank: article.bank,
                               productType: article.productType, amountRange: article.amountRange, term: article.term,
                               rate: article.rate, contact: article.contact, level: article.level.rawValue,
                               region: article.region)
        return try await page(req, user: user, form: form, errors: FormErrors(), article: article,
                              attachment: try await attachment(of: article, on: req.db))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let (user, article) = try await editable(req)
        let form = try req.content.decode(ArticleForm.self)
        let (validation, section) = validate(form, user: user)
        var errors = validation
        if errors.isEmpty { errors = try await keepAttachment(form, into: article, req: req, user: user) }
        guard errors.isEmpty, let section else {
            return try await page(req, user: user, form: form, errors: errors, article: article,
                                  attachment: try await attachment(of: article, on: req.db), status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let before = article.title
        apply(form, section: section, to: article, user: user, now: req.now)
        try await article.save(on: req.db)
        if article.isPublished { try await req.publicContentChanged() }
        let id = String(article.id ?? 0)
        try await req.audit.record(.update, targetType: "article", targetID: id,
                                   detail: before == article.title ? article.title : "\(before) → \(article.title)")
        return req.redirect(to: "/admin/content/\(id)", flash: Flash(kind: .success, message: "已保存"))
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let (user, article) = try await editable(req)
        let id = article.id ?? 0
        guard !article.isPublished else {
            return req.redirect(to: "/admin/content/\(id)", flash: Flash(kind: .info, message: "该内容已发布"))
        }
        article.publishedAt = req.now
        return try await move(article, to: .published, by: user, action: "发布", done: "已发布，公众可以看到", req: req)
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        let (user, article) = try await editable(req)
        let id = article.id ?? 0
        guard article.isPublished else {
            return req.redirect(to: "/admin/content/\(id)", flash: Flash(kind: .info, message: "该内容尚未发布"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "撤回内容", message: "确定撤回“\(article.title)”吗？撤回后公众将无法看到该内容。",
                action: "/admin/content/\(id)/withdraw", cancel: "/admin/content/\(id)", context: context))
                .encodeResponse(for: req)
        }
        return try await move(article, to: .withdrawn, by: user, action: "撤回", done: "已撤回", req: req)
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let (_, article) = try await editable(req)
        let id = article.id ?? 0
        guard !article.isPublished else {
            return req.redirect(to: "/admin/content/\(id)",
                                flash: Flash(kind: .error, message: "已发布的内容不能直接删除，请先撤回"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除内容", message: "确定删除“\(article.title)”吗？删除后不可恢复。",
                action: "/admin/content/\(id)/delete", cancel: "/admin/content/\(id)", context: context))
                .encodeResponse(for: req)
        }
        try await article.delete(on: req.db)
        try await req.audit.record(.delete, targetType: "article", targetID: String(id),
                                   detail: "\(article.section.label)：\(article.title)")
        return req.redirect(to: Page.content.path, flash: Flash(kind: .success, message: "已删除"))
    }

    // MARK: Showcase text

    @Sendable func showcase(req: Request) async throws -> HTMLPage {
        let text = try await ShowcaseText.load(on: req.db)
        let maker = try await MakerContest.load(on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("平台展示文字", context, ContentViews.showcaseForm(
            concept: text.concept, significance: text.significance, makerContest: maker, errors: FormErrors(),
            context: context)))
    }

    @Sendable func saveShowcase(req: Request) async throws -> Response {
        struct Posted: Content {
            var concept: String?
            var significance: String?
            var makerContest: String?
        }
        let posted = try req.content.decode(Posted.self)
        let concept = (posted.concept ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let significance = (posted.significance ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        for (key, label, value) in [("concept", "概念介绍", concept), ("significance", "成效意义", significance)] {
            if value.isEmpty { errors[key] = "请填写\(label)" } else if value.count > ShowcaseText.maxLength {
                errors[key] = "\(label)不能超过 \(ShowcaseText.maxLength) 字"
            }
        }
        // The 创客大赛 address: left out, it stays as it is.
        let makerText = String((posted.makerContest ?? "").prefix(2 * MakerContest.maxLength))
        var maker: String?
        if posted.makerContest != nil {
            switch MakerContest.validate(makerText) {
            case .success(let url): maker = url
            case .failure(let error): errors["makerContest"] = error.message
            }
        }
        guard errors.isEmpty else {
            let context = try await req.pageContext()
            return try await HTMLPage(Layout.shell("平台展示文字", context, ContentViews.showcaseForm(
                concept: concept, significance: significance, makerContest: makerText, errors: errors,
                context: context)),
                status: .unprocessableEntity).encodeResponse(for: req)
        }
        try await ShowcaseText(concept: concept, significance: significance).save(on: req.db)
        if let maker, maker != (try await MakerContest.load(on: req.db)) {
            try await MakerContest.save(maker, on: req.db)
            try await req.audit.record(.update, targetType: "setting", targetID: MakerContest.key,
                                       detail: "创客大赛平台地址改为 \(maker)")
        }
        // The home links the 创客大赛 address: bumped once both are saved, so no page is kept with the old one.
        try await req.publicContentChanged()
        try await req.audit.record(.update, targetType: "showcase", detail: "修改平台展示页的概念介绍与成效意义")
        return req.redirect(to: "/admin/content/showcase", flash: Flash(kind: .success, message: "已保存，平台展示页已更新"))
    }

    // MARK: Helpers

    static func defaultPublisher(_ user: CurrentUser) -> String {
        user.role == .national ? "科技部火炬中心" : "平台运营单位"
    }

    /// The article of the path, when the signed-in editor may write its section; 404 otherwise.
    /// Puts `article` in `status` as `user`'s change, records the action in the audit log and returns to the
    /// article saying `done`.
    private func move(_ article: Article, to status: ArticleStatus, by user: CurrentUser, action: String, done: String,
                      req: Request) async throws -> Response {
        let id = article.id ?? 0
        article.status = status
        article.updatedAt = req.now
        article.updatedBy = user.id
        try await article.save(on: req.db)
        try await req.publicContentChanged()
        try await req.audit.record(.update, targetType: "article", targetID: String(id), detail: "\(action)：\(article.title)")
        return req.redirect(to: "/admin/content/\(id)", flash: Flash(kind: .success, message: done))
    }

    private func editable(_ req: Request) async throws -> (CurrentUser, Article) {
        let user = try req.requireUser()
        guard let article = try await Article.find(try req.requireID(), on: req.db),
              article.section.editors.contains(user.role)
        else { throw AppError.notFound() }
        return (user, article)
    }

    private func attachment(of article: Article, on db: any Database) async throws -> StoredFile? {
        guard let id = article.attachmentID else { return nil }
        return try await StoredFile.find(id, on: db)
    }

    static let financeFields: [(key: String, label: String, required: Bool)] = [
        ("bank", "银行/机构", true), ("productType", "产品类型", true), ("amountRange", "额度范围", false),
        ("term", "贷款期限", false), ("rate", "利率说明", false), ("contact", "联系方式", false),
    ]

    static let maxBody = 20_000

    private func validate(_ form: ArticleForm, user: CurrentUser) -> (FormErrors, ArticleSection?) {
        var errors = FormErrors()
        let section = form.section.flatMap(ArticleSection.init(rawValue:))
        if section == nil || section?.editors.contains(user.role) != true { errors["section"] = "请选择栏目" }
        let title = trimmed(form.title)
        if title.isEmpty { errors["title"] = "请填写标题" } else if title.count > 100 { errors["title"] = "标题不能超过 100 字" }
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty {
            errors["body"] = section == .finance ? "请填写产品介绍" : "请填写正文"
        } else if body.count > Self.maxBody {
            errors["body"] = "正文不能超过 \(Self.maxBody) 字"
        }
        let publisher = trimmed(form.publisher)
        if publisher.isEmpty { errors["publisher"] = "请填写发布单位" } else if publisher.count > 50 {
            errors["publisher"] = "发布单位不能超过 50 字"
        }
        if section == .finance {
            for field in Self.financeFields {
                let value = trimmed(financeValue(form, field.key))
                if field.required, value.isEmpty { errors[field.key] = "请填写\(field.label)" }
                if value.count > 100 { errors[field.key] = "\(field.label)不能超过 100 字" }
            }
        }
        if section == .notices {
            // A form without a level (an older client) writes 部级, as every article written before levels reads.
            let level = trimmed(form.level)
            switch level.isEmpty ? .ministry : ArticleLevel(rawValue: level) {
            case nil: errors["level"] = "请选择公告级别"
            case .ministry: break
            case .province:
                if ArticleLevel.province(trimmed(form.region)) == nil { errors["region"] = "省级公告请选择所属省份" }
            }
        }
        return (errors, section)
    }

    private func financeValue(_ form: ArticleForm, _ key: String) -> String? {
        switch key {
        case "bank": form.bank
        case "productType": form.productType
        case "amountRange": form.amountRange
        case "term": form.term
        case "rate": form.rate
        default: form.contact
        }
    }

    private func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func optional(_ value: String?) -> String? {
        let value = trimmed(value)
        return value.isEmpty ? nil : value
    }

    private func apply(_ form: ArticleForm, section: ArticleSection, to article: Article, user: CurrentUser, now: Date) {
        article.section = section
        article.title = trimmed(form.title)
        article.body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        article.publisher = trimmed(form.publisher)
        article.pinned = form.pinned == "1"
        let finance = section == .finance
        article.bank = finance ? optional(form.bank) : nil
        article.productType = finance ? optional(form.productType) : nil
        article.amountRange = finance ? optional(form.amountRange) : nil
        article.term = finance ? optional(form.term) : nil
        article.rate = finance ? optional(form.rate) : nil
        article.contact = finance ? optional(form.contact) : nil
        // Only announcements carry a level; a 部级 one, and every other article, names no province.
        let level = section == .notices ? ArticleLevel(rawValue: trimmed(form.level)) ?? .ministry : .ministry
        article.level = level
        article.region = level == .province ? trimmed(form.region) : ""
        article.updatedBy = user.id
        article.updatedAt = now
    }

    /// What an attachment may be: documents, spreadsheets, scans and archives.
    static let attachmentKinds: Set<FileKind> = [.pdf, .docx, .xlsx, .zip, .jpeg, .png]

    /// Keeps a newly chosen attachment (replacing the old one); a file of the wrong type becomes the field's error.
    private func keepAttachment(_ form: ArticleForm, into article: Article, req: Request, user: CurrentUser)
        async throws -> FormErrors
    {
        var errors = FormErrors()
        guard let file = form.attachment, file.data.readableBytes > 0 else { return errors }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-article-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: file.data).write(to: url)
        do {
            let stored = try await req.files.keep(url, name: file.filename, purpose: "article", owner: user.id,
                                                  allowed: Self.attachmentKinds)
            article.attachmentID = stored.id
        } catch let error as AppError {
            errors["attachment"] = error.message
        }
        return errors
    }

    private func page(_ req: Request, user: CurrentUser, form: ArticleForm, errors: FormErrors, article: Article?,
                      attachment: StoredFile?, status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let title = article == nil ? "新增内容" : "编辑内容"
        return HTMLPage(Layout.shell(title, context, ContentViews.articleForm(
            form, errors: errors, article: article, attachment: attachment,
            sections: ArticleSection.editable(by: user.role), context: context)), status: status)
    }
}

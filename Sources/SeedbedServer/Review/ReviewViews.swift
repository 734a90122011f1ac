import Foundation
import Plot
import SeedbedDomain

enum ReviewViews {
    static let statusOptions = [SelectOption(value: "", label: "全部")]
        + FilingStatus.allCases.filter { $0 != .draft }.map { SelectOption(value: $0.rawValue, label: $0.label) }

    /// `now` is the request's clock, so the year choices follow the platform's notion of today.
    static func list(_ list: ReviewList, page: Paged<ReviewRow>, filter: ReviewList.Filter, viewer: ListViewer,
                     batchable: Bool, csrf: String, now: Date) -> Node<HTML.BodyContext> {
        func link(kind: FilingKind, tab: String) -> String { "/reviews?kind=\(kind.rawValue)&tab=\(tab)" }
        var fields = [FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码")]
        if filter.tab == "all" {
            fields.append(FieldSpec(label: "审核状态", name: "status", value: filter.status?.rawValue ?? "",
                                    kind: .select(statusOptions)))
        }
        if filter.kind == .annualReport {
            let thisYear = LocalDate(chinaTimeOf: now).year
            fields.append(FieldSpec(label: "年度", name: "year", value: filter.year.map(String.init) ?? "",
                                    kind: .select([SelectOption(value: "", label: "全部")]
                                        + (thisYear - 6...thisYear - 1).reversed().map { SelectOption(value: String($0), label: "\($0) 年度") })))
        }
        let exportQuery = URLQuery.encode(list.queryItems(filter))
        let backURL = "/reviews?" + exportQuery
        return .group(
            UI.pageHeader(filter.kind.label + (filter.tab == "pending" ? "审核" : "查询")),
            .nav(.class("tabs"),
                 .forEach(ReviewList.kinds) { kind in
                     .a(.href(link(kind: kind, tab: filter.tab)), .if(kind == filter.kind, .class("active")), .text(kind.label))
                 }),
            .nav(.class("tabs"),
                 .a(.href(link(kind: filter.kind, tab: "pending")), .if(filter.tab == "pending", .class("active")), .text("待我审核")),
                 .a(.href(link(kind: filter.kind, tab: "all")), .if(filter.tab == "all", .class("active")), .text("全部（查询）"))),
            UI.queryBar(action: Page.reviews.path, fields: fields + [], exportURL: "/exports/\(ReviewList.id)?" + exportQuery)
                .withHidden([("kind", filter.kind.rawValue), ("tab", filter.tab)]),
            list.table(page, viewer: viewer, emptyText: filter.tab == "pending" ? "暂无待审核的记录" : "没有符合条件的记录",
                       selection: batchable ? { String($0.id) } : nil),
            .if(batchable && !page.items.isEmpty, .form(
                .id("batch-form"), .method(.post), .action("/reviews/batch"), .class("inline"),
                .attribute(named: "data-confirm", value: "确定将勾选的记录全部审核通过吗？"),
                UI.csrfField(csrf), UI.hidden("back", backURL),
                UI.submit("批量通过", style: "primary")
            )),
            UI.pagination(page.info, baseURL: Page.reviews.path, query: list.queryItems(filter))
        )
    }

    static func detail(record: FilingRecord, filing: Filing, kind: FilingKind, enterprise: Enterprise,
                       definition: FormDefinition, values: [String: String], history: ReviewHistory,
                       opinionNames: OpinionNames, canDecide: Bool, verdicts: Set<ReviewVerdict>,
                       previous: Int?, next: Int?, query: String, csrf: String,
                       dictionaries: [DictionaryID: DataDictionary] = [:],
                       extra: Node<HTML.BodyContext> = .empty) -> Node<HTML.BodyContext> {
        let suffix = query.isEmpty ? "" : "?" + query
        let listURL = Page.reviews.path + suffix
        let nextURL = next.map { "/reviews/\($0)" + suffix } ?? listURL
        let title = "\(enterprise.name) · \(kind.label)" + (record.year.map { "（\($0) 年度）" } ?? "")
        return .group(
            UI.pageHeader(title, actions: [
                canDecide ? reviewDialogButton : .empty,
                UI.buttonLink("审批意见", url: "#opinions"),
                previous.map { UI.buttonLink("上一条", url: "/reviews/\($0)" + suffix) } ?? .empty,
                // After the last one, back to the list (seed 004 §2.1).
                next.map { UI.buttonLink("下一条", url: "/reviews/\($0)" + suffix) } ?? UI.buttonLink("返回列表", url: listURL),
            ]),
            FilingViews.banner(FilingState(status: filing.status, version: filing.version, editable: false, submittable: false,
                                           lockedReason: nil, latestReason: history.latestReason,
                                           pendingLabel: filing.pendingReviewer?.label)),
            .section(.class("card"), UI.details([
                (EnterpriseRecordForm.name.label, enterprise.name), (EnterpriseRecordForm.uscc.label, enterprise.uscc),
                ("所属地区", RegionTable.shipped.fullName(of: enterprise.regionCode)),
                ("提交轮次", "第 \(filing.round) 轮"),
            ])),
            attachments(definition, values: values),
            extra,
            .if(canDecide, reviewBox(record: record, filing: filing, verdicts: verdicts, back: nextURL, csrf: csrf)),
            FilingViews.detail(definition, values: values, dictionaries: dictionaries),
            FilingViews.history(history, names: opinionNames)
        )
    }

    /// Uploaded files of the filing (licence, proof), each a scoped download.
    static func attachments(_ definition: FormDefinition, values: [String: String]) -> Node<HTML.BodyContext> {
        let files = definition.fields.filter { $0.kind == .file }.compactMap { field -> (String, Int)? in
            guard let id = InputNumber.integer(values[field.id.rawValue], in: InputRange.id) else { return nil }
            return (field.label, id)
        }
        guard !files.isEmpty else { return .empty }
        return .section(.class("card"), .h2(.text("附件")), .ul(.forEach(files) { file in
            .li(.text(file.0 + "："), .a(.href("/files/\(file.1)"), .text("下载查看")))
        }))
    }

    /// Opens the 审核 dialog; hidden until app.js has moved the review form into a <dialog>.
    static var reviewDialogButton: Node<HTML.BodyContext> {
        Tag.element("button", [("type", "button"), ("class", "btn btn-primary"), ("data-open-dialog", "review-box"),
                               ("hidden", "hidden")],
                    [.text("审核")])
    }

    /// The 审核 dialog: a verdict, an opinion (required to return or refuse), the version decided on. Inline in
    /// the page (the fallback without JavaScript); app.js turns it into a dialog.
    static func reviewBox(record: FilingRecord, filing: Filing, verdicts: Set<ReviewVerdict>, back: String, csrf: String)
        -> Node<HTML.BodyContext>
    {
        let ordered = [ReviewVerdict.approve, .returnForRevision, .reject].filter { verdicts.contains($0) }
        return .form(
            .method(.post), .action("/reviews/\(record.id ?? 0)/decide"), .class("card review-box stacked"), .id("review-box"),
            .h2(.text("审核")),
            UI.csrfField(csrf), UI.hidden("version", String(filing.version)), UI.hidden("back", back),
            .div(.class("verdicts"), .forEach(ordered) { verdict in
                .label(Tag.void("input", [("type", "radio"), ("name", "verdict"), ("value", verdict.rawValue),
                                          ("required", "required")]),
                       .text(" " + FilingViews.verdictLabel(verdict)))
            }),
            UI.field(FieldSpec(label: "审核意见", name: "opinion", kind: .textarea,
                               help: "退回修改、不通过时必须填写原因；企业将看到此意见", maxLength: 1000)),
            .div(.class("form-actions"), UI.submit("确定"),
                 Tag.element("button", [("type", "button"), ("class", "btn btn-secondary"), ("data-close-dialog", "1"),
                                        ("hidden", "hidden")], [.text("取消")]))
        )
    }
}

extension Node where Context == HTML.BodyContext {
    /// A query bar with hidden inputs carried along (the kind and tab of a review list).
    func withHidden(_ items: [(String, String)]) -> Node<HTML.BodyContext> {
        .group(self, .forEach(items) { item in
            Tag.void("input", [("type", "hidden"), ("name", item.0), ("value", item.1), ("form", "query-bar-form")])
        })
    }
}

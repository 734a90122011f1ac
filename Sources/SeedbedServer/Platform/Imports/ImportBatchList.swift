import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 我的导入记录: a person's own import batches, searchable by file name, filterable by kind and status, paged and
/// exported like every other list. Batches belong to whoever uploaded them, so the list is configured per user.
struct ImportBatchList: ModelListDefinition {
    struct Filter: Sendable {
        var q = ""
        var kind = ""
        var status: ImportStatus?
    }

    static let id = "imports"
    let title = "我的导入记录"
    var roles: Set<Role> { ImportController.access.roles }
    /// The signed-in uploader; 0 (nobody) until `configured(for:)`.
    var ownerID = 0

    func configured(for user: CurrentUser) -> ImportBatchList {
        var list = self
        list.ownerID = user.id
        return list
    }

    var columns: [ListColumn<ImportBatch>] {
        [
            ListColumn("上传时间", width: 20) { row, _ in .dateTime(row.createdAt) },
            ListColumn("类型", width: 14) { row, _ in .text(ImportKinds.all[row.kind]?.title ?? row.kind) },
            ListColumn("文件", width: 30) { row, _ in .text(row.fileName) },
            ListColumn("总行数", width: 10) { row, _ in .integer(row.totalRows) },
            ListColumn("有效", width: 10) { row, _ in .integer(row.validRows) },
            ListColumn("有误", width: 10) { row, _ in .integer(row.invalidRows) },
            ListColumn("已写入", width: 10) { row, _ in .integer(row.insertedRows) },
            ListColumn("状态", width: 10) { row, _ in
                .badge(row.status.label, tone: row.status == .committed ? "success"
                    : row.status == .failed || row.status == .expired ? "danger" : "warning")
            },
            ListColumn("说明", width: 40) { row, _ in .text(row.message ?? "") },
            ListColumn("操作", width: 8) { row, _ in
                (row.commitJobID ?? row.validationJobID).map { .link("查看", href: "/jobs/\($0)") } ?? .empty
            },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q", max: 64),
               kind: ImportKinds.all[query["kind"] ?? ""] == nil ? "" : query["kind"] ?? "",
               status: query["status"].flatMap(ImportStatus.init(rawValue:)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("kind", filter.kind), ("status", filter.status?.rawValue ?? "")].filter { !$0.1.isEmpty }
    }

    var newest: KeyPath<ImportBatch, FieldProperty<ImportBatch, Date>> { \.$createdAt }

    func query(_ filter: Filter, on db: any Database) -> QueryBuilder<ImportBatch> {
        let query = ImportBatch.query(on: db).filter(\.$ownerID == ownerID)
        if !filter.q.isEmpty { query.filter(\.$fileName ~~ filter.q) }
        if !filter.kind.isEmpty { query.filter(\.$kind == filter.kind) }
        if let status = filter.status { query.filter(\.$status == status) }
        return query
    }

    /// The query bar of the list.
    func queryBar(_ filter: Filter, kinds: [any ImportKind]) -> Node<HTML.BodyContext> {
        let kindOptions = [SelectOption(value: "", label: "全部")] + kinds.map { SelectOption(value: $0.id, label: $0.title) }
        let statusOptions = [SelectOption(value: "", label: "全部")] + ImportStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        return UI.queryBar(action: "/imports", fields: [
            FieldSpec(label: "文件名", name: "q", value: filter.q),
            FieldSpec(label: "类型", name: "kind", value: filter.kind, kind: .select(kindOptions)),
            FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(statusOptions)),
        ], exportURL: AdminViews.exportURL(self, filter))
    }
}

import Fluent
import Foundation
import SeedbedDomain
import TextFormatting
import Vapor

/// What the export path needs from a spreadsheet writer: one sheet, a header row, typed cells, streamed.
protocol TableWriter: AnyObject {
    func begin(sheet: String, columns: [(header: String, width: Int)]) throws
    func append(_ cells: [ListCell]) throws
    func finish() throws
}

/// A list whose type is forgotten, so the export route and job can find it by id.
struct ExportableList: Sendable {
    let id: String
    let title: String
    let roles: Set<Role>
    let count: @Sendable (_ query: [String: String], _ user: CurrentUser, _ app: Application, _ db: any Database)
        async throws -> Int
    let describe: @Sendable (_ query: [String: String]) -> String
    let write: @Sendable (_ query: [String: String], _ user: CurrentUser, _ app: Application, _ db: any Database,
                          _ writer: any TableWriter, _ progress: @Sendable (Int) async throws -> Void) async throws -> Int

    /// Rows read per batch: a keyset batch costs one indexed range read however deep it lies, so a city's 300 000
    /// enterprises are 60 selects rather than 300.
    static let batchSize = 5_000

    init<L: ListDefinition>(_ list: L) {
        id = list.exportID
        title = list.title
        roles = list.roles
        count = { query, user, app, db in
            let list = try await list.configured(for: user).prepared(on: app)
            return try await list.count(list.filter(from: query), scope: user.scope, on: db)
        }
        describe = { query in
            let items = list.queryItems(list.filter(from: query))
            return items.isEmpty ? "全部" : items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
        write = { query, user, app, db, writer, progress in
            let list = try await list.configured(for: user).prepared(on: app)
            let scope = user.scope
            let viewer = ListViewer(role: user.role)
            let filter = list.filter(from: query)
            let columns = list.columns(for: filter)
            try writer.begin(sheet: list.title, columns: [("序号", 8)] + columns.map { ($0.header, $0.width) })
            var written = 0
            try await list.batches(filter, scope: scope, size: Self.batchSize, on: db) { rows in
                for row in rows {
                    written += 1
                    try writer.append([.integer(written)] + columns.map { $0.cell(row, viewer) })
                }
                try await progress(written)
            }
            try writer.finish()
            return written
        }
    }
}

/// Every list that can be exported, by id.
enum ExportableLists {
    static let all: [String: ExportableList] = {
        let lists = [
            ExportableList(EnterpriseList()), ExportableList(UserList()), ExportableList(OrganizationList()),
            ExportableList(LoginLogList()), ExportableList(AuditLogList()), ExportableList(SMSList()),
            ExportableList(ReviewList()), ExportableList(CustomQueryList()), ExportableList(ImportBatchList()),
            ExportableList(MajorChangeList()), ExportableList(ProductList()), ExportableList(MessageList()),
            ExportableList(AnnualReportList()),
            ExportableList(OverviewList()),
            ExportableList(SchemeList()), ExportableList(RunList()), ExportableList(ScoreResultList()),
            ExportableList(MyScoreList()), ExportableList(EstimateBatchList()), ExportableList(EstimateList()),
            ExportableList(PeriodList()), ExportableList(ExpressList()), ExportableList(ArticleList()),
            ExportableList(RecognisedList()),
            ExportableList(IPRecordList()),
            ExportableList(CreditRatingList()),
            ExportableList(PolicyMatchList()),
            ExportableList(FinanceApplicationList()),
            ExportableList(VoucherList()),
            ExportableList(TodoList()),
        ] + LibraryPageSpec.all.compactMap { LibraryList(spec: $0) }.map { ExportableList($0) }
        return Dictionary(lists.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }()
}

/// 导出 Excel for every list: up to `AppConfig.exportDirectRows` rows (10 000 unless configured) the file downloads
/// at once; above, a job writes it with a progress bar and the file is kept 24 hours. Each export is audited with
/// its filters and row count. Starting one is a POST (the list's filters ride in the query string), so no link or
/// prefetch starts a job.
struct ExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("exports", ":list", use: export)
    }

    @Sendable func export(req: Request) async throws -> Response {
        guard let list = req.parameters.get("list").flatMap({ ExportableLists.all[$0] }) else {
            throw AppError.notFound()
        }
        let user = try req.requireRole(list.roles)
        var query = req.queryDictionary
        query["page"] = nil
        query["per"] = nil
        let total = try await list.count(query, user, req.application, req.db)
        let filters = list.describe(query)
        if total > req.config.exportDirectRows {
            let id = try await req.application.jobs.enqueue(
                kind: ExportJob.kind, title: "导出\(list.title)（\(total.formatted()) 行）",
                payload: ExportJob.Payload(list: list.id, query: query), owner: user, on: req.db, now: req.now)
            try await req.audit.record(.export, targetType: list.id, targetID: "job:\(id)",
                                       detail: "筛选：\(filters)；\(total) 行（后台任务）")
            return req.redirect(to: "/jobs/\(id)")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-export-\(UUID().uuidString).xlsx")
        let writer = try req.application.spreadsheets.tableWriter(url)
        let rows = try await list.write(query, user, req.application, req.db, writer) { _ in }
        try await req.audit.record(.export, targetType: list.id, detail: "筛选：\(filters)；\(rows) 行")
        return try await req.downloadXLSX(url, name: "\(list.title)-\(Self.stamp(req.now)).xlsx")
    }

    static func stamp(_ date: Date) -> String {
        let (day, second) = LocalDate.chinaTime(of: date)
        let (year, month, dayOfMonth) = day.components
        let pad = CivilCalendar.padded
        return pad(year, 4) + pad(month, 2) + pad(dayOfMonth, 2) + pad(second / 3600, 2) + pad(second / 60 % 60, 2)
    }
}

/// The background half of a large export.
struct ExportJob: JobHandler {
    static let kind = "export.list"
    var kind: String { Self.kind }

    struct Payload: Codable, Sendable {
        let list: String
        let query: [String: String]
    }

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        guard let list = ExportableLists.all[payload.list], list.roles.contains(context.owner.role) else {
            throw AppError.forbidden("您没有导出该列表的权限")
        }
        let total = try await list.count(payload.query, context.owner, context.application, context.db)
        try await context.progress(done: 0, total: total, message: "正在导出……")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-export-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try context.application.spreadsheets.tableWriter(url)
        let rows = try await list.write(payload.query, context.owner, context.application, context.db, writer) { done in
            try await context.progress(done: done, total: max(total, done))
        }
        let file = try await Files(app: context.application, db: context.db)
            .keep(url, name: "\(list.title)-\(ExportController.stamp(context.now())).xlsx", purpose: "export",
                  owner: context.owner.id, allowed: [.xlsx], expiresAt: context.now().addingTimeInterval(86_400))
        return JobOutcome(
            result: JobResultView(figures: [.init(label: "导出行数", value: rows.formatted())],
                                  notes: ["文件保留 24 小时，过期自动删除。"]).encoded(),
            outputFileID: file.id, message: "导出完成，共 \(rows.formatted()) 行")
    }
}

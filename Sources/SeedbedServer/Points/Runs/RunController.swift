import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 积分计算 for the national centre and zones: start a run (a job with a progress bar), review its figures,
/// publish it. A run covers the starter's data scope; only its owner sees it before publication.
struct RunController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let runs = routes.grouped(Page.runs)
        runs.get(use: list)
        runs.post(use: create)
        runs.get(":id", use: show)
        runs.post(":id", "publish", use: publish)
    }

    static func years(_ now: Date) -> [Int] {
        let year = LocalDate(chinaTimeOf: now).year
        return Array((year - 5)...(year - 1)).reversed()
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = RunList().configured(for: user)
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let schemes = try await SchemeCatalog(db: req.db).usable(by: PointsAccess(user))
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(list.title, context, RunViews.list(
            list, page: page, filter: filter, viewer: ListViewer(role: user.role), schemes: schemes,
            years: Self.years(req.now), canCreate: PointsAccess(user).ownerForNew != nil, context: context)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let access = PointsAccess(user)
        guard let owner = access.ownerForNew else { throw AppError.forbidden("您的账号未关联高新区，不能计算积分") }
        let year = req.contentInteger("year", in: InputRange.year) ?? 0
        let schemeID = req.contentInteger("scheme", in: InputRange.id) ?? 0
        guard Self.years(req.now).contains(year) else {
            return req.redirect(to: Page.runs.path, flash: Flash(kind: .error, message: "请选择计算年度"))
        }
        guard let record = try await SchemeCatalog(db: req.db).usable(by: access).first(where: { $0.id == schemeID }) else {
            return req.redirect(to: Page.runs.path, flash: Flash(kind: .error, message: "请选择已发布的积分方案"))
        }
        let run: ScoringRun
        do {
            run = try await RunService(db: req.db, now: req.now).create(
                scheme: record, year: year, owner: owner, scopeLabel: WorkbenchController.describe(user.scope, user: user),
                createdBy: user.id)
        } catch let error as any CodedError {
            return req.redirect(to: Page.runs.path, flash: Flash(kind: .error, message: error.message))
        }
        guard let runID = run.id else { throw AppError.notFound() }
        let jobID = try await req.application.jobs.enqueue(
            kind: ScoringRunJob.kind, title: "计算 \(year) 年度创新积分（\(record.name)）",
            payload: ScoringRunJob.Payload(runID: runID), owner: user, on: req.db, now: req.now)
        run.jobID = jobID
        try await run.save(on: req.db)
        try await req.audit.record(.create, targetType: "scoring_run", targetID: String(runID),
                                   detail: "\(year) 年度，\(record.name) 第 \(record.version) 版，\(run.scopeLabel)")
        return req.redirect(to: "/jobs/\(jobID)")
    }

    /// The run of `:id` if the user manages it; otherwise 404.
    private func managed(_ req: Request) async throws -> (CurrentUser, ScoringRun, Int) {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let run = try await ScoringRun.find(id, on: req.db), PointsAccess(user).manages(owner: run.ownerOrgID) else {
            throw AppError.notFound("积分计算批次不存在或不属于您")
        }
        return (user, run, id)
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let (_, run, _) = try await managed(req)
        let summary = try await RunSummary.load(run, on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("积分计算批次", context, RunViews.detail(summary, context: context)))
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let (user, run, id) = try await managed(req)
        guard run.status == .computed else {
            return req.redirect(to: "/points/runs/\(id)", flash: Flash(
                kind: .error, message: "该批次当前状态为“\(run.status.label)”，不能发布"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "发布积分", message: "确定发布 \(run.year) 年度积分（\(run.enterprises.formatted()) 家企业）吗？发布后企业即可查看，并收到站内消息。",
                action: "/points/runs/\(id)/publish", cancel: "/points/runs/\(id)", context: context)).encodeResponse(for: req)
        }
        let notified: Int
        do {
            notified = try await RunService(db: req.db, now: req.now).publish(run, userID: user.id, actor: user, ip: req.clientIP)
        } catch let error as any CodedError {
            return req.redirect(to: "/points/runs/\(id)", flash: Flash(kind: .error, message: error.message))
        }
        return req.redirect(to: "/points/runs/\(id)", flash: Flash(
            kind: .success, message: "已发布，已通知 \(notified.formatted()) 家企业"))
    }
}

/// 积分计算 as a list: the runs the user manages.
struct RunList: ListDefinition {
    struct Filter: Sendable {
        let status: RunStatus?
        let year: Int?
    }

    struct Row: Sendable {
        let id: Int
        let year: Int
        let scheme: String
        let scope: String
        let status: RunStatus
        let enterprises: Int
        let cohorts: Int
        let createdAt: Date
        let publishedAt: Date?
    }

    static let id = "runs"
    let title = "积分计算"
    let roles = Access.pointsManagers.roles
    var access: PointsAccess?

    func configured(for user: CurrentUser) -> RunList {
        var list = self
        list.access = PointsAccess(user)
        return list
    }

    var columns: [ListColumn<Row>] {
        [
            ListColumn("批次", width: 8) { row, _ in .link("#\(row.id)", href: "/points/runs/\(row.id)") },
            ListColumn("年度", width: 8) { row, _ in .integer(row.year) },
            ListColumn("积分方案", width: 36) { row, _ in .text(row.scheme) },
            ListColumn("范围", width: 24) { row, _ in .text(row.scope) },
            ListColumn("状态", width: 12) { row, _ in
                .badge(row.status.label, tone: row.status == .published ? "success" : row.status == .failed ? "danger" : "warning")
            },
            ListColumn("参评企业", width: 10) { row, _ in .integer(row.enterprises) },
            ListColumn("比较组", width: 8) { row, _ in .integer(row.cohorts) },
            ListColumn("创建时间", width: 20) { row, _ in .dateTime(row.createdAt) },
            ListColumn("发布时间", width: 20) { row, _ in row.publishedAt.map { .dateTime($0) } ?? .empty },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(status: query["status"].flatMap(RunStatus.init(rawValue:)), year: query["year"].flatMap { Int($0) })
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("status", filter.status?.rawValue ?? ""), ("year", filter.year.map(String.init) ?? "")].filter { !$0.1.isEmpty }
    }

    /// Runs are few (a handful per owner and year): filtered in memory after the owner check.
    private func all(_ filter: Filter, on db: any Database) async throws -> [Row] {
        guard let access else { return [] }
        var query = ScoringRun.query(on: db).sort(\.$id, .descending)
        if let status = filter.status { query = query.filter(\.$status == status) }
        if let year = filter.year { query = query.filter(\.$year == year) }
        return try await query.all().filter { access.manages(owner: $0.ownerOrgID) }.compactMap { run in
            run.id.map { Row(id: $0, year: run.year, scheme: run.schemeName, scope: run.scopeLabel, status: run.status,
                             enterprises: run.enterprises, cohorts: run.cohorts, createdAt: run.createdAt,
                             publishedAt: run.publishedAt) }
        }
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await all(filter, on: db).count
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        Array(try await all(filter, on: db).dropFirst(offset).prefix(limit))
    }
}

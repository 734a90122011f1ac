import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 积分测算 (T4): the uploader's batches (测算记录), each batch's rows, and one row's breakdown. Uploading and
/// the template are the import pipeline's (`/imports/estimation`). A batch belongs to its uploader only.
struct EstimateController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let estimates = routes.grouped(Page.estimates)
        estimates.get(use: batches)
        estimates.get(":id", use: batch)
        estimates.get("rows", ":id", use: row)
    }

    @Sendable func batches(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = EstimateBatchList().configured(for: user)
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let run = try await EstimationImport.run(for: user, on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(list.title, context, EstimateViews.batches(
            list, page: page, viewer: ListViewer(role: user.role), run: run)))
    }

    @Sendable func batch(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let batch = try await ImportBatch.find(id, on: req.db), batch.ownerID == user.id,
              batch.kind == EstimationImport.kindID
        else { throw AppError.notFound("测算批次不存在或不属于您") }
        let list = EstimateList().configured(for: user)
        var query = req.queryDictionary
        query["batch"] = String(id)
        let filter = list.filter(from: query)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("测算记录", context, EstimateViews.batch(
            batch, list: list, page: page, filter: filter, viewer: ListViewer(role: user.role))))
    }

    @Sendable func row(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let estimate = try await ScoreEstimate.find(id, on: req.db), estimate.ownerID == user.id,
              let run = try await ScoringRun.find(estimate.runID, on: req.db)
        else { throw AppError.notFound("测算记录不存在或不属于您") }
        let summary = try await RunSummary.load(run, on: req.db)
        guard let scheme = summary.scheme else { throw AppError.invalid("该批次的积分方案无法读取") }
        let stage = estimate.stage.map(DevelopmentStage.init(rawValue:))
        let lines = StoredScores.lines(estimate.breakdown, scheme: scheme, stage: stage)
        var improvements: [ScoreImprovement] = []
        if estimate.isEstimate, let stage, scheme.stages.contains(stage) {
            let distribution = try await StoredScores.distribution(runID: estimate.runID, cohort: estimate.cohort,
                                                                   scheme: scheme, on: req.db)
            var facts: [FactID: Double] = [:]
            for (indicator, line) in zip(scheme.indicators, lines) { if let value = line.value { facts[indicator.fact] = value } }
            improvements = (try? distribution.improvements(facts: facts, stage: stage)) ?? []
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(estimate.name, context, EstimateViews.row(
            estimate, summary: summary, scheme: scheme, lines: lines, improvements: improvements)))
    }
}

/// 测算记录: the user's estimation batches.
struct EstimateBatchList: ListDefinition {
    struct Filter: Sendable {}

    struct Row: Sendable {
        let id: Int
        let fileName: String
        let status: ImportStatus
        let total: Int
        let valid: Int
        let invalid: Int
        let estimated: Int
        let createdAt: Date
        let jobID: Int?
    }

    static let id = "estimation-batches"
    let title = "积分测算"
    let roles = Access.government.roles
    var ownerID = 0

    func configured(for user: CurrentUser) -> EstimateBatchList {
        var list = self
        list.ownerID = user.id
        return list
    }

    var columns: [ListColumn<Row>] {
        [
            ListColumn("上传时间", width: 20) { row, _ in .dateTime(row.createdAt) },
            ListColumn("文件", width: 30) { row, _ in
                row.status == .committed ? .link(row.fileName, href: "/points/estimates/\(row.id)") : .text(row.fileName)
            },
            ListColumn("状态", width: 10) { row, _ in
                .badge(row.status == .committed ? "已测算" : row.status.label,
                       tone: row.status == .committed ? "success" : row.status == .failed ? "danger" : "warning")
            },
            ListColumn("总行 / 有效 / 有误", width: 18) { row, _ in .text("\(row.total) / \(row.valid) / \(row.invalid)") },
            ListColumn("已测算", width: 10) { row, _ in .integer(row.estimated) },
            ListColumn("操作", width: 12) { row, _ in
                row.status == .committed ? .link("查看结果", href: "/points/estimates/\(row.id)")
                    : row.jobID.map { .link("查看进度", href: "/jobs/\($0)") } ?? .empty
            },
        ]
    }

    func filter(from query: [String: String]) -> Filter { Filter() }
    func queryItems(_ filter: Filter) -> [(String, String)] { [] }

    private func query(_ db: any Database) -> QueryBuilder<ImportBatch> {
        ImportBatch.query(on: db).filter(\.$ownerID == ownerID).filter(\.$kind == EstimationImport.kindID)
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await query(db).count()
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        try await query(db).sort(\.$id, .descending).range(offset..<(offset + limit)).all().compactMap { batch in
            batch.id.map { Row(id: $0, fileName: batch.fileName, status: batch.status, total: batch.totalRows,
                               valid: batch.validRows, invalid: batch.invalidRows, estimated: batch.insertedRows,
                               createdAt: batch.createdAt, jobID: batch.commitJobID ?? batch.validationJobID) }
        }
    }
}

/// The rows of one estimation batch.
struct EstimateList: ListDefinition {
    struct Filter: Sendable {
        let batch: Int
        /// "" all, "estimate" 预估 only, "actual" 实际 only.
        let kind: String
        let q: String
    }

    struct Row: Sendable {
        let id: Int
        let rowNumber: Int
        let name: String
        let uscc: String
        let total: Double
        let rank: Int
        let cohortSize: Int
        let listName: String?
        let meetsLine: Bool
        let isEstimate: Bool
    }

    static let id = "estimates"
    let title = "测算结果"
    let roles = Access.government.roles
    var ownerID = 0

    func configured(for user: CurrentUser) -> EstimateList {
        var list = self
        list.ownerID = user.id
        return list
    }

    var columns: [ListColumn<Row>] {
        [
            ListColumn("行号", width: 8) { row, _ in .integer(row.rowNumber) },
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in .link(row.name, href: "/points/estimates/rows/\(row.id)") },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("类型", width: 8) { row, _ in row.isEstimate ? .badge("预估", tone: "warning") : .badge("实际", tone: "success") },
            ListColumn("总分", width: 10) { row, _ in .decimal(row.total, format: .money) },
            ListColumn("组内排名", width: 14) { row, _ in .text("\(row.rank) / \(row.cohortSize)") },
            ListColumn("榜单", width: 10) { row, _ in .text(row.listName ?? "未上榜") },
            ListColumn("达到分数线", width: 10) { row, _ in .text(row.meetsLine ? "是" : "否") },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(batch: query["batch"].flatMap { Int($0) } ?? 0, kind: queryText(query, "kind", max: 10), q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("batch", String(filter.batch)), ("kind", filter.kind), ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    private func query(_ filter: Filter, _ db: any Database) -> QueryBuilder<ScoreEstimate> {
        var query = ScoreEstimate.query(on: db).filter(\.$ownerID == ownerID).filter(\.$batchID == filter.batch)
        if filter.kind == "estimate" { query = query.filter(\.$isEstimate == true) }
        if filter.kind == "actual" { query = query.filter(\.$isEstimate == false) }
        if !filter.q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$name ~~ filter.q).filter(\.$uscc =~ filter.q)
            }
        }
        return query
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await query(filter, db).count()
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        let estimates = try await query(filter, db).sort(\.$rowNumber).range(offset..<(offset + limit)).all()
        var lists: [Int: [String]] = [:]
        for runID in Set(estimates.map(\.runID)) {
            lists[runID] = try await ScoringRun.find(runID, on: db).flatMap { try? $0.scheme() }?.tiers.lists.map(\.name) ?? []
        }
        return estimates.compactMap { estimate in
            guard let id = estimate.id else { return nil }
            let names = lists[estimate.runID] ?? []
            return Row(id: id, rowNumber: estimate.rowNumber, name: estimate.name, uscc: estimate.uscc, total: estimate.total,
                       rank: estimate.rank, cohortSize: estimate.cohortSize,
                       listName: names.indices.contains(estimate.listIndex) ? names[estimate.listIndex] : nil,
                       meetsLine: estimate.meetsLine, isEstimate: estimate.isEstimate)
        }
    }
}

/// Pages of 积分测算.
enum EstimateViews {
    typealias Body = Node<HTML.BodyContext>

    static func batches(_ list: EstimateBatchList, page: Paged<EstimateBatchList.Row>, viewer: ListViewer,
                        run: ScoringRun?) -> Body {
        .group(
            UI.pageHeader("积分测算", actions: [
                UI.buttonLink("下载测算模板", url: "/imports/\(EstimationImport.kindID)/template"),
                UI.buttonLink("上传测算数据", url: "/imports/\(EstimationImport.kindID)", style: "primary"),
                UI.exportButton("/exports/\(EstimateBatchList.id)"),
            ]),
            run.map { run -> Body in
                UI.alert("测算依据：\(run.year) 年度 · \(run.schemeName)（\(run.scopeLabel)）。新企业按其数据放入已发布的比较组估算排名，不改变任何已发布的积分。",
                         kind: .info)
            } ?? UI.alert("还没有已发布的积分结果，暂不能测算。", kind: .warning),
            .h2(.text("测算记录")),
            list.table(page, viewer: viewer, emptyText: "还没有测算记录"),
            UI.pagination(page.info, baseURL: Page.estimates.path, query: [])
        )
    }

    static func batch(_ batch: ImportBatch, list: EstimateList, page: Paged<EstimateList.Row>, filter: EstimateList.Filter,
                      viewer: ListViewer) -> Body {
        let base = "/points/estimates/\(filter.batch)"
        let query = URLQuery.encode(list.queryItems(filter))
        return .group(
            UI.pageHeader("测算记录：\(batch.fileName)", actions: [UI.buttonLink("返回", url: Page.estimates.path)]),
            .p(.class("muted"), .text("“预估”为按上传数据放入已发布比较组估算的积分；“实际”为已在积分结果中的企业的已发布积分。")),
            UI.queryBar(action: base, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码"),
                FieldSpec(label: "类型", name: "kind", value: filter.kind, kind: .select([
                    SelectOption(value: "", label: "全部"), SelectOption(value: "estimate", label: "预估"),
                    SelectOption(value: "actual", label: "实际"),
                ])),
            ], exportURL: "/exports/\(EstimateList.id)?" + query),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的测算结果"),
            UI.pagination(page.info, baseURL: base, query: list.queryItems(filter).filter { $0.0 != "batch" })
        )
    }

    static func row(_ estimate: ScoreEstimate, summary: RunSummary, scheme: InnovationScheme, lines: [IndicatorBreakdown],
                    improvements: [ScoreImprovement]) -> Body {
        let listName = summary.listName(estimate.listIndex)
        let label = estimate.isEstimate ? "预估" : "实际"
        return .group(
            UI.pageHeader("\(estimate.name)（\(label)）", actions: [UI.buttonLink("返回", url: "/points/estimates/\(estimate.batchID)")]),
            estimate.isEstimate
                ? UI.alert("预估积分：按上传数据放入已发布的比较组估算，其他企业的积分不变；正式积分以发布结果为准。", kind: .warning)
                : UI.alert("该企业已在积分结果中，以下为其已发布的实际积分。", kind: .info),
            .section(.class("card"), UI.details([
                (EnterpriseRecordForm.uscc.label, estimate.uscc), ("测算依据", summary.title),
                ("比较组", summary.cohortLabel(estimate.cohort)), ("发展阶段", estimate.stage ?? "—"),
                ("\(label)总分", PointsFormat.score(estimate.total)),
                ("\(label)组内排名", "第 \(estimate.rank) 名 / 共 \(estimate.cohortSize) 家"),
                ("榜单", listName ?? "未上榜"),
                ("分数线", scheme.tiers.absoluteLine.map { "\($0.name)：" + (estimate.meetsLine ? "达到" : "未达到") } ?? "未设置"),
            ])),
            ScoreDetail.indicatorTable(lines),
            .if(estimate.isEstimate, ScoreDetail.improvementsCard(improvements))
        )
    }
}

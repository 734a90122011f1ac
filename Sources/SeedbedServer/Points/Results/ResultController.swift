import Fluent
import Plot
import SeedbedDomain
import Vapor

/// Government pages over stored scores: 积分结果查询, 优秀企业榜单 (领跑榜 / 竞跑榜 / 进取榜) and one score's detail,
/// all within the reader's data scope and only for runs the reader may see.
struct ResultController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let results = routes.grouped(Page.results)
        results.get(use: self.results)
        results.get(":id", use: show)
        routes.grouped(Page.rankings).get(use: rankings)
    }

    @Sendable func results(req: Request) async throws -> HTMLPage {
        try await page(req, rankings: false)
    }

    @Sendable func rankings(req: Request) async throws -> HTMLPage {
        try await page(req, rankings: true)
    }

    private func page(_ req: Request, rankings: Bool) async throws -> HTMLPage {
        let user = try req.requireUser()
        var list = try await ScoreResultList().configured(for: user).prepared(on: req.application)
        list.title = rankings ? "优秀企业榜单" : "积分结果查询"
        var query = req.queryDictionary
        let runs = try await StoredScores.runsInScope(
            try await StoredScores.visibleRuns(for: user, on: req.db)
                .filter { $0.status == .published || $0.status == .computed },
            user: user, on: req.db)
        list.memo.keep(runs)
        if query["run"].flatMap({ Int($0) }) == nil { query["run"] = runs.first?.id.map(String.init) }
        if rankings, (query["list"] ?? "").isEmpty { query["list"] = "listed" }
        let filter = list.filter(from: query)
        let run = try await list.run(filter, on: req.db)
        var summary: RunSummary?
        var cohorts: Set<Int>?
        if let run, let runID = run.id {
            summary = try await list.memo.summary(of: run, on: req.db)
            let (scope, db) = (user.scope, req.db)
            cohorts = try await req.application.listCounts.value(
                "score_cohorts|\(runID)|\(scope)", maxAge: ScoreResultList.countMaxAge(req.application),
                now: req.now) { try await StoredScores.cohorts(runID: runID, scope: scope, on: db) }
        }
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(list.title, context, ResultViews.list(
            list, page: page, filter: filter, viewer: ListViewer(role: user.role), runs: runs, summary: summary,
            cohorts: cohorts, rankings: rankings)))
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let found = try await StoredScores.find(id, scope: user.scope, on: req.db),
              let run = try await ScoringRun.find(found.0.run_id, on: req.db), PointsAccess(user).sees(run)
        else { throw AppError.notFound("积分结果不存在或不在您的数据范围内") }
        let (row, breakdown) = found
        let summary = try await RunSummary.load(run, on: req.db)
        let context = try await req.pageContext()
        let body = try await ScoreDetail.body(row, breakdown: breakdown, summary: summary, back: "/points/results?run=\(row.run_id)",
                                              on: req.db)
        return HTMLPage(Layout.shell(row.name, context, body))
    }
}

/// One score explained: every indicator's value, cohort percentile, weight and points, its place, and what would
/// raise it. Shared by the government detail and the enterprise's own page.
enum ScoreDetail {
    typealias Body = Node<HTML.BodyContext>

    static func body(_ row: ScoreRow, breakdown: Data, summary: RunSummary, back: String, on db: any Database)
        async throws -> Body
    {
        guard let scheme = summary.scheme else { throw AppError.invalid("该批次的积分方案无法读取") }
        let stage = row.stage.map(DevelopmentStage.init(rawValue:))
        let lines = StoredScores.lines(breakdown, scheme: scheme, stage: stage)
        let improvements = try await StoredScores.improvements(row, breakdown: breakdown, scheme: scheme, on: db)
        let listName = summary.listName(row.list_index)
        let groups: [(String, String)] = IndicatorGroup.allCases.compactMap { group in
            let items = lines.filter { $0.group == group }
            guard !items.isEmpty else { return nil }
            return (group.title, PointsFormat.score(items.reduce(0) { $0 + $1.points }))
        }
        return .group(
            UI.pageHeader("\(row.name)：\(row.year) 年度创新积分", actions: [UI.buttonLink("返回", url: back)]),
            .unwrap(scheme.notice) { UI.alert($0, kind: .info) },
            .section(.class("card"), .h2(.text("总体情况")), UI.details([
                ("积分方案", summary.title), (EnterpriseRecordForm.uscc.label, row.uscc), ("比较组", summary.cohortLabel(row.cohort)),
                ("发展阶段", row.stage ?? "未能确定（缺少成立日期或营业收入）"), ("总分", PointsFormat.score(row.total)),
                ("组内排名", "第 \(row.rank) 名 / 共 \(row.cohort_size) 家"),
                ("榜单", listName.map { "\($0)（第 \(row.rank) 名）" } ?? "未上榜"),
                ("分数线", scheme.tiers.absoluteLine.map { "\($0.name)：" + (row.meets_line ? "已达到" : "未达到") } ?? "未设置"),
            ] + groups)),
            indicatorTable(lines),
            improvementsCard(improvements)
        )
    }

    static func indicatorTable(_ lines: [IndicatorBreakdown]) -> Body {
        let rows: [[Body]] = lines.map { line in
            [.text(line.group.title), .text(line.name),
             .text(line.value.map { PointsFacts.display($0, fact: line.fact) } ?? "缺少数据"),
             .text(line.percentile.map { PointsFormat.percent($0) } ?? "—"),
             .text(PointsFormat.number(line.weight)), .text(PointsFormat.score(line.points))]
        }
        return .section(.class("card"), .h2(.text("各项指标得分")),
                        .p(.class("muted"), .text("百分位为在比较组内的位置（100% 为最好）；得分 = 百分位（或分段、计数比例）× 权重；缺少数据的指标得 0 分。")),
                        UI.table(columns: ["一级指标", "二级指标", "数值", "组内百分位", "权重", "得分"], rows: rows))
    }

    static func improvementsCard(_ improvements: [ScoreImprovement]) -> Body {
        let rows: [[Body]] = improvements.map { item in
            let steps = item.targets.map { target in
                let value = PointsFacts.display(target.targetValue, fact: item.fact)
                let goal = target.label.contains(PointsFormat.number(target.targetValue)) ? target.label : "\(target.label)（\(value)）"
                return "\(goal) +\(PointsFormat.score(target.gain)) 分"
            }
            return [.text(item.name),
                    .text(item.currentValue.map { PointsFacts.display($0, fact: item.fact) } ?? "缺少数据，补充填报即可得分"),
                    .text(PointsFormat.score(item.currentPoints)), .text(steps.joined(separator: "；")),
                    .text("+" + PointsFormat.score(item.maximumGain))]
        }
        return .section(.class("card"), .h2(.text("如何提高积分")),
                        .p(.class("muted"), .text("按最近一步可得分数从多到少排列；“可得分数”按其他企业数据不变估算，仅供参考。")),
                        UI.table(columns: ["指标", "当前数值", "当前得分", "可达目标", "最多可增加"], rows: rows,
                                 emptyText: "各项指标已接近比较组最好水平，暂无提升建议"))
    }
}

/// Pages of 积分结果查询 and 优秀企业榜单.
enum ResultViews {
    typealias Body = Node<HTML.BodyContext>

    /// `cohorts`: the run's cohorts inside the reader's scope (nil: all of them).
    static func list(_ list: ScoreResultList, page: Paged<ScoreListRow>, filter: ScoreResultList.Filter,
                     viewer: ListViewer, runs: [ScoringRun], summary: RunSummary?, cohorts: Set<Int>?,
                     rankings: Bool) -> Body {
        let base = rankings ? Page.rankings.path : Page.results.path
        let query = URLQuery.encode(list.queryItems(filter))
        let runOptions = runs.compactMap { run in
            run.id.map { SelectOption(value: String($0), label: "\(run.year) 年度 · \(run.schemeName)（\(run.scopeLabel)）"
                + (run.status == .published ? "" : "【待发布】")) }
        }
        let listNames = summary?.scheme?.tiers.lists.map(\.name) ?? []
        var listOptions = [SelectOption(value: rankings ? "listed" : "", label: rankings ? "全部榜单" : "全部")]
        if !rankings { listOptions.append(SelectOption(value: "listed", label: "上榜企业")) }
        listOptions += listNames.enumerated().map { SelectOption(value: String($0.offset), label: $0.element) }
        listOptions.append(SelectOption(value: "line", label: "达到分数线"))
        let cohortOptions = [SelectOption(value: "", label: "全部")] + (summary.map { summary in
            summary.keys.indices.filter { cohorts?.contains($0) ?? true }
                .map { SelectOption(value: String($0), label: summary.cohortLabel($0)) }
                .sorted { $0.label < $1.label }
        } ?? [])
        let tabs: [Body] = rankings ? listOptions.map { option in
            .a(.href(base + "?" + URLQuery.encode([("run", filter.run.map(String.init) ?? ""), ("list", option.value)])),
               .if(option.value == filter.list, .class("active")), .text(option.label))
        } : []
        return .group(
            UI.pageHeader(list.title),
            .if(runs.isEmpty, UI.alert("还没有已发布的积分结果。", kind: .info)),
            .if(rankings, .nav(.class("tabs"), .group(tabs))),
            UI.queryBar(action: base, fields: [
                FieldSpec(label: "计算批次", name: "run", value: filter.run.map(String.init) ?? "", kind: .select(runOptions)),
                FieldSpec(label: "榜单", name: "list", value: filter.list, kind: .select(listOptions)),
                FieldSpec(label: "比较组", name: "cohort", value: filter.cohort.map(String.init) ?? "", kind: .select(cohortOptions)),
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码"),
            ], exportURL: "/exports/\(ScoreResultList.id)" + (query.isEmpty ? "" : "?" + query)),
            list.table(page, viewer: viewer, emptyText: rankings ? "该批次在您的数据范围内没有上榜企业" : "没有符合条件的积分结果"),
            UI.pagination(page.info, baseURL: base, query: list.queryItems(filter))
        )
    }
}

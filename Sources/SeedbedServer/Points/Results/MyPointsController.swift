import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// The enterprise's side of innovation points: 积分数据填报 (gate and where its data comes from), 积分结果查询
/// with every indicator explained, 优秀企业榜单 of its cohort, and 企业设置 (consent for partner banks).
struct MyPointsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.myPoints).get(use: points)
        let scores = routes.grouped(Page.myScores)
        scores.get(use: self.scores)
        scores.get(":id", use: score)
        routes.grouped(Page.myRankings).get(use: rankings)
        let settings = routes.grouped(Page.mySettings)
        settings.get(use: self.settings)
        settings.post("consent", use: consent)
    }

    // MARK: 积分数据填报

    @Sendable func points(req: Request) async throws -> HTMLPage {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let service = FilingService(req)
        let context = try await req.pageContext()
        let filingContext = try await service.context(for: enterprise)
        do {
            try service.workflow.checkPrerequisites(.pointsData, for: filingContext)
        } catch {
            return HTMLPage(Layout.shell("积分数据填报", context, .group(
                UI.pageHeader("积分数据填报"), UI.alert(error.message, kind: .warning),
                .p(UI.buttonLink("前往基本信息填报", url: Page.myBasicInfo.path, style: "primary")))))
        }
        let list = MyScoreList()
        let latest = try await list.rows(list.filter(from: [:]), scope: user.scope, offset: 0, limit: 1, on: req.db).first
        let years = try await EnterpriseFacts.years(enterpriseID: enterprise.id ?? 0, scope: user.scope, on: req.db)
        let periods = try await PeriodFilings.load(.pointsData, enterprise: enterprise, now: req.now, on: req.db)
        return HTMLPage(Layout.shell("积分数据填报", context, MyPointsViews.points(
            latest: latest, factYears: years, filings: PeriodFilings.sections(periods, kind: .pointsData, base: Page.myPoints.path))))
    }

    // MARK: 积分结果查询

    @Sendable func scores(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = MyScoreList()
        let page = try await list.page(list.filter(from: [:]), scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(list.title, context, .group(
            UI.pageHeader(list.title, actions: [UI.exportButton("/exports/\(MyScoreList.id)")]),
            list.table(page, viewer: ListViewer(role: user.role), emptyText: "还没有已发布的积分结果"),
            UI.pagination(page.info, baseURL: Page.myScores.path, query: []))))
    }

    @Sendable func score(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let found = try await StoredScores.find(id, scope: user.scope, on: req.db),
              let run = try await ScoringRun.find(found.0.run_id, on: req.db), run.status == .published
        else { throw AppError.notFound("积分结果不存在") }
        let (row, breakdown) = found
        let summary = try await RunSummary.load(run, on: req.db)
        let context = try await req.pageContext()
        let body = try await ScoreDetail.body(row, breakdown: breakdown, summary: summary, back: Page.myScores.path, on: req.db)
        return HTMLPage(Layout.shell("积分结果", context, body))
    }

    // MARK: 优秀企业榜单

    /// The published lists of the enterprise's cohort in one of its runs. The lists are published honours, so the
    /// names and positions of the enterprises on them are shown; nobody's score or breakdown is.
    @Sendable func rankings(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let mine = try await MyScoreList().rows(.init(), scope: user.scope, offset: 0, limit: 50, on: req.db)
        let runID = req.queryInteger("run", in: InputRange.id)
        let selected = mine.first { $0.score.run_id == runID } ?? mine.first
        var entries: [MyPointsViews.ListEntry] = []
        var summary: RunSummary?
        if let selected, let run = try await ScoringRun.find(selected.score.run_id, on: req.db),
           let sql = req.db as? any SQLDatabase
        {
            summary = try await RunSummary.load(run, on: req.db)
            struct Entry: Decodable {
                let rank: Int
                let list_index: Int
                let name: String
                let enterprise_id: Int
            }
            let rows = try await sql.select()
                .column(SQLColumn("rank", table: "r")).column(SQLColumn("list_index", table: "r"))
                .column(SQLColumn("enterprise_id", table: "r")).column(SQLColumn("name", table: "e"))
                .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
                .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                      on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
                .where(SQLColumn("run_id", table: "r"), .equal, SQLBind(selected.score.run_id))
                .where(SQLColumn("cohort", table: "r"), .equal, SQLBind(selected.score.cohort))
                .where(SQLColumn("list_index", table: "r"), .greaterThanOrEqual, SQLBind(0))
                .orderBy(SQLColumn("rank", table: "r")).orderBy(SQLColumn("id", table: "r")).limit(1000)
                .all(decoding: Entry.self)
            entries = rows.map { row in
                MyPointsViews.ListEntry(list: summary?.listName(row.list_index) ?? "", rank: row.rank, name: row.name,
                                        isSelf: row.enterprise_id == selected.score.enterprise_id)
            }
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("优秀企业榜单", context, MyPointsViews.rankings(
            mine: mine, selected: selected, summary: summary, entries: entries)))
    }

    // MARK: 企业设置: consent

    @Sendable func settings(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let consent = try await ScoreConsent.active(enterpriseID: enterprise.id ?? 0, on: req.db)
        let history = try await ScoreConsent.query(on: req.db).filter(\.$enterpriseID == enterprise.id ?? 0)
            .sort(\.$id, .descending).limit(20).all()
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("企业设置", context, MyPointsViews.settings(consent: consent, history: history,
                                                                                context: context)))
    }

    @Sendable func consent(req: Request) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        guard let enterpriseID = enterprise.id else { throw AppError.notFound() }
        let action = (try? req.content.get(String.self, at: "action")) ?? req.query[String.self, at: "action"] ?? ""
        let current = try await ScoreConsent.active(enterpriseID: enterpriseID, on: req.db)
        switch action {
        case "grant":
            guard current == nil else {
                return req.redirect(to: Page.mySettings.path, flash: Flash(kind: .info, message: "已授权，无需重复操作"))
            }
            let consent = ScoreConsent()
            consent.enterpriseID = enterpriseID
            consent.grantedAt = req.now
            consent.grantedBy = user.id
            try await consent.create(on: req.db)
            try await req.audit.record(.create, targetType: "score_consent", targetID: consent.id.map(String.init),
                                       detail: "\(enterprise.name) 授权合作金融机构查询积分")
            return req.redirect(to: Page.mySettings.path, flash: Flash(kind: .success, message: "已授权合作金融机构查询本企业积分"))
        case "revoke":
            guard let current else {
                return req.redirect(to: Page.mySettings.path, flash: Flash(kind: .info, message: "当前没有授权"))
            }
            guard ConfirmPage.isConfirmed(req) else {
                let context = try await req.pageContext()
                return try await HTMLPage(Layout.shell("撤销授权", context, MyPointsViews.revokeConfirm(context: context)))
                    .encodeResponse(for: req)
            }
            current.revokedAt = req.now
            current.revokedBy = user.id
            try await current.save(on: req.db)
            try await req.audit.record(.delete, targetType: "score_consent", targetID: current.id.map(String.init),
                                       detail: "\(enterprise.name) 撤销合作金融机构查询积分的授权")
            return req.redirect(to: Page.mySettings.path, flash: Flash(kind: .success, message: "已撤销授权，合作金融机构将无法再查询"))
        default:
            return req.redirect(to: Page.mySettings.path, flash: Flash(kind: .error, message: "未知的操作"))
        }
    }
}

/// Pages of the enterprise's points.
enum MyPointsViews {
    typealias Body = Node<HTML.BodyContext>

    struct ListEntry {
        let list: String
        let rank: Int
        let name: String
        let isSelf: Bool
    }

    static func points(latest: ScoreListRow?, factYears: [Int], filings: Body) -> Body {
        .group(
            UI.pageHeader("积分数据填报"),
            UI.alert("创新积分按审核通过的积分数据和科技信息年报（年度经营信息）计算。请在开放的填报项目内填报积分数据并提交审核。",
                     kind: .info),
            filings,
            .section(.class("card"), .h2(.text("积分所用数据")), UI.details([
                ("已有企业数据的年度", factYears.isEmpty ? "暂无" : factYears.map { "\($0) 年度" }.joined(separator: "、")),
            ]), .p(UI.buttonLink("前往年度经营信息", url: Page.myAnnualReports.path))),
            .section(.class("card"), .h2(.text("最新积分")),
                     latest.map { row -> Body in
                         .group(UI.details([
                             ("积分方案", row.runTitle), ("总分", PointsFormat.score(row.score.total)),
                             ("组内排名", "第 \(row.score.rank) 名 / 共 \(row.score.cohort_size) 家"),
                             ("榜单", row.listName ?? "未上榜"),
                         ]), .p(UI.buttonLink("查看得分明细与提升建议", url: "/my/scores/\(row.score.id)", style: "primary")))
                     } ?? UI.emptyState("还没有已发布的积分结果"))
        )
    }

    static func rankings(mine: [ScoreListRow], selected: ScoreListRow?, summary: RunSummary?, entries: [ListEntry]) -> Body {
        let tabs: [Body] = mine.map { row in
            .a(.href("/my/rankings?run=\(row.score.run_id)"), .if(row.score.run_id == selected?.score.run_id, .class("active")),
               .text(row.runTitle))
        }
        let rows: [[Body]] = entries.map { entry in
            [.text(entry.list), .text("第 \(entry.rank) 名"),
             entry.isSelf ? .strong(.text(entry.name + "（本企业）")) : .text(entry.name)]
        }
        return .group(
            UI.pageHeader("优秀企业榜单", actions: [UI.buttonLink("积分结果查询", url: Page.myScores.path)]),
            .if(mine.isEmpty, UI.emptyState("还没有已发布的积分结果")),
            .if(mine.count > 1, .nav(.class("tabs"), .group(tabs))),
            .unwrap(selected) { row in
                .section(.class("card"),
                         .h2(.text(summary?.cohortLabel(row.score.cohort) ?? "本企业所在比较组")),
                         .p(.text("本企业：第 \(row.score.rank) 名 / 共 \(row.score.cohort_size) 家，"
                             + (row.listName.map { "位列\($0)" } ?? "未上榜"))),
                         UI.table(columns: ["榜单", "名次", EnterpriseRecordForm.name.label], rows: rows, emptyText: "该比较组暂无上榜企业"))
            }
        )
    }

    static func settings(consent: ScoreConsent?, history: [ScoreConsent], context: PageContext) -> Body {
        let rows: [[Body]] = history.map { item in
            [.text(AdminViews.time(item.grantedAt)), .text(item.revokedAt.map(AdminViews.time) ?? "—"),
             item.revokedAt == nil ? UI.badge("有效", tone: "success") : UI.badge("已撤销", tone: "muted")]
        }
        return .group(
            UI.pageHeader("企业设置"),
            .section(
                .class("card"), .h2(.text("合作金融机构查询积分授权")),
                .p(.text("授权后，平台合作的金融机构可通过接口查询本企业已发布的创新积分（总分、排名、榜单及各项指标得分），用于信贷评估。可随时撤销，撤销后立即停止查询。每次授权、撤销和查询都会记录。")),
                .p(.text("当前状态："), consent == nil ? UI.badge("未授权", tone: "muted")
                    : UI.badge("已授权（\(AdminViews.time(consent?.grantedAt ?? Date()))）", tone: "success")),
                consent == nil
                    ? UI.actionButton("授权查询", action: "/my/settings/consent?action=grant", csrf: context.csrfToken, style: "primary")
                    : UI.actionButton("撤销授权", action: "/my/settings/consent?action=revoke", csrf: context.csrfToken,
                                      confirm: "确定撤销授权吗？撤销后合作金融机构将无法查询本企业积分。", style: "danger")
            ),
            .section(.class("card"), .h2(.text("授权记录")),
                     UI.table(columns: ["授权时间", "撤销时间", "状态"], rows: rows, emptyText: "暂无授权记录"))
        )
    }

    static func revokeConfirm(context: PageContext) -> Body {
        .div(.class("narrow card confirm"),
             .h1(.text("撤销授权")),
             .p(.text("确定撤销合作金融机构查询本企业积分的授权吗？")),
             .form(.method(.post), .action("/my/settings/consent"),
                   UI.csrfField(context.csrfToken), UI.hidden("confirmed", "1"), UI.hidden("action", "revoke"),
                   .div(.class("form-actions"), UI.submit("确定撤销", style: "danger"),
                        .a(.class("btn btn-secondary"), .href(Page.mySettings.path), .text("取消")))))
    }
}

import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

extension Access {
    /// 重新评级: the platform administrator (every enterprise), province and city accounts (their own region). A rating
    /// is the same whoever computes it; counties, zones and incubators read the ratings but do not start runs.
    static let creditRaters = Access(roles: [.platformAdmin, .province, .city])
}

/// One rating as the list shows it.
struct CreditRatingRow: Decodable, Sendable {
    let enterpriseID: Int
    let enterpriseName: String
    let uscc: String
    let regionCode: String
    let year: Int
    let total: Double
    let grade: CreditGrade
    let creditLine: Int
    let computedAt: Date

    enum CodingKeys: String, CodingKey {
        case uscc, year, total, grade
        case enterpriseID = "enterprise_id"
        case enterpriseName = "enterprise_name"
        case regionCode = "region_code"
        case creditLine = "credit_line"
        case computedAt = "computed_at"
    }
}

/// 知识价值信用评级列表 (seed 004 §4.1): ratings in the viewer's scope by grade, year, county and name or code; exportable.
struct CreditRatingList: SQLListDefinition {
    struct Filter: Sendable {
        var grade: CreditGrade?
        /// nil: every year.
        var year: Int?
        /// A region prefix one level below the viewer's scope (the scope itself still applies).
        var region: String
        var q: String
    }

    static let id = "credit-ratings"
    let title = "知识价值信用评级列表"
    let roles = Access.government.roles

    var columns: [ListColumn<CreditRatingRow>] {
        [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in
                .link(row.enterpriseName, href: CreditRatingController.detailPath(row.enterpriseID, row.year))
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所属区县", width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.regionCode)) },
            ListColumn("评级年度", width: 10) { row, _ in .integer(row.year) },
            ListColumn("总分", width: 10) { row, _ in .decimal(row.total, format: .money) },
            ListColumn("信用等级", width: 10) { row, _ in .badge(row.grade.label, tone: CreditRatingViews.tone(row.grade)) },
            ListColumn("推荐授信额度（万元）", width: 18) { row, _ in .integer(row.creditLine) },
            ListColumn("评级时间", width: 18) { row, _ in .dateTime(row.computedAt) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        let region = queryText(query, "region", max: 6)
        return Filter(grade: query["grade"].flatMap(CreditGrade.init(rawValue:)),
                      year: InputNumber.integer(query["year"], in: InputRange.year),
                      region: region.allSatisfy(\.isNumber) && [2, 4, 6].contains(region.count) ? region : "",
                      q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("grade", filter.grade?.rawValue ?? ""), ("year", filter.year.map(String.init) ?? "all"),
         ("region", filter.region), ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(CreditRatings.schema), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "c"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "c"))
        if let grade = filter.grade { builder = builder.where(SQLColumn("grade", table: "c"), .equal, SQLBind(grade)) }
        if let year = filter.year { builder = builder.where(SQLColumn("year", table: "c"), .equal, SQLBind(year)) }
        if !filter.region.isEmpty {
            builder = builder.where(ScopeFilter.region(SQLColumn("region_code", table: "c"), liesIn: filter.region))
        }
        if !filter.q.isEmpty { builder = builder.where(Like.enterprise(matching: filter.q)) }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [CreditRatingRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await base(sql.select()
            .column(SQLColumn("enterprise_id", table: "c")).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("uscc", table: "e")).column(SQLColumn("region_code", table: "c"))
            .column(SQLColumn("year", table: "c")).column(SQLColumn("total", table: "c"))
            .column(SQLColumn("grade", table: "c")).column(SQLColumn("credit_line", table: "c"))
            .column(SQLColumn("computed_at", table: "c")), filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("year", table: "c"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("total", table: "c"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.ascending))
            .limit(limit).offset(offset).all(decoding: CreditRatingRow.self)
    }

    /// Ratings per grade under the filter, whatever grade it picks (the summary above the list).
    func distribution(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> [CreditGrade: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var all = filter
        all.grade = nil
        var counts: [CreditGrade: Int] = [:]
        for row in try await base(sql.select().column(SQLColumn("grade", table: "c"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), all, scope: scope)
            .groupBy(SQLColumn("grade", table: "c")).all()
        {
            guard let grade = (try? row.decode(column: "grade", as: String.self)).flatMap(CreditGrade.init(rawValue:)),
                  let count = try? row.decode(column: "n", as: Int.self)
            else { continue }
            counts[grade] = count
        }
        return counts
    }
}

/// 知识价值信用评级: the government list with the grade distribution and 重新评级, the explanation of one enterprise-year,
/// and the enterprise's own rating.
struct CreditRatingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let list = routes.grouped(Page.creditRatings)
        list.get(use: self.list)
        list.get(":id", ":year", use: detail)
        routes.grouped(Access.creditRaters).grouped(Page.creditRatings.components).post("recompute", use: recompute)
        routes.grouped(Page.myCreditRating).get(use: mine)
    }

    static func detailPath(_ enterpriseID: Int, _ year: Int) -> String {
        "\(Page.creditRatings.path)/\(enterpriseID)/\(year)"
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireRole(Access.government.roles)
        let list = CreditRatingList()
        var query = req.queryDictionary
        let years = try await CreditRatings.years(scope: user.scope, on: req.db)
        // Without a year the newest rated one is shown; 全部年度 is `year=all`.
        if query["year"] == nil, let newest = years.first { query["year"] = String(newest) }
        let filter = list.filter(from: query)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let distribution = try await list.distribution(filter, scope: user.scope, on: req.db)
        let context = try await req.pageContext()
        let items = list.queryItems(filter)
        let regions = ScopeRegions.children(of: user.scope)
        let thisYear = LocalDate(chinaTimeOf: req.now).year
        let yearChoices = Array(Set(years + [thisYear - 1])).sorted(by: >)
        let fields = [
            FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码"),
            FieldSpec(label: "信用等级", name: "grade", value: filter.grade?.rawValue ?? "",
                      kind: .select([SelectOption(value: "", label: "全部")]
                          + CreditGrade.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) })),
            FieldSpec(label: "年份", name: "year", value: filter.year.map(String.init) ?? "all",
                      kind: .select([SelectOption(value: "all", label: "全部年度")]
                          + yearChoices.map { SelectOption(value: String($0), label: "\($0) 年") })),
            FieldSpec(label: "区县", name: "region", value: filter.region,
                      kind: .select([SelectOption(value: "", label: "全部")]
                          + regions.map { SelectOption(value: $0.prefix, label: $0.name) })),
        ]
        let canRecompute = Access.creditRaters.roles.contains(user.role)
        let recomputeYear = filter.year ?? years.first ?? thisYear - 1
        let recompute: UI.Body = canRecompute
            ? UI.actionButton("重新评级（\(recomputeYear) 年度）",
                              action: "\(Page.creditRatings.path)/recompute?year=\(recomputeYear)",
                              csrf: context.csrfToken,
                              confirm: "按已审核的 \(recomputeYear) 年度企业数据重新计算本辖区的知识价值信用评级？原有该年度评级将被替换。",
                              style: "primary")
            : .empty
        let body: UI.Body = .group(
            UI.pageHeader(list.title, actions: [recompute]),
            CreditRatingViews.distribution(distribution, filter: filter, items: items),
            UI.queryBar(action: Page.creditRatings.path, fields: fields,
                        exportURL: "/exports/\(CreditRatingList.id)?" + URLQuery.encode(items)),
            list.table(page, viewer: ListViewer(role: user.role), emptyText: "没有符合条件的评级结果"),
            UI.pagination(page.info, baseURL: Page.creditRatings.path, query: items),
            .p(.class("muted"), .text(CreditRatingScheme.platformDefault.notice ?? "")))
        return HTMLPage(Layout.shell(list.title, context, body))
    }

    @Sendable func detail(req: Request) async throws -> HTMLPage {
        let user = try req.requireRole(Access.government.roles)
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let year = req.parameters.get("year").flatMap({ InputNumber.integer($0, in: InputRange.year) }),
              let stored = try await CreditRatings.stored(enterpriseID: id, year: year, scope: user.scope, on: req.db)
        else { throw AppError.notFound("没有找到该企业该年度的信用评级") }
        let others = try await CreditRatings.stored(enterpriseID: id, scope: user.scope, on: req.db)
        let context = try await req.pageContext()
        let title = "知识价值信用评级详情"
        return HTMLPage(Layout.shell(title, context, .group(
            UI.pageHeader(title, actions: [UI.buttonLink("返回列表", url: "\(Page.creditRatings.path)?year=\(year)")]),
            CreditRatingViews.explanation(stored, years: others.map(\.year)) { CreditRatingController.detailPath(id, $0) })))
    }

    @Sendable func mine(req: Request) async throws -> HTMLPage {
        let user = try req.requireRole([.enterprise])
        guard let enterpriseID = user.enterpriseID else { throw AppError.forbidden() }
        let ratings = try await CreditRatings.stored(enterpriseID: enterpriseID, scope: user.scope, on: req.db)
        let wanted = InputNumber.integer(req.queryDictionary["year"], in: InputRange.year)
        let shown = ratings.first { $0.year == wanted } ?? ratings.first
        let context = try await req.pageContext()
        let body: UI.Body = if let shown {
            CreditRatingViews.explanation(shown, years: ratings.map(\.year)) { "\(Page.myCreditRating.path)?year=\($0)" }
        } else {
            UI.emptyState("暂无知识价值信用评级：评级按已审核的年度经营数据计算，年报审核通过并完成评级后在此显示。")
        }
        return HTMLPage(Layout.shell(Page.myCreditRating.title, context, .group(UI.pageHeader(Page.myCreditRating.title), body)))
    }

    @Sendable func recompute(req: Request) async throws -> Response {
        let user = try req.requireRole(Access.creditRaters.roles)
        let today = LocalDate(chinaTimeOf: req.now)
        let range = CreditRatings.ratableYears(today: today)
        let raw = req.queryDictionary["year"] ?? (try? req.content.get(String.self, at: "year"))
        guard let year = InputNumber.integer(raw, in: range) else {
            return req.redirect(to: Page.creditRatings.path, flash: Flash(
                kind: .error, message: "评级年度须在 \(range.lowerBound)–\(range.upperBound) 之间"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "重新评级",
                message: "按已审核的 \(year) 年度企业数据重新计算本辖区的知识价值信用评级？原有该年度评级将被替换。",
                action: "\(Page.creditRatings.path)/recompute?year=\(year)", cancel: Page.creditRatings.path,
                context: context)).encodeResponse(for: req)
        }
        let id = try await req.application.jobs.enqueue(
            kind: CreditRatingJob.kind, title: "\(year) 年度知识价值信用评级", payload: CreditRatingJob.Payload(year: year),
            owner: user, on: req.db, now: req.now)
        try await req.audit.record(.update, targetType: "credit_rating", targetID: "job:\(id)", detail: "重新评级 \(year) 年度")
        return req.redirect(to: "/jobs/\(id)")
    }
}

/// The rating pages' pieces.
enum CreditRatingViews {
    static func tone(_ grade: CreditGrade) -> String {
        switch grade {
        case .a, .b: "success"
        case .c: "warning"
        case .d, .e: "danger"
        }
    }

    /// Counts per grade, each a link that filters the list by it.
    static func distribution(_ counts: [CreditGrade: Int], filter: CreditRatingList.Filter, items: [(String, String)]) -> UI.Body {
        let total = counts.values.reduce(0, +)
        let base = items.filter { $0.0 != "grade" && $0.0 != "page" }
        func link(_ grade: CreditGrade?) -> String {
            let query = base + (grade.map { [("grade", $0.rawValue)] } ?? [])
            return Page.creditRatings.path + (query.isEmpty ? "" : "?" + URLQuery.encode(query))
        }
        let rule = { (grade: CreditGrade) in CreditRatingScheme.platformDefault.grades.first { $0.grade == grade } }
        return .div(.class("figures"), .attribute(named: "aria-label", value: "等级分布"),
                    .a(.class("figure card"), .href(link(nil)), .div(.class("figure-value"), .text(total.formatted())),
                       .div(.class("muted"), .text("评级企业合计"))),
                    .forEach(CreditGrade.allCases) { grade in
                        .a(.class("figure card"), .href(link(grade)),
                           .div(.class("figure-value"), .text((counts[grade] ?? 0).formatted())),
                           .div(.class("muted"), .text("\(grade.label)" + (rule(grade).map { "（推荐授信 \($0.creditLine) 万元）" } ?? ""))))
                    })
    }

    /// The explanation of one rating: the result, then each indicator's value, rule and points, the subtotals and the
    /// gap to the next grade; links to the enterprise's other rated years.
    static func explanation(_ stored: CreditRatings.Stored, years: [Int], link: (Int) -> String) -> UI.Body {
        guard let rating = stored.rating else {
            return UI.alert("该评级的明细无法读取，请重新评级")
        }
        let scheme = stored.scheme
        let gap: String = if let next = rating.nextGrade, let gap = rating.gapCentis {
            "距 \(next.label)还差 \(CreditPoints.text(gap)) 分"
        } else {
            "已是最高等级"
        }
        let result = UI.details([
            ("企业名称", stored.enterpriseName), ("统一社会信用代码", stored.uscc),
            ("所属区县", RegionTable.shipped.fullName(of: stored.regionCode)), ("评级年度", "\(stored.year) 年"),
            ("信用等级", rating.grade.label), ("总分", rating.totalText),
            ("推荐授信额度", "\(rating.creditLine) 万元"), ("距上一等级", gap),
            ("评级方案", (scheme?.name ?? stored.schemeID) + " 第 \(stored.schemeVersion) 版"),
            ("评级时间", AdminViews.time(stored.computedAt)),
        ])
        func rows(_ group: CreditIndicatorGroup) -> [[UI.Body]] {
            rating.lines(in: group).map { line in
                [.text(line.dimension.title), .text(line.name), .text(line.valueText), .text(line.rule), .text(line.pointsText)]
            }
        }
        let bonusNote: String = if let cap = rating.bonusCapCentis, rating.bonusUncappedCentis > cap {
            "加分合计 \(CreditPoints.text(rating.bonusUncappedCentis)) 分，按上限计 \(CreditPoints.text(cap)) 分"
        } else {
            "加分合计 \(CreditPoints.text(rating.bonusCentis)) 分" + (rating.bonusCapCentis.map { "（上限 \(CreditPoints.text($0)) 分）" } ?? "")
        }
        let grades = (scheme?.grades ?? []).map { rule in
            "\(rule.grade.rawValue) 级 ≥ \(CreditPoints.text(CreditPoints.centis(rule.minimumScore))) 分，推荐授信 \(rule.creditLine) 万元"
        }
        return .group(
            .div(.class("figures"),
                 .div(.class("figure card"), .div(.class("figure-value"), UI.badge(rating.grade.label, tone: tone(rating.grade))),
                      .div(.class("muted"), .text("信用等级"))),
                 .div(.class("figure card"), .div(.class("figure-value"), .text(rating.totalText)), .div(.class("muted"), .text("总分"))),
                 .div(.class("figure card"), .div(.class("figure-value"), .text("\(rating.creditLine) 万元")),
                      .div(.class("muted"), .text("推荐授信额度")))),
            result,
            .h2(.text("评分明细")),
            UI.table(columns: ["一级指标", "二级指标", "数值", "计分规则", "得分"], rows: rows(.base),
                     caption: "基础指标：合计 \(CreditPoints.text(rating.baseCentis)) 分"),
            UI.table(columns: ["一级指标", "二级指标", "数值", "计分规则", "得分"], rows: rows(.bonus),
                     caption: "加分指标：\(bonusNote)"),
            .p(.strong(.text("总分 = 基础指标 \(CreditPoints.text(rating.baseCentis)) 分 + 加分 \(CreditPoints.text(rating.bonusCentis)) 分 = \(rating.totalText) 分，\(rating.grade.label)；\(gap)。"))),
            .p(.class("muted"), .text("等级线：" + grades.joined(separator: "；") + "。未填报的数据按 0 分计。")),
            .if(years.count > 1, .p(.text("其他年度："), .forEach(years.filter { $0 != stored.year }) { year in
                .group(.a(.href(link(year)), .text("\(year) 年")), .text(" "))
            })))
    }
}

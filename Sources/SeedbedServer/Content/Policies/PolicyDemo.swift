import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Demo policies with 适用条件 (定向政策推送): 高企培育 for 辽宁, a 大连 R&D subsidy for 科技型中小企业, 重庆's
/// 专精特新 support and a 大连 R&D-intensity award. The thresholds that depend on the ent-demo enterprise are
/// taken from its newest approved facts (themselves deterministic), so it always matches the 大连 subsidy and
/// misses the intensity award by a gap it can read. Nothing is pushed: the browser suite pushes. Runs once
/// (skipped when any policy carries conditions).
enum PolicyDemo {
    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await PolicyConditionSet.query(on: db).count() == 0, let sql = db as? any SQLDatabase else { return }
        let now = app.clock.now()
        let today = LocalDate(chinaTimeOf: now)
        // ent-demo's newest year and its R&D ratio, revenue and staff.
        var ratio = 0.04
        var rd = 100.0
        var employees = 100.0
        if let id = try await User.query(on: db).filter(\.$account == "ent-demo").first()?.enterpriseID {
            let scope = DataScope.enterprise(id: id)
            let year = try await LibraryData.years(scope: scope, on: sql).first ?? (today.year - 1)
            if let facts = try await EnterpriseFacts.load(enterpriseID: id, year: year, scope: scope, on: db) {
                rd = facts[.rdExpense] ?? rd
                employees = facts[.employees] ?? employees
                if let revenue = facts[.revenue], revenue > 0, let spent = facts[.rdExpense] { ratio = spent / revenue }
            }
        }
        let percent = (ratio * 100).rounded(.down)
        let policies: [(title: String, publisher: String, body: String, conditions: [PolicyCondition])] = [
            ("辽宁省高新技术企业培育资助政策", "辽宁省科学技术厅",
             "对研发投入强度达到 3% 以上、营业收入不超过 2 亿元的辽宁省科技型企业，纳入高新技术企业培育库，给予培育资助。",
             [.region(prefix: "21"), .metric(.rdRatio, comparison: .atLeast, value: 3),
              .metric(.revenue, comparison: .atMost, value: 20_000)]),
            ("大连市科技型中小企业研发费用补助", "大连市科学技术局",
             "对在大连市注册、从事研发活动的科技型中小企业，按上年度研发费用给予一定比例补助。",
             [.region(prefix: "2102"), .metric(.rdExpense, comparison: .atLeast, value: max(0, min(50, rd.rounded(.down)))),
              .metric(.employees, comparison: .atMost, value: max(500, employees.rounded(.up)))]),
            ("重庆市专精特新中小企业发展支持措施", "重庆市经济和信息化委员会",
             "对重庆市认定的专精特新中小企业和专精特新“小巨人”企业，在融资、人才和市场开拓方面给予支持。",
             [.region(prefix: "50"), .title(.specializedSME)]),
            ("大连市研发投入强度跃升奖励", "大连市科学技术局",
             "对研发费用占营业收入比例达到较高水平的大连市企业给予奖励，鼓励企业持续加大研发投入。",
             [.region(prefix: "2102"), .metric(.rdRatio, comparison: .atLeast, value: max(5, percent + 2))]),
        ]
        for (offset, policy) in policies.enumerated() {
            let article = Article()
            article.section = .policies
            article.title = policy.title
            article.body = policy.body
            article.publisher = policy.publisher
            article.status = .published
            article.publishedAt = now.addingTimeInterval(Double(-86_400 * (offset + 1)))
            article.pinned = false
            article.createdAt = now
            article.updatedAt = now
            try await article.create(on: db)
            guard let id = article.id else { continue }
            let set = PolicyConditionSet(articleID: id)
            set.conditions = policy.conditions
            set.updatedAt = now
            try await set.create(on: db)
        }
    }
}

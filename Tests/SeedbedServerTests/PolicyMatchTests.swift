import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// Policies with 适用条件 over the fixtures' enterprises: e1 (甘井子, R&D 4%), e2 (旅顺, 4%), e5 (甘井子, 4%),
/// e3 (渝北, 4%), e4 (北碚, 1%) on 2024 facts.
enum PolicyFixtures {
    static func loadFacts(_ app: Application, _ fixtures: Fixtures) async throws {
        for (key, rd) in [("e1", 400.0), ("e2", 400), ("e3", 400), ("e4", 100), ("e5", 400)] {
            let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
            try await EnterpriseFacts.upsert(enterprise: enterprise, year: 2024,
                                             facts: [.revenue: 10_000, .rdExpense: rd, .employees: 100, .stStaff: 30],
                                             source: "test", on: app.db, now: app.clock.now())
        }
    }

    /// A published policy article with these conditions.
    static func policy(_ app: Application, title: String, conditions: [PolicyCondition]) async throws -> Int {
        let article = Article()
        article.section = .policies
        article.title = title
        article.body = "政策正文"
        article.publisher = "大连市科学技术局"
        article.status = .published
        article.publishedAt = app.clock.now()
        article.pinned = false
        article.createdAt = app.clock.now()
        article.updatedAt = app.clock.now()
        try await article.create(on: app.db)
        let id = try #require(article.id)
        if !conditions.isEmpty {
            let set = PolicyConditionSet(articleID: id)
            set.conditions = conditions
            try await set.create(on: app.db)
        }
        return id
    }

    static func pushes(_ app: Application, to key: String, _ fixtures: Fixtures) async throws -> Int {
        let id = try fixtures.enterprise(key)
        return try await EnterpriseMessage.query(on: app.db).filter(\.$enterpriseID == id)
            .filter(\.$category == .policyPush).count()
    }
}

@Suite("定向政策推送")
struct PolicyMatchTests {
    static let liaoningRD: [PolicyCondition] = [.region(prefix: "21"), .metric(.rdRatio, comparison: .atLeast, value: 3)]

    @Test("内容管理：政策文件设置适用条件，输入有误说明原因且不保存，可删除")
    func editConditions() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let id = try await PolicyFixtures.policy(app, title: "高企培育资助", conditions: [])
            let admin = Browser(app, ip: "10.61.0.1")
            try await admin.login("admin")
            let path = "/admin/content/\(id)/conditions"
            #expect(try await admin.get("/admin/content/\(id)").body.string.contains(path))
            let page = try await admin.get(path + "?kind=rd_ratio")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("数值（%）"))

            let bad = try await admin.post(path, form: ["kind": "rd_ratio", "comparison": "atLeast", "value": "三"],
                                           csrfFrom: path)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("不是有效的数字"))
            #expect(try await PolicyConditions.of(article: id, on: app.db).isEmpty)

            let badRegion = try await admin.post(path, form: ["kind": "region", "region": "火星"], csrfFrom: path)
            #expect(badRegion.status == .unprocessableEntity)
            #expect(badRegion.body.string.contains("不在行政区划代码表中"))

            #expect(try await admin.post(path, form: ["kind": "region", "region": "辽宁省"], csrfFrom: path).status == .seeOther)
            #expect(try await admin.post(path, form: ["kind": "rd_ratio", "comparison": "atLeast", "value": "3"],
                                         csrfFrom: path).status == .seeOther)
            #expect(try await admin.post(path, pairs: [("kind", "tech_field"), ("fields[]", "1"), ("fields[]", "4")],
                                         csrfFrom: path).status == .seeOther)
            #expect(try await PolicyConditions.of(article: id, on: app.db) == [
                .region(prefix: "21"), .metric(.rdRatio, comparison: .atLeast, value: 3),
                .techField(fields: [.electronics, .newMaterials]),
            ])
            let shown = try await admin.get(path).body.string
            #expect(shown.contains("研发费用占比不低于 3%") && shown.contains("注册地在辽宁省"))

            #expect(try await admin.post(path + "/2/delete", form: ["confirmed": "1"], csrfFrom: path).status == .seeOther)
            #expect(try await PolicyConditions.of(article: id, on: app.db).count == 2)
            // A notice is not a policy: it has no 适用条件.
            let other = Browser(app, ip: "10.61.0.2")
            try await other.login("ent-e1")
            #expect(try await other.get(path).status != .ok)
        }
    }

    @Test("企业看到匹配的政策及理由，模拟测算改变结果而不保存")
    func enterpriseSeesWhy() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PolicyFixtures.loadFacts(app, fixtures)
            _ = try await PolicyFixtures.policy(app, title: "辽宁研发投入奖励", conditions: Self.liaoningRD)
            _ = try await PolicyFixtures.policy(app, title: "研发强度五厘政策",
                                                conditions: [.metric(.rdRatio, comparison: .atLeast, value: 5.2)])
            _ = try await PolicyFixtures.policy(app, title: "重庆专精特新支持",
                                                conditions: [.region(prefix: "50"), .title(.specializedSME)])
            let owner = Browser(app, ip: "10.61.0.3")
            try await owner.login("ent-e1")
            let page = try await owner.get("/my/policies")
            #expect(page.status == .ok)
            let html = page.body.string
            let matched = try #require(html.range(of: "符合的政策（1）"))
            let others = try #require(html.range(of: "暂不符合的政策（2）"))
            let first = try #require(html.range(of: "辽宁研发投入奖励"))
            #expect(matched.upperBound < first.lowerBound && first.upperBound < others.lowerBound)
            #expect(html.contains("符合：注册地在辽宁省"))
            #expect(html.contains("研发费用占比 尚缺 1.2 个百分点"))
            #expect(html.contains("尚缺：注册地在重庆市"))

            let simulated = try await owner.get("/my/policies?rd_expense=600&revenue=")
            #expect(simulated.status == .ok)
            #expect(simulated.body.string.contains("符合的政策（2）"))
            #expect(simulated.body.string.contains("未保存任何数据"))
            let bad = try await owner.get("/my/policies?employees=abc")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("从业人员"))
            // Nothing was saved: the filed facts decide again.
            #expect(try await owner.get("/my/policies").body.string.contains("符合的政策（1）"))
            let facts = try await EnterpriseFacts.load(enterpriseID: try fixtures.enterprise("e1"), year: 2024,
                                                       scope: .all, on: app.db)
            #expect(facts?[.rdExpense] == 400)
            // Officials' pages are not an enterprise's.
            #expect(try await owner.get("/policy-matches").status == .forbidden)
        }
    }

    @Test("区县只向本区县符合条件的企业推送，再次推送为 0 家，越权 404")
    func countyPush() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PolicyFixtures.loadFacts(app, fixtures)
            let id = try await PolicyFixtures.policy(app, title: "辽宁研发投入奖励", conditions: Self.liaoningRD)
            let county = Browser(app, ip: "10.61.0.4")
            try await county.login("county-gjz")
            let list = try await county.get("/policy-matches").body.string
            #expect(list.contains("辽宁研发投入奖励"))
            let detail = try await county.get("/policy-matches/\(id)").body.string
            #expect(detail.contains("大连甘井子一号科技有限公司") && detail.contains("大连孵化五号科技有限公司"))
            #expect(!detail.contains("大连旅顺二号科技有限公司"))

            let pushed = try await county.post("/policy-matches/\(id)/push", form: ["confirmed": "1"],
                                               csrfFrom: "/policy-matches/\(id)")
            #expect(pushed.status == .seeOther)
            #expect(try await county.get("/policy-matches/\(id)").body.string.contains("已推送 2 家，此前已推送 0 家"))
            #expect(try await PolicyFixtures.pushes(app, to: "e1", fixtures) == 1)
            #expect(try await PolicyFixtures.pushes(app, to: "e5", fixtures) == 1)
            #expect(try await PolicyFixtures.pushes(app, to: "e2", fixtures) == 0)
            #expect(try await PolicyFixtures.pushes(app, to: "e3", fixtures) == 0)

            _ = try await county.post("/policy-matches/\(id)/push", form: ["confirmed": "1"], csrfFrom: "/policy-matches/\(id)")
            #expect(try await county.get("/policy-matches/\(id)").body.string.contains("已推送 0 家，此前已推送 2 家"))
            #expect(try await PolicyFixtures.pushes(app, to: "e1", fixtures) == 1)

            // Without the confirmation the push only asks.
            let ask = try await county.post("/policy-matches/\(id)/push", form: [:], csrfFrom: "/policy-matches/\(id)")
            #expect(ask.status == .ok && ask.body.string.contains("确定向辖区内 2 家"))

            // The city adds only 旅顺's e2.
            let city = Browser(app, ip: "10.61.0.5")
            try await city.login("city-dl")
            _ = try await city.post("/policy-matches/\(id)/push", form: ["confirmed": "1"], csrfFrom: "/policy-matches/\(id)")
            #expect(try await city.get("/policy-matches/\(id)").body.string.contains("已推送 1 家，此前已推送 2 家"))

            // 渝北 sees none of them, by page or by export.
            let yubei = Browser(app, ip: "10.61.0.6")
            try await yubei.login("county-yb")
            let other = try await yubei.get("/policy-matches/\(id)").body.string
            #expect(!other.contains("大连甘井子一号科技有限公司"))
            #expect(other.contains("辖区内暂无符合条件的企业"))
            let export = try await yubei.post("/exports/policy-matches?policy=\(id)", form: [:], csrfFrom: "/policy-matches/\(id)")
            #expect(export.status == .ok)
            #expect(export.headers.first(name: .contentDisposition)?.contains(".xlsx") == true)
            #expect(try await yubei.get("/policy-matches/999999").status == .notFound)

            // The enterprise reads its message.
            let owner = Browser(app, ip: "10.61.0.7")
            try await owner.login("ent-e1")
            #expect(try await owner.get("/my/messages").body.string.contains("政策推送：辽宁研发投入奖励"))
        }
    }

    @Test("并发推送：每家符合条件的企业只收到一条消息")
    func parallelBurst() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PolicyFixtures.loadFacts(app, fixtures)
            let id = try await PolicyFixtures.policy(app, title: "辽宁研发投入奖励", conditions: Self.liaoningRD)
            let user = try await Fixtures.currentUser("admin", on: app)
            let now = app.clock.now()
            let sent = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let result = try await PolicyMatchResult.run(policy: id, q: nil, scope: user.scope, now: now,
                                                                     on: app.db)
                        let slots = result.outcome.matchingSlots.map { result.evaluation.data.slots[$0] }
                        return try await PolicyPushes.push(article: result.article, enterprises: slots, by: user,
                                                           on: app.db, now: now).sent
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(sent == 3)
            for key in ["e1", "e2", "e5"] { #expect(try await PolicyFixtures.pushes(app, to: key, fixtures) == 1) }
            #expect(try await PolicyFixtures.pushes(app, to: "e3", fixtures) == 0)
        }
    }
}

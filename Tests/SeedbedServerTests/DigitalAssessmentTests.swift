import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// 数字化水平评测 (M3): the enterprise answers the questionnaire of its 所属行业 step by step through the pages, 暂存
/// keeps answers, 提交 lists what is missing and then shows the level; retakes keep the history and the latest
/// completed one counts; no enterprise reaches another's attempt; an administrator publishes a new version.
@Suite("数字化水平评测")
struct DigitalAssessmentTests {
    /// Starts (or continues) an attempt and returns its id.
    static func start(_ browser: Browser) async throws -> Int {
        let started = try await browser.post("/my/digital/start", form: [:], csrfFrom: "/my/digital")
        #expect(started.status == .seeOther)
        let location = try #require(started.headers.first(name: .location))
        let id = try #require(Browser.extract(#"/my/digital/(\d+)"#, from: location).flatMap { Int($0) })
        return id
    }

    /// Posts one step with the options `pick` chooses for each of its questions.
    @discardableResult
    static func answer(_ browser: Browser, id: Int, step: Int, section: QuestionnaireSection, action: String,
                       pick: (AssessmentQuestion) -> [String]) async throws -> TestingHTTPResponse {
        var pairs: [(String, String)] = [("step", String(step)), ("action", action)]
        for question in section.questions {
            for option in pick(question) { pairs.append(("q_" + question.id, option)) }
        }
        return try await browser.post("/my/digital/\(id)", pairs: pairs, csrfFrom: "/my/digital/\(id)?step=\(step)")
    }

    /// Answers every step (下一步 … 提交) and returns the last response.
    static func answerAll(_ browser: Browser, id: Int, questionnaire: Questionnaire,
                          pick: (AssessmentQuestion) -> [String]) async throws -> TestingHTTPResponse {
        var last: TestingHTTPResponse?
        for (index, section) in questionnaire.sections.enumerated() {
            let final = index == questionnaire.sections.count - 1
            last = try await answer(browser, id: id, step: index + 1, section: section, action: final ? "submit" : "next",
                                    pick: pick)
        }
        return try #require(last)
    }

    static func context(_ app: Application, _ enterpriseID: Int) async throws -> FilingEnterprise {
        let enterprise = try #require(try await Enterprise.find(enterpriseID, on: app.db))
        return try await FilingService(app: app, db: app.db, now: app.clock.now()).context(for: enterprise)
    }

    @Test("分步作答：暂存保留答案，缺题提交被拒并逐条列出，答完提交显示四级100分，hasDigitalAssessment 随之为真")
    func takeAssessment() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e1 = try fixtures.enterprise("e1")
            let browser = Browser(app, ip: "10.61.0.1")
            try await browser.login("ent-e1")
            let overview = try await browser.get("/my/digital")
            #expect(overview.status == .ok)
            #expect(overview.body.string.contains("去自评"))
            #expect(overview.body.string.contains("C39"))
            #expect(overview.body.string.contains("按“制造业”评测表评测"))
            #expect(overview.body.string.contains("默认方案，可配置"))
            #expect(try await Self.context(app, e1).hasDigitalAssessment == false)

            let id = try await Self.start(browser)
            let questionnaire = StandardQuestionnaires.manufacturing
            let first = try #require(questionnaire.sections.first)
            let step1 = try await browser.get("/my/digital/\(id)?step=1")
            #expect(step1.body.string.contains("第1步 数字化基础"))
            #expect(step1.body.string.contains("设备联网率"))
            // 暂存 keeps the answers of step 1.
            let saved = try await Self.answer(browser, id: id, step: 1, section: first, action: "save") { $0.bestChoice }
            #expect(saved.status == .seeOther)
            let again = try await browser.get("/my/digital/\(id)?step=1")
            #expect(again.body.string.contains(#"value="net4" checked"#))
            #expect(try await DigitalAssessmentRecord.find(id, on: app.db)?.status == .draft)
            // 继续填写 is offered while the draft is open.
            #expect(try await browser.get("/my/digital").body.string.contains("继续填写"))

            // 提交 on the last step with steps 2–3 unanswered: refused, each missing question listed, nothing completed.
            let last = try #require(questionnaire.sections.last)
            let refused = try await Self.answer(browser, id: id, step: questionnaire.sections.count, section: last,
                                                action: "submit") { $0.bestChoice }
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("还有 20 道必答题未作答"))
            #expect(refused.body.string.contains("第2步 数字化经营：产品设计"))
            #expect(refused.body.string.contains("第3步 数字化管理"))
            #expect(try await DigitalAssessmentRecord.find(id, on: app.db)?.status == .draft)
            #expect(try await Self.context(app, e1).hasDigitalAssessment == false)

            let done = try await Self.answerAll(browser, id: id, questionnaire: questionnaire) { $0.bestChoice }
            #expect(done.status == .seeOther)
            let detail = try await browser.get("/my/digital/\(id)")
            #expect(detail.body.string.contains("四级"))
            #expect(detail.body.string.contains("100 分"))
            let page = try await browser.get("/my/digital")
            #expect(page.body.string.contains("最新评测结果"))
            #expect(page.body.string.contains("四级"))
            #expect(page.body.string.contains("重新评测"))
            let latest = try #require(try await DigitalAssessments.latest(enterpriseID: e1, on: app.db))
            #expect(latest.level == 4 && latest.score == 100 && latest.category == .manufacturing)
            #expect(try await Self.context(app, e1).hasDigitalAssessment == true)
            // A completed attempt is not changed by a later post.
            let late = try await Self.answer(browser, id: id, step: 1, section: first, action: "save") { _ in [] }
            #expect(late.status == .seeOther)
            #expect(try await DigitalAssessmentRecord.find(id, on: app.db)?.score == 100)
        }
    }

    @Test("重新评测：历史保留两次，以最新一次完成的结果为准（二级）")
    func retakeKeepsHistory() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e1 = try fixtures.enterprise("e1")
            let browser = Browser(app, ip: "10.61.0.2")
            try await browser.login("ent-e1")
            let questionnaire = StandardQuestionnaires.manufacturing
            let first = try await Self.start(browser)
            _ = try await Self.answerAll(browser, id: first, questionnaire: questionnaire) { $0.bestChoice }
            let second = try await Self.start(browser)
            #expect(second != first)
            // The middle options: each question's option at index count/2.
            let middle = try await Self.answerAll(browser, id: second, questionnaire: questionnaire) { question in
                question.kind == .multiple ? [question.options[0].id] : [question.options[question.options.count / 2].id]
            }
            #expect(middle.status == .seeOther)
            let expected = questionnaire.score(questionnaire.sanitize(AssessmentAnswers(Dictionary(uniqueKeysWithValues:
                questionnaire.sections.flatMap(\.questions).map { question in
                    (question.id, question.kind == .multiple ? [question.options[0].id] : [question.options[question.options.count / 2].id])
                }))))
            let latest = try #require(try await DigitalAssessments.latest(enterpriseID: e1, on: app.db))
            #expect(latest.id == second)
            #expect(latest.score == expected.total)
            #expect(latest.level == expected.level)
            #expect(latest.level == 2)
            let page = try await browser.get("/my/digital").body.string
            #expect(page.components(separatedBy: ">详情<").count - 1 == 2)
            #expect(page.contains("二级"))
            #expect(try await DigitalAssessmentRecord.query(on: app.db).filter(\.$enterpriseID == e1).count() == 2)
        }
    }

    @Test("企业不能通过地址读取或修改其他企业的评测")
    func otherEnterpriseRefused() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.61.0.3")
            try await owner.login("ent-e1")
            let id = try await Self.start(owner)
            let other = Browser(app, ip: "10.61.0.4")
            try await other.login("ent-e2")
            #expect(try await other.get("/my/digital/\(id)").status == .notFound)
            #expect(try await other.get("/my/digital/\(id)?step=2").status == .notFound)
            let section = try #require(StandardQuestionnaires.manufacturing.sections.first)
            let pairs = [("step", "1"), ("action", "save")] + section.questions.map { ("q_" + $0.id, $0.bestChoice.first ?? "") }
            let posted = try await other.post("/my/digital/\(id)", pairs: pairs, csrfFrom: "/my/digital")
            #expect(posted.status == .notFound)
            #expect(try await DigitalAssessmentRecord.find(id, on: app.db)?.answers == AssessmentAnswers())
            #expect(try await other.get("/my/digital").body.string.contains("暂无评测记录"))
            // Government accounts do not reach the enterprise's own pages.
            let county = Browser(app, ip: "10.61.0.5")
            try await county.login("county-gjz")
            #expect(try await county.get("/my/digital/\(id)").status == .forbidden)
        }
    }

    @Test("管理员新建并发布第2版：无效 JSON 与校验不通过的定义被拒且不改变草稿；发布后新评测用第2版，已完成的仍为第1版")
    func adminPublishesVersion() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let enterprise = Browser(app, ip: "10.61.0.6")
            try await enterprise.login("ent-e1")
            let completed = try await Self.start(enterprise)
            _ = try await Self.answerAll(enterprise, id: completed, questionnaire: StandardQuestionnaires.manufacturing) { $0.bestChoice }

            let admin = Browser(app, ip: "10.61.0.7")
            try await admin.login("admin")
            let list = try await admin.get("/admin/questionnaires")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("制造业评测表") && list.body.string.contains("第1版"))
            let created = try await admin.post("/admin/questionnaires/new", form: ["category": "manufacturing"],
                                               csrfFrom: "/admin/questionnaires")
            #expect(created.status == .seeOther)
            let draft = try #require(try await QuestionnaireRecord.query(on: app.db)
                .filter(\.$category == QuestionnaireCategory.manufacturing).filter(\.$version == 2).first())
            let draftID = try #require(draft.id)
            #expect(draft.status == .draft)
            let before = draft.definitionJSON

            let invalid = try await admin.post("/admin/questionnaires/\(draftID)", form: ["definition": "{\"category\": "],
                                               csrfFrom: "/admin/questionnaires/\(draftID)")
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("不是有效的JSON"))
            var broken = StandardQuestionnaires.manufacturing
            broken.sections[0].questions[0].options[0].points = -3
            broken.sections[1].weight = 30
            let negative = try await admin.post("/admin/questionnaires/\(draftID)", form: ["definition": broken.prettyJSON],
                                                csrfFrom: "/admin/questionnaires/\(draftID)")
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.body.string.contains("分值为负数"))
            #expect(negative.body.string.contains("各部分分值合计为110分，应为100分"))
            #expect(try await QuestionnaireRecord.find(draftID, on: app.db)?.definitionJSON == before)

            var edited = StandardQuestionnaires.manufacturing
            edited.title = "中小企业数字化水平评测表（制造业，第二版）"
            let saved = try await admin.post("/admin/questionnaires/\(draftID)", form: ["definition": edited.prettyJSON],
                                             csrfFrom: "/admin/questionnaires/\(draftID)")
            #expect(saved.status == .seeOther)
            // Without confirmation the server asks first.
            let asked = try await admin.post("/admin/questionnaires/\(draftID)/publish", form: [:],
                                             csrfFrom: "/admin/questionnaires/\(draftID)")
            #expect(asked.status == .ok && asked.body.string.contains("确定发布"))
            #expect(try await QuestionnaireRecord.find(draftID, on: app.db)?.status == .draft)
            let published = try await admin.post("/admin/questionnaires/\(draftID)/publish", form: ["confirmed": "1"],
                                                 csrfFrom: "/admin/questionnaires/\(draftID)")
            #expect(published.status == .seeOther)
            let versions = try await QuestionnaireRecord.query(on: app.db).filter(\.$category == QuestionnaireCategory.manufacturing).all()
            #expect(versions.first { $0.version == 2 }?.status == .published)
            #expect(versions.first { $0.version == 1 }?.status == .superseded)

            let fresh = try await Self.start(enterprise)
            #expect(try await DigitalAssessmentRecord.find(fresh, on: app.db)?.questionnaireVersion == 2)
            #expect(try await enterprise.get("/my/digital/\(fresh)?step=1").body.string.contains("第二版"))
            #expect(try await DigitalAssessmentRecord.find(completed, on: app.db)?.questionnaireVersion == 1)
            #expect(try await enterprise.get("/my/digital/\(completed)").body.string.contains("第1版"))
            // Enterprises cannot open the administration.
            #expect(try await enterprise.get("/admin/questionnaires").status == .forbidden)
        }
    }

    @Test("演示数据：ent-demo 的企业两次完成评测、以最新一次为准，其他演示企业覆盖多个等级，另有一份草稿")
    func demoAssessments() async throws {
        try await withSeedbedApp({ $0.demo = true; $0.demoEnterprises = 300 }) { app in
            try await DemoCommand.loadIfEmpty(app, console: Terminal())
            let showcase = try #require(try await User.query(on: app.db).filter(\.$account == "ent-demo").first()?.enterpriseID)
            let attempts = try await DigitalAssessmentRecord.query(on: app.db).all()
            #expect(attempts.filter { $0.enterpriseID == showcase && $0.status == .completed }.count == 2)
            let latest = try #require(try await DigitalAssessments.latest(enterpriseID: showcase, on: app.db))
            #expect(latest.level == 3)
            let levels = Set(attempts.filter { $0.status == .completed }.map { $0.level ?? 0 })
            #expect(levels.isSuperset(of: [0, 1, 2, 3, 4]), "demo levels \(levels)")
            #expect(attempts.filter { $0.status == .draft }.count == 1)
            let browser = Browser(app, ip: "10.61.9.2")
            try await browser.login("ent-demo", password: DemoAccounts.password)
            let page = try await browser.get("/my/digital")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("三级"))
            #expect(page.body.string.components(separatedBy: ">详情<").count - 1 == 2)
        }
    }
}

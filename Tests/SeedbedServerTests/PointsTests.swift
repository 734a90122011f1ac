import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("创新积分：计算、发布、查询与榜单")
struct PointsTests {
    @Test("火炬中心计算积分，审核发布后企业收到消息，看到每项指标得分、提分建议和榜单名次")
    func runReviewPublishAndExplain() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            let national = Browser(app, ip: "10.9.0.1")
            try await national.login("national")
            let scheme = try await PointsWorld.nationalScheme(app)
            let runID = try await PointsWorld.run(app, national, scheme: scheme.id ?? 0)
            let run = try #require(try await ScoringRun.find(runID, on: app.db))
            #expect(run.status == .computed, "\(run.message ?? "")")
            #expect(run.enterprises == 23)
            let review = try await national.get("/points/runs/\(runID)")
            #expect(review.status == .ok)
            #expect(review.body.string.contains("审核通过并发布"))
            #expect(review.body.string.contains("测试大连高新区 · \(PointsWorld.year(app)) 年度 · 成长期"))

            // Nobody outside the owner sees a run before it is published.
            let enterprise = Browser(app, ip: "10.9.0.2")
            try await enterprise.login("ent-e1")
            #expect(try await enterprise.get("/my/scores").body.string.contains("还没有已发布的积分结果"))
            let county = Browser(app, ip: "10.9.0.3")
            try await county.login("county-gjz")
            #expect(!(try await county.get("/points/results?run=\(runID)").body.string.contains("大连甘井子一号")))
            let zone = Browser(app, ip: "10.9.0.4")
            try await zone.login("zone-dl")
            #expect(try await zone.get("/points/runs/\(runID)").status == .notFound)
            #expect(try await zone.post("/points/runs/\(runID)/publish", form: ["confirmed": "1"], csrfFrom: "/workbench").status
                == .notFound)
            #expect(try await ScoringRun.find(runID, on: app.db)?.status == .computed)

            let published = try await national.post("/points/runs/\(runID)/publish", form: ["confirmed": "1"],
                                                     csrfFrom: "/workbench")
            #expect(published.status == .seeOther)
            #expect(try await ScoringRun.find(runID, on: app.db)?.status == .published)
            let again = try await national.post("/points/runs/\(runID)/publish", form: ["confirmed": "1"], csrfFrom: "/workbench")
            #expect(again.status == .seeOther)
            let e1 = try fixtures.enterprise("e1")
            let messages = try await EnterpriseMessage.query(on: app.db).filter(\.$enterpriseID == e1)
                .filter(\.$category == .pointsResult).all()
            #expect(messages.count == 1, "published once, one message")
            #expect(try await EnterpriseMessage.query(on: app.db).filter(\.$category == .pointsResult).count() == 23)
            #expect(try await enterprise.get("/my/messages").body.string.contains("年度创新积分已发布"))

            let result = try await PointsWorld.result(app, run: runID, enterprise: e1)
            #expect(result.rank == 1)
            #expect(result.listIndex == 0, "the strongest of 20 takes the one seat of 领跑榜")
            #expect(result.cohortSize == 20)
            let list = try await enterprise.get("/my/scores")
            #expect(list.body.string.contains("/my/scores/\(result.id ?? 0)"))
            let detail = try await enterprise.get("/my/scores/\(result.id ?? 0)")
            #expect(detail.status == .ok)
            for text in ["各项指标得分", "研发费用总额", "组内百分位", "如何提高积分", "领跑榜（第 1 名）", "本平台默认方案，可由管理部门调整"] {
                #expect(detail.body.string.contains(text), "\(text)")
            }
            let other = try await PointsWorld.result(app, run: runID, enterprise: try fixtures.enterprise("e2"))
            #expect(try await enterprise.get("/my/scores/\(other.id ?? 0)").status == .notFound)
            let weak = try await PointsWorld.result(app, run: runID, enterprise: try fixtures.enterprise("e5"))
            let e5 = Browser(app, ip: "10.9.0.5")
            let e5User = User(account: "ent-e5", name: "e5", role: .enterprise, organizationID: nil,
                              enterpriseID: try fixtures.enterprise("e5"), phone: "13800138005",
                              passwordHash: try await app.password.async.hash(Fixtures.password), mustChangePassword: false,
                              now: app.clock.now())
            try await e5User.create(on: app.db)
            try await e5.login("ent-e5")
            let weakDetail = try await e5.get("/my/scores/\(weak.id ?? 0)")
            #expect(weakDetail.body.string.contains("第 14 名 / 共 20 家"))
            #expect(weakDetail.body.string.contains("取得该项资质（1） +5.00 分"), "a weak enterprise gets steps within reach")
            let rankings = try await enterprise.get("/my/rankings")
            #expect(rankings.body.string.contains("大连甘井子一号科技有限公司（本企业）"))
            #expect(rankings.body.string.contains("领跑榜"))
            let e5Rankings = try await e5.get("/my/rankings")
            #expect(e5Rankings.body.string.contains("大连甘井子一号科技有限公司"), "the honour list names those on it")
            #expect(!e5Rankings.body.string.contains(PointsFormat.score(result.total)), "but shows nobody's score")
        }
    }

    @Test("积分结果与榜单只含数据范围内的企业，范围外的明细一律 404，导出同样受限")
    func resultsFollowScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            let runID = try await PointsWorld.publishedNationalRun(app)
            let expected: [String: Set<String>] = [
                "national": ["e1", "e2", "e3", "e4", "e5"], "prov-ln": ["e1", "e2", "e5"], "county-gjz": ["e1", "e5"],
                "county-ls": ["e2"], "county-yb": ["e3"], "zone-dl": ["e1", "e5"], "zone-cq": ["e3"], "incubator-dl": ["e5"],
            ]
            for (account, visible) in expected {
                let browser = Browser(app)
                try await browser.login(account)
                let page = try await browser.get("/points/results?run=\(runID)&per=100")
                #expect(page.status == .ok)
                for key in ["e1", "e2", "e3", "e4", "e5"] {
                    let name = Fixtures.enterpriseCodes[key]?.name ?? "?"
                    #expect(page.body.string.contains(name) == visible.contains(key), "\(account) list \(key)")
                    let result = try await PointsWorld.result(app, run: runID, enterprise: try fixtures.enterprise(key))
                    let detail = try await browser.get("/points/results/\(result.id ?? 0)")
                    #expect(detail.status == (visible.contains(key) ? .ok : .notFound), "\(account) detail \(key)")
                }
            }
            let zone = Browser(app)
            try await zone.login("zone-dl")
            let rankings = try await zone.get("/points/rankings?run=\(runID)")
            #expect(rankings.body.string.contains("大连甘井子一号科技有限公司"))
            #expect(rankings.body.string.contains("领跑榜"))
            #expect(!rankings.body.string.contains("大连积分测试1号有限公司"), "the weakest is on no list")

            let county = Browser(app)
            try await county.login("county-ls")
            let export = try await county.post("/exports/scores?run=\(runID)", form: [:])
            #expect(export.status == .ok)
            #expect(export.headers.contentType?.subType.contains("spreadsheetml") == true)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue)
                .filter(\.$targetType == "scores").sort(\.$id, .descending).first()
            #expect(audit?.detail?.contains("；1 行") == true, "\(audit?.detail ?? "")")
            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            #expect(try await enterprise.get("/points/results?run=\(runID)").status == .forbidden)
            #expect(try await enterprise.post("/exports/scores?run=\(runID)", form: [:]).status == .forbidden)
        }
    }

    @Test("高新区在国家方案基础上新建本区方案：调权重校验、增加本地指标（18+M）、试算、发布，并按本区方案计算")
    func zoneSchemeLifecycle() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            let zone = Browser(app, ip: "10.8.0.1")
            try await zone.login("zone-dl")
            let list = try await zone.get("/points/schemes")
            #expect(list.body.string.contains("本平台默认方案，可由管理部门调整"))
            #expect(!list.body.string.contains("尚未公开确认"), "no internal caveat on a page users read")
            let created = try await zone.post("/points/schemes", form: [:], csrfFrom: "/points/schemes")
            #expect(created.status == .seeOther)
            let zoneID = try #require(fixtures.organizations["zone-dl"])
            let draft = try #require(try await SchemeRecord.query(on: app.db).filter(\.$ownerOrgID == zoneID).first())
            let id = try #require(draft.id)
            #expect(draft.status == .draft)
            #expect(try draft.draft().basedOn == InnovationScheme.platformDefault.reference)

            // Another zone neither reads nor changes it; the national scheme is not the zone's to edit.
            let other = Browser(app, ip: "10.8.0.2")
            try await other.login("zone-cq")
            #expect(try await other.get("/points/schemes/\(id)").status == .notFound)
            #expect(try await other.post("/points/schemes/\(id)/delete", form: ["confirmed": "1"], csrfFrom: "/workbench").status
                == .notFound)
            let national = try await PointsWorld.nationalScheme(app)
            let nationalBefore = national.content
            #expect(try await zone.post("/points/schemes/\(national.id ?? 0)", form: ["name": "改"], csrfFrom: "/workbench").status
                == .notFound)
            #expect(try await SchemeRecord.find(national.id ?? 0, on: app.db)?.content == nationalBefore)

            // Weights that no longer add up to 100 are refused with the reason, and nothing changes.
            var form = SchemeViews.formValues(try draft.draft())
            form[SchemeEditor.weightField(0, 1)] = "9"
            let refused = try await zone.post("/points/schemes/\(id)", form: form, csrfFrom: "/points/schemes/\(id)/edit")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("「成长期」基础指标（技术创新、成长经营、辅助）权重合计为 102，应为满分 100"))
            form[SchemeEditor.weightField(0, 1)] = "abc"
            let notNumber = try await zone.post("/points/schemes/\(id)", form: form, csrfFrom: "/points/schemes/\(id)/edit")
            #expect(notNumber.status == .unprocessableEntity)
            #expect(notNumber.body.string.contains("权重应为数字"))
            #expect(try await SchemeRecord.find(id, on: app.db)?.content == draft.content)

            // Moving two points from revenue growth to R&D expense in 成长期 keeps the sum.
            form[SchemeEditor.weightField(0, 1)] = "9"
            form[SchemeEditor.weightField(11, 1)] = "10"
            let saved = try await zone.post("/points/schemes/\(id)", form: form, csrfFrom: "/points/schemes/\(id)/edit")
            #expect(saved.status == .seeOther, "\(Browser.alertText(saved.body.string) ?? "")")
            let edited = try #require(try await SchemeRecord.find(id, on: app.db)).draft()
            #expect(edited.indicators[0].weight(in: .growth) == 9)
            #expect(edited.indicators[11].weight(in: .growth) == 10)

            // A local indicator: the others shrink so every stage still adds up to 100.
            let indicator = ["id": "local_talent", "name": "本地人才引进", "group": "auxiliary", "fact": "st_staff",
                             "method": "percentile", "direction": "higher", "weight_0": "10", "weight_1": "10",
                             "weight_2": "10", "rescale": "1"]
            let badIndicator = try await zone.post("/points/schemes/\(id)/indicators",
                                                   form: indicator.merging(["id": "本地"], uniquingKeysWith: { $1 }),
                                                   csrfFrom: "/points/schemes/\(id)/indicators/new")
            #expect(badIndicator.status == .unprocessableEntity)
            #expect(badIndicator.body.string.contains("指标编号只能由英文字母、数字和下划线组成"))
            let added = try await zone.post("/points/schemes/\(id)/indicators", form: indicator,
                                            csrfFrom: "/points/schemes/\(id)/indicators/new")
            #expect(added.status == .seeOther, "\(Browser.fieldErrors(added.body.string)) \(Browser.alertText(added.body.string) ?? "")")
            let extended = try #require(try await SchemeRecord.find(id, on: app.db)).draft()
            #expect(extended.indicators.count == 20)
            #expect(extended.validate().isEmpty)
            #expect(abs((extended.indicators.last?.weight(in: .growth) ?? 0) - 10) < 1e-9)
            // A national indicator cannot be removed by the zone.
            let removeNational = try await zone.post("/points/schemes/\(id)/indicators/0/delete", form: ["confirmed": "1"],
                                                     csrfFrom: "/workbench")
            #expect(removeNational.status == .seeOther)
            #expect(try await SchemeRecord.find(id, on: app.db).map { try $0.draft().indicators.count } == 20)

            // Try it on last year's facts.
            let trial = try await zone.post("/points/schemes/\(id)/try", form: ["year": String(PointsWorld.year(app))],
                                            csrfFrom: "/points/schemes/\(id)")
            #expect(trial.location.hasPrefix("/jobs/"))
            try await app.jobs.drain(app)
            let tried = try #require(try await SchemeRecord.find(id, on: app.db))
            let result = try #require(tried.parsedTrial)
            #expect(result.enterprises == 20, "the zone's enterprises only")
            #expect(result.transitions.flatMap { $0 }.reduce(0, +) == 20)
            #expect(!(result.risers + result.fallers).isEmpty, "new weights move totals")
            #expect((result.risers + result.fallers).allSatisfy { !$0.name.isEmpty && $0.uscc.count == 18 })
            let page = try await zone.get("/points/schemes/\(id)")
            #expect(page.body.string.contains("试算结果"))
            #expect(page.body.string.contains("榜单变化企业"))

            // Publish, then a zone run uses the zone's scheme over the zone's enterprises.
            let day = LocalDate(chinaTimeOf: app.clock.now()).description
            let publish = try await zone.post("/points/schemes/\(id)/publish", form: ["effective_from": day, "confirmed": "1"],
                                              csrfFrom: "/points/schemes/\(id)")
            #expect(publish.status == .seeOther)
            #expect(try await SchemeRecord.find(id, on: app.db)?.status == .published)
            #expect(try await zone.post("/points/schemes/\(id)", form: form, csrfFrom: "/workbench").status == .conflict,
                    "a published version is never edited")
            let runID = try await PointsWorld.run(app, zone, scheme: id)
            let run = try #require(try await ScoringRun.find(runID, on: app.db))
            #expect(run.status == .computed, "\(run.message ?? "")")
            #expect(run.enterprises == 20)
            #expect(run.ownerOrgID == zoneID)
            #expect(try run.scheme().indicators.count == 20)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$targetType == "scheme").count()
            #expect(audit >= 5)
        }
    }

    @Test("企业授权后合作银行可通过接口查询积分，撤销后立即不能查询；其他令牌与未授权企业一律拒绝")
    func partnerAPIRequiresConsent() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            _ = try await PointsWorld.publishedNationalRun(app)
            let bank = User(account: "bank", name: "测试银行", role: .partner, organizationID: nil, enterpriseID: nil,
                            phone: "13800138009", passwordHash: try await app.password.async.hash(Fixtures.password),
                            mustChangePassword: false, now: app.clock.now())
            try await bank.create(on: app.db)
            let token = try await Fixtures.token(for: "bank", on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let e1 = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
            let path = "/api/v1/scores?enterprise=\(e1.uscc)"

            let before = try await app.testing().sendRequest(.GET, path, headers: headers)
            #expect(before.status == .notFound)
            #expect(before.body.string.contains("\"code\":\"not_found\""))

            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            let grant = try await enterprise.post("/my/settings/consent", form: ["action": "grant"], csrfFrom: "/my/settings")
            #expect(grant.status == .seeOther)
            let granted = try await app.testing().sendRequest(.GET, path, headers: headers)
            #expect(granted.status == .ok)
            struct Report: Decodable {
                struct Score: Decodable {
                    let total: Double
                    let rank: Int
                    let list: String?
                    let indicators: [Indicator]
                }

                struct Indicator: Decodable { let id: String }
                let scores: [Score]
            }
            let report = try granted.content.decode(Report.self)
            let score = try #require(report.scores.first)
            #expect(score.rank == 1)
            #expect(score.list == "领跑榜")
            #expect(score.indicators.count == InnovationScheme.platformDefault.indicators.count)

            // Another enterprise that did not consent stays closed; other roles' tokens are refused.
            let e2 = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/scores?enterprise=\(e2.uscc)", headers: headers).status
                == .notFound)
            var national = HTTPHeaders()
            national.bearerAuthorization = BearerAuthorization(token: try await Fixtures.token(for: "national", on: app))
            #expect(try await app.testing().sendRequest(.GET, path, headers: national).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/scores", headers: headers).status == .badRequest)
            let bad = try await app.testing().sendRequest(.GET, "/api/v1/scores?enterprise=123", headers: headers)
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("\"code\":\"invalid_parameter\""))

            let revoke = try await enterprise.post("/my/settings/consent", form: ["action": "revoke", "confirmed": "1"],
                                                   csrfFrom: "/my/settings")
            #expect(revoke.status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, path, headers: headers).status == .notFound)
            let consentAudit = try await AuditEntry.query(on: app.db).filter(\.$targetType == "score_consent").all()
            #expect(consentAudit.map(\.action).sorted() == [AuditAction.create.rawValue, AuditAction.delete.rawValue])
            let reads = try await AuditEntry.query(on: app.db).filter(\.$targetType == "score_api").count()
            #expect(reads == 4, "every bank read is audited, refused ones too")
            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(document.body.string.contains("企业创新积分（合作金融机构）"))
            #expect(document.body.string.contains("ScoreReport"))
        }
    }
}

@Suite("积分明细的存储格式")
struct BreakdownCodecTests {
    @Test("按块逐指标打包与逐家企业编码得到相同字节，解码还原数值、缺失值与百分位")
    func packAndDecode() throws {
        // A small scored population: two cohorts, some values missing, every stage.
        let scheme = InnovationScheme.platformDefault
        let count = 60
        var frame = FactFrame(count: count)
        for (column, fact) in Set(scheme.indicators.map(\.fact)).sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            frame.setColumn(fact, (0..<count).map { slot in (slot + column) % 7 == 0 ? .nan : Double((slot * 37 + column * 11) % 101) })
        }
        let input = ScoringInput(frame: frame, cohorts: (0..<count).map { Int32($0 % 2) }, cohortCount: 2,
                                 stages: (0..<count).map { UInt8($0 % scheme.stages.count) })
        let result = try ScoringEngine(scheme: scheme).score(input)
        let lines = scheme.indicators.count
        let slots = result.slotsInRankOrder[7..<41]
        let packed = BreakdownCodec.pack(result, slots: slots, lines: lines)
        #expect(packed.count == slots.count * lines * 16)
        for (offset, slot) in slots.enumerated() {
            var one: [BreakdownCodec.Line] = []
            result.forEachLine(ofSlot: slot) { value, percentile, points in
                one.append(BreakdownCodec.Line(value: value.isNaN ? nil : value, percentile: percentile, points: points))
            }
            let stride = lines * 16
            #expect(Array(BreakdownCodec.encode(one)) == Array(packed[(offset * stride)..<((offset + 1) * stride)]), "slot \(slot)")
        }
        let decoded = BreakdownCodec.decode(BreakdownCodec.encode([
            BreakdownCodec.Line(value: 12.5, percentile: 0.75, points: 6), BreakdownCodec.Line(value: nil, percentile: nil, points: 0),
            BreakdownCodec.Line(value: 0.0593, percentile: 1, points: -10),
        ]))
        #expect(decoded.map(\.value) == [12.5, nil, 0.0593])
        #expect(decoded.map(\.percentile) == [0.75, nil, 1])
        #expect(decoded.map(\.points) == [6, 0, -10])
        #expect(BreakdownCodec.decode(Data(packed.prefix(20))).count == 1, "a damaged tail is ignored")
        #expect(BreakdownCodec.pack(result, slots: [count + 5, -1], lines: lines) == [UInt8](repeating: 0, count: 2 * lines * 16),
                "slots out of range write nothing")
    }
}

extension PointsTests {
    /// The option labels of a select on a page, without its leading 全部.
    static func options(_ name: String, in html: String) -> [String] {
        guard let select = Browser.extract(#"<select[^>]*name="\#(name)"[^>]*>([\s\S]*?)</select>"#, from: html) else { return [] }
        return Browser.extractAll(#"<option[^>]*>([^<]*)</option>"#, from: select).filter { $0 != "全部" }
    }

    @Test("榜单与积分结果的比较组、计算批次下拉只列数据范围内的：区县看不到全国的比较组，也看不到别处高新区的批次")
    func choicesFollowScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            let runID = try await PointsWorld.publishedNationalRun(app)
            // A published run of 测试大连高新区 holding its enterprises' scores (copied from the national run).
            let national = try #require(try await ScoringRun.find(runID, on: app.db))
            let zoneRun = ScoringRun()
            zoneRun.schemeID = national.schemeID
            zoneRun.ownerOrgID = fixtures.organizations["zone-dl"]
            zoneRun.year = national.year
            zoneRun.status = RunStatus.published
            zoneRun.enterprises = 0
            zoneRun.cohorts = national.cohorts
            zoneRun.schemeContent = national.schemeContent
            zoneRun.cohortKeys = national.cohortKeys
            zoneRun.scopeLabel = "测试大连高新区专属批次"
            zoneRun.createdBy = national.createdBy
            zoneRun.createdAt = Date()
            zoneRun.publishedAt = Date()
            try await zoneRun.create(on: app.db)
            let sql = try #require(app.db as? any SQLDatabase)
            let columns = "enterprise_id, region_code, zone_id, incubator_id, year, cohort, stage, total, rank, cohort_size, list_index, meets_line, breakdown"
            try await sql.raw("""
                INSERT INTO score_results (run_id, \(unsafeRaw: columns))
                SELECT \(bind: zoneRun.id ?? 0), \(unsafeRaw: columns) FROM score_results
                WHERE run_id = \(bind: runID) AND zone_id = \(bind: fixtures.organizations["zone-dl"] ?? 0)
                """).run()

            var seen: [String: (cohorts: [String], runs: [String])] = [:]
            for account in ["national", "county-yb", "zone-cq", "county-gjz", "zone-dl", "county-ls"] {
                let browser = Browser(app)
                try await browser.login(account)
                let rankings = try await browser.get("/points/rankings?run=\(runID)").body.string
                let results = try await browser.get("/points/results?run=\(runID)").body.string
                seen[account] = (Self.options("cohort", in: rankings), Self.options("run", in: rankings))
                #expect(Self.options("cohort", in: results) == seen[account]?.cohorts, "\(account): 积分结果 as 榜单")
                #expect(Self.options("run", in: results) == seen[account]?.runs, "\(account): 积分结果 as 榜单")
            }
            let all = try #require(seen["national"]).cohorts
            #expect(all.contains { $0.hasPrefix("重庆市") } && all.contains { $0.hasPrefix("测试大连高新区") }, "\(all)")
            for account in ["county-yb", "zone-cq"] {
                let cohorts = try #require(seen[account]).cohorts
                #expect(cohorts.count == 1 && cohorts.allSatisfy { $0.hasPrefix("测试重庆两江新区") }, "\(account): \(cohorts)")
            }
            let gjz = try #require(seen["county-gjz"]).cohorts
            #expect(!gjz.isEmpty && gjz.allSatisfy { $0.hasPrefix("测试大连高新区") }, "\(gjz)")
            #expect(try #require(seen["county-ls"]).cohorts.allSatisfy { $0.hasPrefix("辽宁省大连市") })
            #expect(all.count > gjz.count + 1)

            for (account, seesZoneRun) in ["national": true, "zone-dl": true, "county-gjz": true, "county-yb": false,
                                           "zone-cq": false, "county-ls": false] {
                let runs = try #require(seen[account]).runs
                #expect(runs.contains { $0.contains("全部企业") }, "\(account): \(runs)")
                #expect(runs.contains { $0.contains("测试大连高新区专属批次") } == seesZoneRun, "\(account): \(runs)")
            }
        }
    }

    @Test("直辖市的市辖区与县是两个比较组，名称可区分")
    func municipalityCohortsAreTold() {
        let names = CohortNames(zones: [:])
        #expect(names.area("city:5001") == "重庆市（市辖区）")
        #expect(names.area("city:5002") == "重庆市（县）")
        #expect(names.area("city:2102") == "辽宁省大连市")
    }
}

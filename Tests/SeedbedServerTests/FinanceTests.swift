import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 金融超市 (D12): banks manage only their own products and applications, enterprises apply only with consent and
/// when they meet the conditions, decisions go through the state machine once, the public sees only 上架.
@Suite("金融超市")
struct FinanceTests {
    /// Two banks with one partner account each, four products, and published scores: e1 80 分, e2 40 分.
    struct World {
        let fixtures: Fixtures
        let bankA: Int
        let bankB: Int
        /// 大连测试银行: no conditions, listed.
        let open: Int
        /// 大连测试银行: 创新积分不低于 70 分, listed.
        let scored: Int
        /// 大连测试银行: 下架.
        let hidden: Int
        /// 重庆测试银行: listed.
        let other: Int
    }

    static func world(_ app: Application) async throws -> World {
        let fixtures = try await Fixtures.make(app)
        let db = app.db
        let now = app.clock.now()
        let a = FinancialInstitution(name: "大连测试银行股份有限公司", shortName: "大连测试银行", contact: "0411-1", at: now)
        let b = FinancialInstitution(name: "重庆测试银行股份有限公司", shortName: "重庆测试银行", contact: "023-1", at: now)
        try await a.create(on: db)
        try await b.create(on: db)
        let bankA = try #require(a.id)
        let bankB = try #require(b.id)
        let hash = try await app.password.async.hash(Fixtures.password)
        for (account, institution) in [("bank-a", Optional(bankA)), ("bank-b", Optional(bankB)), ("bank-none", nil)] {
            let user = User(account: account, name: "测试" + account, role: .partner, organizationID: nil, enterpriseID: nil,
                            phone: "13800138009", passwordHash: hash, mustChangePassword: false, now: now)
            try await user.create(on: db)
            if let institution { try await InstitutionMember(userID: try #require(user.id), institutionID: institution, at: now).create(on: db) }
        }
        func product(_ bank: Int, _ name: String, minScore: Double? = nil, status: FinanceProductStatus = .listed,
                     type: FinanceProductType = .credit, amount: Double = 500) async throws -> Int {
            let product = FinanceProduct()
            product.institutionID = bank
            product.name = name
            product.type = type
            product.rateMin = 3.5
            product.rateMax = 4.5
            product.amountMax = amount
            product.termMonths = 12
            product.minScore = minScore
            product.description = name + "介绍"
            product.contact = "联系电话"
            product.status = status
            product.createdAt = now
            product.updatedAt = now
            try await product.create(on: db)
            return try #require(product.id)
        }
        let open = try await product(bankA, "大连开放贷")
        let scored = try await product(bankA, "大连积分贷", minScore: 70, type: .techLoan, amount: 1000)
        let hidden = try await product(bankA, "大连下架贷", status: .unlisted)
        let other = try await product(bankB, "重庆信用贷", type: .ipPledge, amount: 200)
        // Published scores, pinned: e1 80 (领跑榜), e2 40 (no list).
        try await PointsWorld.seed(app, fixtures)
        let run = try await PointsWorld.publishedNationalRun(app)
        for (key, total, list) in [("e1", 80.0, 0), ("e2", 40.0, -1)] {
            let result = try await PointsWorld.result(app, run: run, enterprise: try fixtures.enterprise(key))
            result.total = total
            result.listIndex = list
            try await result.save(on: db)
        }
        return World(fixtures: fixtures, bankA: bankA, bankB: bankB, open: open, scored: scored, hidden: hidden, other: other)
    }
}

extension FinanceTests {
    static func signedIn(_ app: Application, _ account: String, ip: String = "10.30.0.1") async throws -> Browser {
        let browser = Browser(app, ip: ip)
        try await browser.login(account)
        return browser
    }

    /// e1 applies for `product` with consent; returns the application id.
    static func apply(_ app: Application, _ enterprise: Browser, product: Int, amount: String = "100") async throws -> Int {
        let response = try await enterprise.post("/my/finance/products/\(product)",
                                                 form: ["amount": amount, "purpose": "采购研发设备", "consent": "1"],
                                                 csrfFrom: "/my/finance/products/\(product)")
        #expect(response.status == .seeOther, "apply: \(response.status.code) \(Browser.alertText(response.body.string) ?? "")")
        return try #require(try await FinanceApplication.query(on: app.db).sort(\.$id, .descending).first()?.id)
    }

    @Test("公开的金融超市只列上架产品，可按类型、机构、额度筛选；下架产品的详情 404")
    func publicPageShowsOnlyListed() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let visitor = Browser(app, ip: "10.30.0.9")
            let page = try await visitor.get("/finance")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("大连开放贷") && html.contains("大连积分贷") && html.contains("重庆信用贷"))
            #expect(!html.contains("大连下架贷"))
            #expect(try await visitor.get("/finance/\(world.hidden)").status == .notFound)
            let detail = try await visitor.get("/finance/\(world.scored)").body.string
            #expect(detail.contains("创新积分不低于 70 分") && detail.contains("大连测试银行股份有限公司"))
            let byType = try await visitor.get("/finance?type=ip_pledge").body.string
            #expect(byType.contains("重庆信用贷") && !byType.contains("大连开放贷"))
            let byBank = try await visitor.get("/finance?institution=\(world.bankB)").body.string
            #expect(byBank.contains("重庆信用贷") && !byBank.contains("大连积分贷"))
            let byAmount = try await visitor.get("/finance?amount=800").body.string
            #expect(byAmount.contains("大连积分贷") && !byAmount.contains("大连开放贷") && !byAmount.contains("重庆信用贷"))
            // The old finance articles' attachment route is gone; the public menu still leads to the market.
            #expect(try await visitor.get("/finance/\(world.open)/attachment").status == .notFound)
        }
    }

    @Test("银行只能管理本机构的产品：新增、编辑、上下架；校验用中文；他行产品的每个地址都是 404")
    func bankManagesOnlyItsOwnProducts() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let bankA = try await Self.signedIn(app, "bank-a")
            let bankB = try await Self.signedIn(app, "bank-b", ip: "10.30.0.2")
            let list = try await bankA.get("/bank/products").body.string
            #expect(list.contains("大连开放贷") && list.contains("大连下架贷") && !list.contains("重庆信用贷"))
            let bad = try await bankA.post("/bank/products", form: [
                "name": "", "type": "credit", "rate_min": "5", "rate_max": "4.123", "amount_max": "-1", "term_months": "0",
                "description": "介绍", "contact": "电话", "region_code": "999999",
            ], csrfFrom: "/bank/products/new")
            #expect(bad.status == .unprocessableEntity)
            let errors = Browser.fieldErrors(bad.body.string)
            for message in ["请填写产品名称", "最高年利率最多保留两位小数", "最高额度须在 0.01 至 1000000 之间",
                            "贷款期限须为 1 至 360 之间的整数（月）"] {
                #expect(errors.contains(message), "\(message) in \(errors)")
            }
            #expect(errors.contains { $0.hasPrefix("地区代码须为 6 位行政区划代码") })
            let inverted = try await bankA.post("/bank/products", form: [
                "name": "倒挂贷", "type": "credit", "rate_min": "5", "rate_max": "4", "amount_max": "100", "term_months": "12",
                "description": "介绍", "contact": "电话",
            ], csrfFrom: "/bank/products/new")
            #expect(Browser.fieldErrors(inverted.body.string).contains("最高年利率不能低于最低年利率"))
            #expect(try await FinanceProduct.query(on: app.db).count() == 4)
            let created = try await bankA.post("/bank/products", form: [
                "name": "大连新产品", "type": "ip_pledge", "rate_min": "3.6", "rate_max": "4.25", "amount_max": "300",
                "term_months": "24", "min_score": "60", "max_list": "1", "region_code": "210200", "description": "介绍",
                "contact": "电话",
            ], csrfFrom: "/bank/products/new")
            #expect(created.status == .seeOther)
            let product = try #require(try await FinanceProduct.query(on: app.db).filter(\.$name == "大连新产品").first())
            #expect(product.institutionID == world.bankA && product.status == .unlisted && product.rateMax == 4.25)
            #expect(product.maxListIndex == 1 && product.regionCode == "210200")
            let id = try #require(product.id)
            #expect(!(try await Browser(app, ip: "10.30.0.8").get("/finance").body.string.contains("大连新产品")))
            let listed = try await bankA.post("/bank/products/\(id)/status", form: ["confirmed": "1"], csrfFrom: "/bank/products")
            #expect(listed.status == .seeOther)
            #expect(try await FinanceProduct.find(id, on: app.db)?.status == .listed)
            #expect(try await Browser(app, ip: "10.30.0.8").get("/finance").body.string.contains("大连新产品"))
            // Without confirmation the server asks first and changes nothing.
            let ask = try await bankA.post("/bank/products/\(id)/status", form: [:], csrfFrom: "/bank/products")
            #expect(ask.status == .ok && ask.body.string.contains("确定下架"))
            #expect(try await FinanceProduct.find(id, on: app.db)?.status == .listed)

            // Bank B reaches none of bank A's products by any URL, and changes nothing.
            for path in ["/bank/products/\(world.open)", "/bank/products/\(id)"] {
                #expect(try await bankB.get(path).status == .notFound, "\(path)")
                let edit = try await bankB.post(path, form: ["name": "被篡改", "type": "credit", "rate_min": "1", "rate_max": "2",
                                                             "amount_max": "1", "term_months": "1", "description": "x",
                                                             "contact": "x"], csrfFrom: "/bank/products")
                #expect(edit.status == .notFound, "\(path)")
                let toggle = try await bankB.post(path + "/status", form: ["confirmed": "1"], csrfFrom: "/bank/products")
                #expect(toggle.status == .notFound, "\(path)/status")
            }
            #expect(try await FinanceProduct.find(world.open, on: app.db)?.name == "大连开放贷")
            #expect(try await FinanceProduct.find(world.open, on: app.db)?.status == .listed)
            // A partner account without an institution is refused.
            let orphan = try await Self.signedIn(app, "bank-none", ip: "10.30.0.3")
            #expect(try await orphan.get("/bank/products").status == .forbidden)
            #expect(try await orphan.get("/bank/applications").status == .forbidden)
        }
    }

    @Test("企业申请：须勾选授权、满足积分条件、额度不超上限；通过后银行看到申请和授权的积分")
    func applyingNeedsConsentAndConditions() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let e1 = try await Self.signedIn(app, "ent-e1")
            let e2 = try await Self.signedIn(app, "ent-e2", ip: "10.30.0.4")
            let market = try await e1.get("/my/finance")
            #expect(market.status == .ok && market.body.string.contains("大连积分贷") && !market.body.string.contains("大连下架贷"))

            let noConsent = try await e1.post("/my/finance/products/\(world.scored)",
                                              form: ["amount": "100", "purpose": "采购设备"],
                                              csrfFrom: "/my/finance/products/\(world.scored)")
            #expect(noConsent.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(noConsent.body.string).contains("申请须同意向大连测试银行股份有限公司授权查询本企业的创新积分"))
            let tooMuch = try await e1.post("/my/finance/products/\(world.scored)",
                                            form: ["amount": "1000.01", "purpose": "采购设备", "consent": "1"],
                                            csrfFrom: "/my/finance/products/\(world.scored)")
            #expect(Browser.fieldErrors(tooMuch.body.string).contains("申请金额不能超过本产品最高额度 1000 万元"))
            let low = try await e2.post("/my/finance/products/\(world.scored)",
                                        form: ["amount": "100", "purpose": "采购设备", "consent": "1"],
                                        csrfFrom: "/my/finance/products/\(world.scored)")
            #expect(low.status == .unprocessableEntity)
            #expect(low.body.string.contains("本产品要求创新积分不低于 70 分，贵企业最新积分为 40 分"))
            let hidden = try await e1.post("/my/finance/products/\(world.hidden)",
                                           form: ["amount": "100", "purpose": "采购设备", "consent": "1"],
                                           csrfFrom: "/my/finance")
            #expect(hidden.status == .notFound)
            #expect(try await FinanceApplication.query(on: app.db).count() == 0, "no refused application was stored")

            let id = try await Self.apply(app, e1, product: world.scored)
            let application = try #require(try await FinanceApplication.find(id, on: app.db))
            #expect(application.state == .submitted && application.institutionID == world.bankA)
            #expect(application.enterpriseID == (try world.fixtures.enterprise("e1")) && application.regionCode == "210211")
            let twice = try await e1.post("/my/finance/products/\(world.scored)",
                                          form: ["amount": "100", "purpose": "采购设备", "consent": "1"],
                                          csrfFrom: "/my/finance/products/\(world.scored)")
            #expect(twice.body.string.contains("请勿重复申请"))
            let mine = try await e1.get("/my/finance/applications/\(id)").body.string
            #expect(mine.contains("已提交") && mine.contains("同意向大连测试银行授权"))
            #expect(try await e2.get("/my/finance/applications/\(id)").status == .notFound, "another enterprise's application")

            let bankA = try await Self.signedIn(app, "bank-a", ip: "10.30.0.5")
            let list = try await bankA.get("/bank/applications").body.string
            #expect(list.contains("大连甘井子一号科技有限公司"))
            let detail = try await bankA.get("/bank/applications/\(id)").body.string
            #expect(detail.contains("80 分") && detail.contains("领跑榜"), "the consented score")
        }
    }

    @Test("办理：未受理不能放款，放款须填金额，未通过须填原因；企业收到金融服务消息并看到已放款；他行看不到也改不了")
    func decisionsFollowTheStateMachine() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let e1 = try await Self.signedIn(app, "ent-e1")
            let id = try await Self.apply(app, e1, product: world.open)
            let other = try await Self.apply(app, e1, product: world.other)
            let bankA = try await Self.signedIn(app, "bank-a", ip: "10.30.0.5")
            let bankB = try await Self.signedIn(app, "bank-b", ip: "10.30.0.6")

            // Bank B: not in its list, every URL 404, nothing changes.
            #expect(!(try await bankB.get("/bank/applications").body.string.contains("大连开放贷")))
            #expect(try await bankB.get("/bank/applications/\(id)").status == .notFound)
            for action in ["accept", "disburse", "reject"] {
                let response = try await bankB.post("/bank/applications/\(id)/\(action)",
                                                    form: ["confirmed": "1", "amount": "10", "reason": "x"],
                                                    csrfFrom: "/bank/applications")
                #expect(response.status == .notFound, "\(action)")
            }
            #expect(try await FinanceApplication.find(id, on: app.db)?.state == .submitted)
            let exportB = try await bankB.post("/exports/finance-applications", form: [:], csrfFrom: "/bank/applications")
            #expect(exportB.status == .ok)
            let sheets = try ImportExportTests.Workbook.read(Data(buffer: exportB.body))
            let rows = sheets.values.first ?? []
            #expect(rows.count == 2, "bank B exports its own one application (header + 1): \(rows)")
            #expect(!rows.joined().joined().contains("大连开放贷"))
            #expect(try await bankA.get("/bank/applications/\(other)").status == .notFound)

            let early = try await bankA.post("/bank/applications/\(id)/disburse", form: ["amount": "100"],
                                             csrfFrom: "/bank/applications/\(id)")
            #expect(early.status == .seeOther)
            #expect(try await bankA.get(early.location).body.string.contains("申请尚未受理，不能放款"))
            #expect(try await FinanceApplication.find(id, on: app.db)?.state == .submitted)
            let accepted = try await bankA.post("/bank/applications/\(id)/accept", form: ["confirmed": "1"],
                                                csrfFrom: "/bank/applications/\(id)")
            #expect(accepted.status == .seeOther)
            #expect(try await FinanceApplication.find(id, on: app.db)?.state == .accepted)
            let noAmount = try await bankA.post("/bank/applications/\(id)/disburse", form: ["amount": "abc"],
                                                csrfFrom: "/bank/applications/\(id)")
            #expect(noAmount.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(noAmount.body.string).contains("放款金额须为数字"))
            let noReason = try await bankA.post("/bank/applications/\(id)/reject", form: ["reason": "  "],
                                                csrfFrom: "/bank/applications/\(id)")
            #expect(Browser.fieldErrors(noReason.body.string).contains("请填写未通过的原因"))
            let lent = try await bankA.post("/bank/applications/\(id)/disburse", form: ["amount": "80.5"],
                                            csrfFrom: "/bank/applications/\(id)")
            #expect(lent.status == .seeOther)
            let done = try #require(try await FinanceApplication.find(id, on: app.db))
            #expect(done.state == .disbursed && done.disbursedAmount == 80.5)
            let again = try await bankA.post("/bank/applications/\(id)/reject", form: ["reason": "反悔"],
                                             csrfFrom: "/bank/applications/\(id)")
            #expect(try await bankA.get(again.location).body.string.contains("申请已放款，不能再不予通过"))
            #expect(try await FinanceApplication.find(id, on: app.db)?.state == .disbursed)

            let messages = try await EnterpriseMessage.query(on: app.db)
                .filter(\.$enterpriseID == (try world.fixtures.enterprise("e1"))).filter(\.$category == .finance).all()
            #expect(messages.map(\.title).sorted() == ["融资申请已受理", "融资申请已放款"])
            let mine = try await e1.get("/my/finance").body.string
            #expect(mine.contains("已放款") && mine.contains("放款 80.5 万元"))
            let history = try await e1.get("/my/finance/applications/\(id)").body.string
            #expect(history.contains("受理") && history.contains("放款 80.5 万元"))
            let events = try await FinanceApplicationEvent.query(on: app.db).filter(\.$applicationID == id).count()
            #expect(events == 3)
        }
    }

    @Test("并发的受理与不予通过：每一步只生效一次（不会两次受理或两次不予通过），每一步一条办理记录、一条消息")
    func parallelDecisionsLeaveOne() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let e1 = try await Self.signedIn(app, "ent-e1")
            let id = try await Self.apply(app, e1, product: world.open)
            let bank = try await Self.signedIn(app, "bank-a", ip: "10.30.0.5")
            let token = try await bank.csrfToken(from: "/bank/applications/\(id)")
            let cookies = bank.cookies
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let one = Browser(app, ip: "10.31.0.\(index + 1)")
                        one.cookies = cookies
                        let form = index.isMultiple(of: 2) ? ["confirmed": "1", "_csrf": token] : ["reason": "材料不全", "_csrf": token]
                        return try await one.post("/bank/applications/\(id)/" + (index.isMultiple(of: 2) ? "accept" : "reject"),
                                                  form: form, csrf: false).status
                    }
                }
                var all: [HTTPResponseStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses.map(\.code))")
            let state = try #require(try await FinanceApplication.find(id, on: app.db)?.state)
            #expect(state == .accepted || state == .rejected)
            // 不予通过 may also follow 受理 (a bank may reject an application it accepted): a reject that reads the
            // application after an accept committed is that second step, not a lost race. What the conditional
            // UPDATE guarantees is that each step happens once, in the workflow's order.
            let decisions = try await FinanceApplicationEvent.query(on: app.db).filter(\.$applicationID == id)
                .filter(\.$state != .submitted).sort(\.$id).all().map(\.state)
            #expect([[.accepted], [.rejected], [.accepted, .rejected]].contains(decisions), "\(decisions)")
            #expect(decisions.last == state)
            #expect(try await EnterpriseMessage.query(on: app.db).filter(\.$category == .finance).count() == decisions.count)
        }
    }

    @Test("金融服务的每一条路由只对合作金融机构开放，其他角色 403")
    func partnerRoutesArePartnerOnly() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let routes = ScopeMatrixTests.catalog.filter { $0.value == .partnerOnly }.keys.sorted()
            #expect(routes.count == 11)
            for (account, _) in Fixtures.accounts + Fixtures.officers {
                let browser = try await Self.signedIn(app, account, ip: "10.32.0.1")
                for key in routes {
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = ScopeMatrixTests.path(parts[1], id: world.open)
                    let response = parts[0] == "GET" ? try await browser.get(path)
                        : try await browser.post(path, form: ["confirmed": "1", "name": "被篡改"], csrfFrom: "/workbench")
                    #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                }
            }
            #expect(try await FinanceProduct.find(world.open, on: app.db)?.name == "大连开放贷")
        }
    }
}

extension FinanceTests {
    /// The 金融超市's POST routes for `HostileInputTests.world`: a bank account `bank-h` of its own institution, a
    /// product, and e1's application, put back in the state each decision starts from before every case.
    static func hostileTargets(_ app: Application, _ fixtures: Fixtures) async throws -> [HostileInputTests.Target] {
        let db = app.db
        let now = app.clock.now()
        let bank = FinancialInstitution(name: "恶意输入测试银行", shortName: "恶意输入银行", contact: "电话", at: now)
        try await bank.create(on: db)
        let bankID = try #require(bank.id)
        let user = User(account: "bank-h", name: "恶意输入银行", role: .partner, organizationID: nil, enterpriseID: nil,
                        phone: "13800138019", passwordHash: try await app.password.async.hash(Fixtures.password),
                        mustChangePassword: false, now: now)
        try await user.create(on: db)
        try await InstitutionMember(userID: try #require(user.id), institutionID: bankID, at: now).create(on: db)
        let product = FinanceProduct()
        product.institutionID = bankID
        product.name = "恶意输入贷"
        product.type = .credit
        product.rateMin = 3
        product.rateMax = 4
        product.amountMax = 500
        product.termMonths = 12
        product.description = "介绍"
        product.contact = "电话"
        product.status = .listed
        product.createdAt = now
        product.updatedAt = now
        try await product.create(on: db)
        let productID = try #require(product.id)
        guard let enterprise = try await Enterprise.find(try fixtures.enterprise("e2"), on: db) else {
            throw TestSetupError.missing("e2")
        }
        let application = FinanceApplication()
        application.productID = productID
        application.institutionID = bankID
        application.enterpriseID = try #require(enterprise.id)
        application.regionCode = enterprise.regionCode
        application.amount = 100
        application.purpose = "恶意输入"
        application.consentAt = now
        application.state = .submitted
        application.createdAt = now
        application.updatedAt = now
        try await application.create(on: db)
        let applicationID = try #require(application.id)
        /// The application back in `state` (a case that decided it moved it on), and whether that changed a table.
        func ready(_ state: FinanceApplicationState, _ action: String) -> () async throws -> (path: String, changed: Bool) {
            {
                let path = "/bank/applications/\(applicationID)/\(action)"
                guard let current = try await FinanceApplication.find(applicationID, on: db) else {
                    throw TestSetupError.missing("finance application")
                }
                guard current.state != state else { return (path, false) }
                current.state = state
                current.reason = nil
                current.disbursedAmount = nil
                try await current.save(on: db)
                return (path, true)
            }
        }
        func fixed(_ path: String) -> () async throws -> (path: String, changed: Bool) { { (path, false) } }
        let productForm = ["name": "恶意输入新贷", "type": "credit", "rate_min": "3", "rate_max": "4", "amount_max": "100",
                           "term_months": "12", "description": "介绍", "contact": "电话"]
        return [
            HostileInputTests.Target(key: "POST /bank/products", account: "bank-h", resolve: fixed("/bank/products"),
                                     pages: ["/bank/products/new"], base: productForm, file: nil),
            HostileInputTests.Target(key: "POST /bank/products/:id", account: "bank-h",
                                     resolve: fixed("/bank/products/\(productID)"), pages: ["/bank/products/\(productID)"],
                                     base: [:], file: nil),
            HostileInputTests.Target(key: "POST /bank/products/:id/status", account: "bank-h",
                                     resolve: fixed("/bank/products/\(productID)/status"), pages: [],
                                     base: ["confirmed": "1"], file: nil),
            HostileInputTests.Target(key: "POST /bank/applications/:id/accept", account: "bank-h",
                                     resolve: ready(.submitted, "accept"), pages: [], base: ["confirmed": "1"], file: nil),
            HostileInputTests.Target(key: "POST /bank/applications/:id/disburse", account: "bank-h",
                                     resolve: ready(.accepted, "disburse"), pages: ["/bank/applications/\(applicationID)"],
                                     base: ["amount": "50"], file: nil),
            HostileInputTests.Target(key: "POST /bank/applications/:id/reject", account: "bank-h",
                                     resolve: ready(.submitted, "reject"), pages: [], base: ["reason": "材料不全"], file: nil),
            HostileInputTests.Target(key: "POST /my/finance/products/:id", account: "ent-e1",
                                     resolve: fixed("/my/finance/products/\(productID)"),
                                     pages: ["/my/finance/products/\(productID)"],
                                     base: ["amount": "100", "purpose": "采购设备", "consent": "1"], file: nil),
        ]
    }
}

extension FinanceTests {
    /// One finance application of `enterprise` at its current place (a bank and a product made for it), for the
    /// enterprise-move tests.
    static func seedApplication(_ app: Application, enterprise: Enterprise) async throws {
        let db = app.db
        let now = app.clock.now()
        let bank = FinancialInstitution(name: "迁移测试银行\(enterprise.id ?? 0)", shortName: "迁移测试银行", contact: "电话", at: now)
        try await bank.create(on: db)
        let product = FinanceProduct()
        product.institutionID = try #require(bank.id)
        product.name = "迁移测试贷"
        product.type = .credit
        product.rateMin = 3
        product.rateMax = 4
        product.amountMax = 100
        product.termMonths = 12
        product.description = "介绍"
        product.contact = "电话"
        product.status = .listed
        product.createdAt = now
        product.updatedAt = now
        try await product.create(on: db)
        let application = FinanceApplication()
        application.productID = try #require(product.id)
        application.institutionID = product.institutionID
        application.enterpriseID = try #require(enterprise.id)
        application.regionCode = enterprise.regionCode
        application.zoneID = enterprise.zoneID
        application.incubatorID = enterprise.incubatorID
        application.amount = 50
        application.purpose = "迁移测试"
        application.consentAt = now
        application.state = .submitted
        application.createdAt = now
        application.updatedAt = now
        try await application.create(on: db)
    }
}

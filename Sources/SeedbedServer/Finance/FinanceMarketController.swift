import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// The 金融超市 for everyone (`/finance`, `/finance/:id`: only 上架 products) and for an approved enterprise
/// (`/my/finance`): the same list with 申请, the application form with its consent, and the enterprise's own
/// applications and their state.
struct FinanceMarketController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // 上架 products only, nothing of the visitor: cached for anonymous visitors per content version, which the
        // banks' product changes bump (FinanceProductController).
        routes.cachedForVisitors("finance", use: publicList)
        routes.cachedForVisitors("finance", ":id", use: publicDetail)
    }

    /// The enterprise's routes, behind the sign-in gates.
    struct EnterpriseRoutes: RouteCollection {
        func boot(routes: any RoutesBuilder) throws {
            let market = routes.grouped(Page.myFinance)
            market.get(use: FinanceMarketController.myList)
            market.get("products", ":id", use: FinanceMarketController.myProduct)
            market.post("products", ":id", use: FinanceMarketController.apply)
            market.get("applications", ":id", use: FinanceMarketController.myApplication)
        }
    }

    /// The product list's filters: type, institution, the amount wanted (products lending at least that), name.
    struct Filter: Sendable {
        var q = ""
        var type: FinanceProductType?
        var institution: Int?
        var amount: Double?

        init(_ query: [String: String]) {
            q = queryText(query, "q", max: 60)
            type = query["type"].flatMap(FinanceProductType.init(rawValue:))
            institution = InputNumber.integer(query["institution"], in: InputRange.id)
            amount = InputNumber.decimal(query["amount"], in: 0...1_000_000)
        }

        var items: [(String, String)] {
            [("q", q), ("type", type?.rawValue ?? ""), ("institution", institution.map(String.init) ?? ""),
             ("amount", amount.map(FinanceConditions.format) ?? "")].filter { !$0.1.isEmpty }
        }
    }

    static func listed(_ filter: Filter, on db: any Database) -> QueryBuilder<FinanceProduct> {
        var query = FinanceProduct.query(on: db).filter(\.$status == .listed)
        if let type = filter.type { query = query.filter(\.$type == type) }
        if let institution = filter.institution { query = query.filter(\.$institutionID == institution) }
        if let amount = filter.amount { query = query.filter(\.$amountMax >= amount) }
        if !filter.q.isEmpty { query = query.filter(\.$name ~~ filter.q) }
        return query
    }

    static func page(_ req: Request) async throws -> (Filter, Paged<FinanceProduct>, [FinancialInstitution]) {
        let filter = Filter(req.queryDictionary)
        let pageRequest = PageRequest(req)
        let total = try await listed(filter, on: req.db).count()
        let products = try await listed(filter, on: req.db).sort(\.$updatedAt, .descending).sort(\.$id, .descending)
            .range(pageRequest.offset..<(pageRequest.offset + pageRequest.per)).all()
        let institutions = try await FinancialInstitution.query(on: req.db).sort(\.$id).all()
        return (filter, Paged(items: products, info: PageInfo(pageRequest, total: total)), institutions)
    }

    /// A 上架 product, or 404 (a 下架 or unknown one alike).
    static func listedProduct(_ req: Request) async throws -> (FinanceProduct, FinancialInstitution) {
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let product = try await FinanceProduct.find(id, on: req.db), product.status == .listed,
              let institution = try await FinancialInstitution.find(product.institutionID, on: req.db)
        else { throw AppError.notFound("该产品不存在或已下架") }
        return (product, institution)
    }

    @Sendable func publicList(req: Request) async throws -> HTMLPage {
        let (filter, page, institutions) = try await Self.page(req)
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage("金融超市", context, FinanceViews.market(
            page, filter: filter, institutions: institutions, base: "/finance", detail: { "/finance/\($0)" })))
    }

    @Sendable func publicDetail(req: Request) async throws -> HTMLPage {
        let (product, institution) = try await Self.listedProduct(req)
        let context = try await req.pageContext()
        let applyURL = "\(Page.myFinance.path)/products/\(product.id ?? 0)"
        return HTMLPage(Layout.publicPage(product.name, context, .group(
            FinanceViews.productDetail(product, institution: institution),
            .div(.class("form-actions"),
                 UI.buttonLink("申请该产品", url: context.user == nil ? "/login?next=" + applyURL : applyURL, style: "primary"),
                 UI.buttonLink("返回金融超市", url: "/finance")))))
    }

    // MARK: The enterprise

    @Sendable static func myList(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let (filter, page, institutions) = try await Self.page(req)
        let mine = try await FinanceApplicationQuery.rows(owner: .enterprise(enterprise.id ?? 0),
                                                         filter: .init(), offset: 0, limit: 50, on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(Page.myFinance.title, context, .group(
            FinanceViews.market(page, filter: filter, institutions: institutions, base: Page.myFinance.path,
                                detail: { "\(Page.myFinance.path)/products/\($0)" }, applyLabel: "查看并申请"),
            FinanceViews.myApplications(mine))))
    }

    @Sendable static func myProduct(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let (product, institution) = try await listedProduct(req)
        return try await productPage(req, product: product, institution: institution, enterprise: enterprise,
                                     values: [:], errors: FormErrors())
    }

    static func productPage(_ req: Request, product: FinanceProduct, institution: FinancialInstitution,
                            enterprise: Enterprise, values: [String: String], errors: FormErrors,
                            status: HTTPResponseStatus = .ok)
        async throws -> HTMLPage
    {
        let standing = try await FinanceStanding.latest(enterpriseID: enterprise.id ?? 0, on: req.db)
        let unmet = product.conditions.unmet(regionCode: enterprise.regionCode, standing: standing?.standing,
                                             listNames: FinanceStanding.listNames)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(product.name, context, FinanceViews.applyPage(
            product, institution: institution, standing: standing, unmet: unmet, values: values, errors: errors,
            context: context)), status: status)
    }

    struct Posted: Content {
        var amount: String?
        var purpose: String?
        var consent: String?
    }

    @Sendable static func apply(req: Request) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let (product, institution) = try await listedProduct(req)
        let posted = try req.content.decode(Posted.self)
        var errors = FormErrors()
        let purpose = financeText(posted.purpose)
        let values = ["amount": String(financeText(posted.amount).prefix(32)), "purpose": String(purpose.prefix(500)),
                      "consent": posted.consent == "1" ? "1" : ""]
        var amount = 0.0
        switch FinanceInput.decimal(posted.amount, label: "申请金额", range: 0.01...1_000_000) {
        case .success(let value):
            amount = value ?? 0
            if amount > product.amountMax + 1e-9 {
                errors["amount"] = "申请金额不能超过本产品最高额度 \(FinanceConditions.format(product.amountMax)) 万元"
            }
        case .failure(let error): errors["amount"] = error.message
        }
        if purpose.isEmpty { errors["purpose"] = "请填写资金用途" } else if purpose.count > 500 {
            errors["purpose"] = "资金用途不能超过 500 字"
        }
        if posted.consent != "1" {
            errors["consent"] = "申请须同意向\(institution.name)授权查询本企业的创新积分"
        }
        let standing = try await FinanceStanding.latest(enterpriseID: enterprise.id ?? 0, on: req.db)
        let unmet = product.conditions.unmet(regionCode: enterprise.regionCode, standing: standing?.standing,
                                             listNames: FinanceStanding.listNames)
        if !unmet.isEmpty { errors["_"] = "贵企业暂不符合本产品的申请条件：" + unmet.joined(separator: "；") }
        let open = try await FinanceApplication.query(on: req.db).filter(\.$enterpriseID == enterprise.id ?? 0)
            .filter(\.$productID == product.id ?? 0).filter(\.$state ~~ [.submitted, .accepted]).first()
        if open != nil, errors["_"] == nil { errors["_"] = "贵企业已申请本产品，银行正在办理，请勿重复申请" }
        guard errors.isEmpty, let enterpriseID = enterprise.id, let productID = product.id,
              let institutionID = institution.id
        else {
            return try await productPage(req, product: product, institution: institution, enterprise: enterprise,
                                         values: values, errors: errors, status: .unprocessableEntity).encodeResponse(for: req)
        }
        let now = req.now
        let audit = req.audit
        let requested = amount
        let application = FinanceApplication()
        application.productID = productID
        application.institutionID = institutionID
        application.enterpriseID = enterpriseID
        application.regionCode = enterprise.regionCode
        application.zoneID = enterprise.zoneID
        application.incubatorID = enterprise.incubatorID
        application.amount = amount
        application.purpose = purpose
        application.consentAt = now
        application.state = .submitted
        application.createdAt = now
        application.updatedAt = now
        try await req.db.transaction { db in
            try await application.create(on: db)
            let id = application.id ?? 0
            try await FinanceApplicationEvent(applicationID: id, state: .submitted,
                                              note: "提交申请，同意向\(institution.name)授权查询创新积分", actorID: user.id,
                                              at: now).create(on: db)
            try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                .record(.create, targetType: "finance_application", targetID: String(id),
                        detail: "申请金融产品“\(product.name)”（\(institution.shortName)），\(FinanceConditions.format(requested)) 万元；"
                            + "同意向该机构授权查询创新积分")
        }
        return req.redirect(to: "\(Page.myFinance.path)/applications/\(application.id ?? 0)",
                            flash: Flash(kind: .success, message: "申请已提交，银行受理后将通过“我的消息”通知您"))
    }

    @Sendable static func myApplication(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let row = try await FinanceApplicationQuery.one(id, owner: .enterprise(enterprise.id ?? 0), on: req.db)
        else { throw AppError.notFound() }
        let history = try await FinanceViews.history(row.id, on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("融资申请", context, FinanceViews.myApplication(row, history: history)))
    }
}

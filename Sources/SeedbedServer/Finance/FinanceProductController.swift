import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 金融产品管理 (合作金融机构): a bank lists, adds and edits its own institution's products and puts them 上架 or
/// 下架 (with confirmation). Another institution's product is 404 by every URL.
struct FinanceProductController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let products = routes.grouped(Page.financeProducts)
        products.get(use: list)
        products.get("new", use: new)
        products.post(use: create)
        products.get(":id", use: edit)
        products.post(":id", use: update)
        products.post(":id", "status", use: toggle)
    }

    /// The form's fields as posted.
    struct Posted: Content {
        var name: String?
        var type: String?
        var rate_min: String?
        var rate_max: String?
        var amount_max: String?
        var term_months: String?
        var min_score: String?
        var max_list: String?
        var region_code: String?
        var description: String?
        var contact: String?
    }

    /// Checks a posted product: the values to show again, the errors by field, and the checked values.
    struct Checked {
        var values: [String: String] = [:]
        var errors = FormErrors()
        var name = ""
        var type = FinanceProductType.credit
        var rateMin = 0.0
        var rateMax = 0.0
        var amountMax = 0.0
        var termMonths = 0
        var minScore: Double?
        var maxListIndex: Int?
        var regionCode: String?
        var description = ""
        var contact = ""

        func apply(to product: FinanceProduct) {
            product.name = name
            product.type = type
            product.rateMin = rateMin
            product.rateMax = rateMax
            product.amountMax = amountMax
            product.termMonths = termMonths
            product.minScore = minScore
            product.maxListIndex = maxListIndex
            product.regionCode = regionCode
            product.description = description
            product.contact = contact
        }
    }

    static func check(_ posted: Posted) -> Checked {
        var checked = Checked()
        func keep(_ key: String, _ value: String?) -> String {
            let text = financeText(value)
            checked.values[key] = String(text.prefix(2000))
            return text
        }
        let name = keep("name", posted.name)
        if name.isEmpty { checked.errors["name"] = "请填写产品名称" } else if name.count > 60 {
            checked.errors["name"] = "产品名称不能超过 60 个字"
        }
        checked.name = name
        let type = keep("type", posted.type)
        if let value = FinanceProductType(rawValue: type) { checked.type = value } else {
            checked.errors["type"] = "请选择产品类型"
        }
        func decimal(_ key: String, _ raw: String?, _ label: String, _ range: ClosedRange<Double>,
                     optional: Bool = false) -> Double? {
            switch FinanceInput.decimal(keep(key, raw), label: label, range: range, optional: optional) {
            case .success(let value): return value
            case .failure(let error):
                checked.errors[key] = error.message
                return nil
            }
        }
        let rateMin = decimal("rate_min", posted.rate_min, "最低年利率", 0...36)
        let rateMax = decimal("rate_max", posted.rate_max, "最高年利率", 0...36)
        if let rateMin, let rateMax, rateMin > rateMax { checked.errors["rate_max"] = "最高年利率不能低于最低年利率" }
        checked.rateMin = rateMin ?? 0
        checked.rateMax = rateMax ?? 0
        let amount = decimal("amount_max", posted.amount_max, "最高额度", 0.01...1_000_000)
        checked.amountMax = amount ?? 0
        let term = keep("term_months", posted.term_months)
        if term.isEmpty { checked.errors["term_months"] = "请填写贷款期限" } else if let months = InputNumber.integer(term, in: 1...360) {
            checked.termMonths = months
        } else {
            checked.errors["term_months"] = "贷款期限须为 1 至 360 之间的整数（月）"
        }
        checked.minScore = decimal("min_score", posted.min_score, "最低创新积分", 0...100, optional: true)
        let list = keep("max_list", posted.max_list)
        if !list.isEmpty {
            if let index = InputNumber.integer(list, in: 0...(FinanceStanding.listNames.count - 1)) {
                checked.maxListIndex = index
            } else {
                checked.errors["max_list"] = "请选择榜单要求"
            }
        }
        let region = keep("region_code", posted.region_code)
        if !region.isEmpty {
            if RegionCodes.isValid(region), RegionTable.shipped[region] != nil { checked.regionCode = region } else {
                checked.errors["region_code"] = "地区代码须为 6 位行政区划代码（如 210200 大连市），不限地区请留空"
            }
        }
        let description = keep("description", posted.description)
        if description.isEmpty { checked.errors["description"] = "请填写产品介绍" } else if description.count > 2000 {
            checked.errors["description"] = "产品介绍不能超过 2000 个字"
        }
        checked.description = description
        let contact = keep("contact", posted.contact)
        if contact.isEmpty { checked.errors["contact"] = "请填写联系方式" } else if contact.count > 100 {
            checked.errors["contact"] = "联系方式不能超过 100 个字"
        }
        checked.contact = contact
        return checked
    }

    private func own(_ req: Request, institution: FinancialInstitution) async throws -> FinanceProduct {
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let product = try await FinanceProduct.find(id, on: req.db), product.institutionID == institution.id
        else { throw AppError.notFound() }
        return product
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let institution = try await FinanceInstitutions.of(user, on: req.db)
        let pageRequest = PageRequest(req)
        let status = req.query[String.self, at: "status"].flatMap(FinanceProductStatus.init(rawValue:))
        var query = FinanceProduct.query(on: req.db).filter(\.$institutionID == institution.id ?? 0)
        if let status { query = query.filter(\.$status == status) }
        let total = try await query.count()
        let products = try await query.sort(\.$updatedAt, .descending).sort(\.$id, .descending)
            .range(pageRequest.offset..<(pageRequest.offset + pageRequest.per)).all()
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(Page.financeProducts.title, context, FinanceViews.bankProducts(
            products, institution: institution, page: PageInfo(pageRequest, total: total), status: status, context: context)))
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let institution = try await FinanceInstitutions.of(try req.requireUser(), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("新增产品", context, FinanceViews.productForm(
            id: nil, values: ["contact": institution.contact], errors: FormErrors(), context: context)))
    }

    @Sendable func edit(req: Request) async throws -> HTMLPage {
        let institution = try await FinanceInstitutions.of(try req.requireUser(), on: req.db)
        let product = try await own(req, institution: institution)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("编辑产品", context, FinanceViews.productForm(
            id: product.id, values: FinanceViews.values(of: product), errors: FormErrors(), context: context)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let institution = try await FinanceInstitutions.of(user, on: req.db)
        let checked = Self.check(try req.content.decode(Posted.self))
        guard checked.errors.isEmpty else {
            let context = try await req.pageContext()
            return try await HTMLPage(Layout.shell("新增产品", context, FinanceViews.productForm(
                id: nil, values: checked.values, errors: checked.errors, context: context)), status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let product = FinanceProduct()
        product.institutionID = institution.id ?? 0
        checked.apply(to: product)
        product.status = .unlisted
        product.createdAt = req.now
        product.updatedAt = req.now
        try await product.create(on: req.db)
        try await req.audit.record(.create, targetType: "finance_product", targetID: product.id.map(String.init),
                                   detail: "\(institution.shortName) 新增金融产品：\(product.name)")
        return req.redirect(to: Page.financeProducts.path,
                            flash: Flash(kind: .success, message: "已保存。产品目前为“下架”，点击“上架”后企业即可看到并申请"))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let institution = try await FinanceInstitutions.of(user, on: req.db)
        let product = try await own(req, institution: institution)
        let checked = Self.check(try req.content.decode(Posted.self))
        guard checked.errors.isEmpty else {
            let context = try await req.pageContext()
            return try await HTMLPage(Layout.shell("编辑产品", context, FinanceViews.productForm(
                id: product.id, values: checked.values, errors: checked.errors, context: context)), status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        checked.apply(to: product)
        product.updatedAt = req.now
        try await product.save(on: req.db)
        if product.status == .listed { try await req.publicContentChanged() }
        try await req.audit.record(.update, targetType: "finance_product", targetID: product.id.map(String.init),
                                   detail: "\(institution.shortName) 修改金融产品：\(product.name)")
        return req.redirect(to: Page.financeProducts.path, flash: Flash(kind: .success, message: "已保存"))
    }

    @Sendable func toggle(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let institution = try await FinanceInstitutions.of(user, on: req.db)
        let product = try await own(req, institution: institution)
        let id = product.id ?? 0
        let target: FinanceProductStatus = product.status == .listed ? .unlisted : .listed
        let message = target == .listed ? "确定上架“\(product.name)”吗？上架后将在金融超市公开展示，企业可以申请。"
            : "确定下架“\(product.name)”吗？下架后企业不能再申请，已提交的申请不受影响。"
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(title: target.label + "产品", message: message,
                                                         action: "\(Page.financeProducts.path)/\(id)/status",
                                                         cancel: Page.financeProducts.path, context: context))
                .encodeResponse(for: req)
        }
        product.status = target
        product.updatedAt = req.now
        try await product.save(on: req.db)
        try await req.publicContentChanged()
        try await req.audit.record(.update, targetType: "finance_product", targetID: String(id),
                                   detail: "\(institution.shortName) \(target.label)金融产品：\(product.name)")
        return req.redirect(to: Page.financeProducts.path, flash: Flash(kind: .success, message: "已\(target.label)"))
    }
}

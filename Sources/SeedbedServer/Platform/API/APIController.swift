import Fluent
import SeedbedDomain
import Vapor

/// `/api/v1`: bearer-token JSON API with the token's data scope. Errors use the `{"error":{"code","message"}}`
/// envelope; anything outside the scope is 404, never 403, so existence is not revealed.
struct APIController: RouteCollection {
    static let operations: [APIOperation] = [
        APIOperation(method: .GET, path: "/api/v1/openapi.json", summary: "接口文档",
                     description: "本接口的 OpenAPI 3 描述，无需认证。", parameters: [], responseSchema: "OpenAPI",
                     tag: "平台", errors: [], authenticated: false),
        APIOperation(method: .GET, path: "/api/v1/me", summary: "当前令牌的账号",
                     description: "返回令牌所属账号、角色与数据范围。", parameters: [], responseSchema: "Me", tag: "平台",
                     errors: [401]),
        APIOperation(method: .GET, path: "/api/v1/enterprises", summary: "企业列表",
                     description: "数据范围内的企业，按编号倒序分页。",
                     parameters: [
                        APIParameter(name: "page", location: .query, type: "integer", required: false, description: "页码，从 1 开始",
                                     minimum: InputRange.page.lowerBound, maximum: InputRange.page.upperBound),
                        APIParameter(name: "per", location: .query, type: "integer", required: false, description: "每页条数，1–100，默认 20",
                                     minimum: 1, maximum: PageRequest.maxPer),
                        APIParameter(name: "q", location: .query, type: "string", required: false, description: "企业名称模糊匹配或统一社会信用代码前缀（取前 100 个字）"),
                     ],
                     responseSchema: "EnterprisePage", tag: "企业", errors: [400, 401]),
        APIOperation(method: .GET, path: "/api/v1/enterprises/{id}", summary: "企业详情",
                     description: "数据范围外或不存在的企业均返回 404。",
                     parameters: [APIParameter(name: "id", location: .path, type: "integer", required: true, description: "企业编号",
                                               minimum: 1)],
                     responseSchema: "EnterpriseDetail", tag: "企业", errors: [401, 404]),
        APIOperation(method: .GET, path: "/api/v1/enterprises/{id}/facts", summary: "企业年度事实数据",
                     description: "审核通过的年报投影出的指标（金额单位万元，比例为小数）；键为数据字典中的指标编号。不指定年度时返回最近年度。",
                     parameters: [
                        APIParameter(name: "id", location: .path, type: "integer", required: true, description: "企业编号",
                                     minimum: 1),
                        APIParameter(name: "year", location: .query, type: "integer", required: false, description: "年度",
                                     minimum: InputRange.year.lowerBound, maximum: InputRange.year.upperBound),
                     ],
                     responseSchema: "Facts", tag: "企业"),
        APIOperation(method: .GET, path: "/api/v1/filings", summary: "填报记录",
                     description: "数据范围内已提交过的填报（注册、基本信息、年报、重大变更），按编号升序分页。",
                     parameters: [
                        APIParameter(name: "kind", location: .query, type: "string", required: false,
                                     description: "填报类型，默认 basic_info", values: ReviewList.kinds.map(\.rawValue)),
                        APIParameter(name: "status", location: .query, type: "string", required: false,
                                     description: "状态", values: FilingStatus.allCases.map(\.rawValue)),
                        APIParameter(name: "year", location: .query, type: "integer", required: false, description: "年报年度",
                                     minimum: InputRange.year.lowerBound, maximum: InputRange.year.upperBound),
                        APIParameter(name: "page", location: .query, type: "integer", required: false, description: "页码",
                                     minimum: InputRange.page.lowerBound, maximum: InputRange.page.upperBound),
                        APIParameter(name: "per", location: .query, type: "integer", required: false, description: "每页条数，1–100",
                                     minimum: 1, maximum: PageRequest.maxPer),
                     ],
                     responseSchema: "FilingPage", tag: "填报", errors: [400, 401]),
    ]

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("openapi.json", use: openAPI)
        let secured = api.grouped(APITokenAuthenticator())
        secured.get("me", use: me)
        secured.get("enterprises", use: enterprises)
        secured.get("enterprises", ":id", use: enterprise)
        secured.get("enterprises", ":id", "facts", use: facts)
        secured.get("filings", use: filings)
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(OpenAPIDocument.make(
            Self.operations + ScoreAPIController.operations + EvaluationAPIController.operations
                + IPRecordAPIController.operations + VoucherAPIController.operations,
            extraSchemas: ScoreAPIController.schemas.merging(EvaluationAPIController.schemas, uniquingKeysWith: { $1 })
                .merging(IPRecordAPIController.schemas, uniquingKeysWith: { $1 })
                .merging(VoucherAPIController.schemas, uniquingKeysWith: { $1 })),
            as: .json)
        return response
    }

    struct MeBody: Content {
        let id: Int
        let account: String
        let name: String
        let role: Role
        let organization: String?
        let enterprise: String?
        let scope: String
    }

    @Sendable func me(req: Request) async throws -> MeBody {
        let user = try req.requireUser()
        return MeBody(id: user.id, account: user.account, name: user.name, role: user.role,
                      organization: user.organizationName, enterprise: user.enterpriseName,
                      scope: user.scope.description)
    }

    struct EnterpriseBody: Content {
        let id: Int
        let uscc: String
        let name: String
        let regionCode: String
        let regionName: String
        let zoneId: Int?
        let zoneName: String?
        let incubatorId: Int?
        let industryCode: String?
        let techField: String?
        let registeredOn: String?
        let status: EnterpriseStatus
        var contactName: String?
        var contactPhone: String?

        init(_ row: EnterpriseRow) {
            id = row.id
            uscc = row.uscc
            name = row.name
            regionCode = row.regionCode
            regionName = row.regionName
            zoneId = row.zoneID
            zoneName = row.zoneName
            incubatorId = row.incubatorID
            industryCode = row.industryCode
            techField = row.techField.flatMap(TechField.init(rawValue:))?.label
            registeredOn = row.registeredOn
            status = row.status
        }
    }

    /// One page of a listing: its items, the total over all pages, and the page and page size asked for.
    struct PageBody<Item: Content>: Content {
        let items: [Item]
        let total: Int
        let page: Int
        let per: Int

        init(_ items: [Item], total: Int, page: PageRequest) {
            self.items = items
            self.total = total
            self.page = page.page
            self.per = page.per
        }
    }

    typealias EnterprisePageBody = PageBody<EnterpriseBody>

    @Sendable func enterprises(req: Request) async throws -> EnterprisePageBody {
        let user = try req.requireUser()
        if req.query[String.self, at: "page"] != nil, req.queryInteger("page", in: InputRange.page) == nil {
            throw AppError.badRequest("参数 page 必须是正整数", code: "invalid_parameter")
        }
        if req.query[String.self, at: "per"] != nil, req.queryInteger("per", in: 1...PageRequest.maxPer) == nil {
            throw AppError.badRequest("参数 per 必须是 1–100 的整数", code: "invalid_parameter")
        }
        let page = PageRequest(req)
        let filter = EnterpriseFilter(q: req.query[String.self, at: "q"].map { String($0.prefix(100)) }
            .flatMap { $0.isEmpty ? nil : $0 })
        let result = try await EnterpriseQuery.page(on: req.db, scope: user.scope, filter: filter, page: page)
        // One entry per request, not per row.
        try await req.audit.record(.apiRead, targetType: "enterprise", detail: "GET /api/v1/enterprises 第 \(page.page) 页，"
            + "\(result.items.count) 条" + (filter.q.map { "，q=\($0)" } ?? ""))
        return EnterprisePageBody(result.items.map(EnterpriseBody.init), total: result.info.total, page: page)
    }

    @Sendable func enterprise(req: Request) async throws -> EnterpriseBody {
        let user = try req.requireUser()
        guard let id = req.parameterInteger("id", in: InputRange.id) else {
            throw AppError.notFound("企业不存在或不在您的数据范围内")
        }
        guard let row = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope) else {
            try await req.auditRefusedRead(enterpriseID: id, via: "GET /api/v1/enterprises/\(id)")
            throw AppError.notFound("企业不存在或不在您的数据范围内")
        }
        try await req.audit.record(.apiRead, targetType: "enterprise", targetID: String(id),
                                   detail: "GET /api/v1/enterprises/\(id)")
        var body = EnterpriseBody(row)
        body.contactName = row.contactName
        // Stored masked: the API never answers a full number.
        body.contactPhone = row.contactPhone
        return body
    }

    struct FactsBody: Content {
        let enterpriseId: Int
        let year: Int
        let facts: [String: Double]
        let years: [Int]
    }

    @Sendable func facts(req: Request) async throws -> FactsBody {
        let user = try req.requireUser()
        guard let id = req.parameterInteger("id", in: InputRange.id) else {
            throw AppError.notFound("企业不存在或不在您的数据范围内")
        }
        guard try await EnterpriseQuery.find(id, on: req.db, scope: user.scope) != nil else {
            try await req.auditRefusedRead(enterpriseID: id, via: "GET /api/v1/enterprises/\(id)/facts")
            throw AppError.notFound("企业不存在或不在您的数据范围内")
        }
        if req.query[String.self, at: "year"] != nil, req.queryInteger("year", in: InputRange.year) == nil {
            throw AppError.badRequest("参数 year 必须是年份", code: "invalid_parameter")
        }
        let years = try await EnterpriseFacts.years(enterpriseID: id, scope: user.scope, on: req.db)
        guard let year = req.queryInteger("year", in: InputRange.year) ?? years.first,
              let facts = try await EnterpriseFacts.load(enterpriseID: id, year: year, scope: user.scope, on: req.db)
        else { throw AppError.notFound("该企业没有该年度的数据") }
        try await req.audit.record(.apiRead, targetType: "enterprise", targetID: String(id),
                                   detail: "GET /api/v1/enterprises/\(id)/facts?year=\(year)")
        return FactsBody(enterpriseId: id, year: year,
                         facts: Dictionary(uniqueKeysWithValues: facts.map { ($0.key.rawValue, $0.value) }), years: years)
    }

    struct FilingBody: Content {
        let id: Int
        let enterpriseId: Int
        let enterpriseName: String
        let uscc: String
        let kind: FilingKind
        let year: Int?
        let status: FilingStatus
        let pendingReviewer: String?
        let submittedAt: Date?
        let updatedAt: Date
    }

    typealias FilingPageBody = PageBody<FilingBody>

    @Sendable func filings(req: Request) async throws -> FilingPageBody {
        let user = try req.requireUser()
        var query = req.queryDictionary
        if let kind = query["kind"], FilingKind(rawValue: kind).map(ReviewList.kinds.contains) != true {
            throw AppError.badRequest("参数 kind 无效", code: "invalid_parameter")
        }
        if let status = query["status"], FilingStatus(rawValue: status) == nil {
            throw AppError.badRequest("参数 status 无效", code: "invalid_parameter")
        }
        let ranges = ["year": InputRange.year, "page": InputRange.page, "per": 1...PageRequest.maxPer]
        for (key, range) in ranges.sorted(by: { $0.key < $1.key })
        where query[key].map({ InputNumber.integer($0, in: range) == nil }) ?? false {
            throw AppError.badRequest("参数 \(key) 必须是整数", code: "invalid_parameter")
        }
        query["tab"] = "all"
        let list = ReviewList().configured(for: user)
        let page = PageRequest(req)
        let result = try await list.page(list.filter(from: query), scope: user.scope, page: page, on: req.db)
        try await req.audit.record(.apiRead, targetType: "filing", detail: "GET /api/v1/filings 第 \(page.page) 页，"
            + "\(result.items.count) 条，kind=\(query["kind"] ?? "basic_info")")
        return FilingPageBody(result.items.map { row in
            FilingBody(id: row.id, enterpriseId: row.enterpriseID, enterpriseName: row.enterpriseName, uscc: row.uscc,
                       kind: row.kind, year: row.year, status: row.status, pendingReviewer: row.pendingReviewer,
                       submittedAt: row.submittedAt, updatedAt: row.updatedAt)
        }, total: result.info.total, page: page)
    }
}

import Fluent
import SeedbedDomain
import Vapor

/// `/api/v1`: bearer-token JSON API with the token's data scope. Errors use the `{"error":{"code","message"}}`
/// envelope; anything outside the scope is 404, never 403, so existence is not revealed.
struct APIController: RouteCollection {
    static let operations: [APIOperation] = [
        APIOperation(method: .GET, path: "/api/v1/openapi.json", summary: "接口文档",
                     description: "本接口的 OpenAPI 3 描述，无需认证。", parameters: [], responseSchema: "OpenAPI",
                     tag: "平台"),
        APIOperation(method: .GET, path: "/api/v1/me", summary: "当前令牌的账号",
                     description: "返回令牌所属账号、角色与数据范围。", parameters: [], responseSchema: "Me", tag: "平台"),
        APIOperation(method: .GET, path: "/api/v1/enterprises", summary: "企业列表",
                     description: "数据范围内的企业，按编号倒序分页。",
                     parameters: [
                        APIParameter(name: "page", location: .query, type: "integer", required: false, description: "页码，从 1 开始"),
                        APIParameter(name: "per", location: .query, type: "integer", required: false, description: "每页条数，1–100，默认 20"),
                        APIParameter(name: "q", location: .query, type: "string", required: false, description: "企业名称模糊匹配或统一社会信用代码前缀"),
                     ],
                     responseSchema: "EnterprisePage", tag: "企业"),
        APIOperation(method: .GET, path: "/api/v1/enterprises/{id}", summary: "企业详情",
                     description: "数据范围外或不存在的企业均返回 404。",
                     parameters: [APIParameter(name: "id", location: .path, type: "integer", required: true, description: "企业编号")],
                     responseSchema: "EnterpriseDetail", tag: "企业"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("openapi.json", use: openAPI)
        let secured = api.grouped(APITokenAuthenticator())
        secured.get("me", use: me)
        secured.get("enterprises", use: enterprises)
        secured.get("enterprises", ":id", use: enterprise)
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(OpenAPIDocument.make(Self.operations), as: .json)
        return response
    }

    struct MeBody: Content {
        let id: Int
        let account: String
        let name: String
        let role: String
        let organization: String?
        let enterprise: String?
        let scope: String
    }

    @Sendable func me(req: Request) async throws -> MeBody {
        let user = try req.requireUser()
        return MeBody(id: user.id, account: user.account, name: user.name, role: user.role.rawValue,
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
        let status: String
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

    struct EnterprisePageBody: Content {
        let items: [EnterpriseBody]
        let total: Int
        let page: Int
        let per: Int
    }

    @Sendable func enterprises(req: Request) async throws -> EnterprisePageBody {
        let user = try req.requireUser()
        if let raw = req.query[String.self, at: "page"], Int(raw) == nil {
            throw AppError.badRequest("参数 page 必须是正整数", code: "invalid_parameter")
        }
        if let raw = req.query[String.self, at: "per"], Int(raw) == nil {
            throw AppError.badRequest("参数 per 必须是 1–100 的整数", code: "invalid_parameter")
        }
        let page = PageRequest(req)
        let filter = EnterpriseFilter(q: req.query[String.self, at: "q"].map { String($0.prefix(100)) }
            .flatMap { $0.isEmpty ? nil : $0 })
        let result = try await EnterpriseQuery.page(on: req.db, scope: user.scope, filter: filter, page: page)
        return EnterprisePageBody(items: result.items.map(EnterpriseBody.init), total: result.info.total,
                                  page: page.page, per: page.per)
    }

    @Sendable func enterprise(req: Request) async throws -> EnterpriseBody {
        let user = try req.requireUser()
        guard let raw = req.parameters.get("id"), let id = Int(raw), id > 0,
              let row = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope)
        else { throw AppError.notFound("企业不存在或不在您的数据范围内") }
        var body = EnterpriseBody(row)
        body.contactName = row.contactName
        body.contactPhone = row.contactPhone.map { user.role.seesContactDetails ? $0 : Masking.phone($0) }
        return body
    }
}

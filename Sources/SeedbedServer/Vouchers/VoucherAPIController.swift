import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// `POST /api/v1/vouchers`: a provincial or district voucher system sends 科技创新券 records (C7–C8). The token must
/// belong to a government role that may import vouchers; every enterprise named must lie in its data scope. All or
/// nothing: one refused voucher refuses the request (422, `error.field` names it, e.g. `vouchers[3].redeemedAmount`)
/// and nothing is written. A voucher number already on file (in scope) is replaced.
struct VoucherAPIController: RouteCollection {
    static let path = "/api/v1/vouchers"

    static let operations: [APIOperation] = [
        APIOperation(method: .POST, path: path, summary: "报送科技创新券记录",
                     description: "政府部门令牌可用（孵化器除外）。请求体为 {\"vouchers\": [...]}，一次 1–\(VoucherBatchRequest.maxVouchers) 张；"
                        + "企业按统一社会信用代码匹配，须在令牌的数据范围内。金额单位元（字符串或数字，最多两位小数，单张不超过 1000 万元），"
                        + "兑付金额不能大于申领金额；状态不填时按金额推定。整批校验：任何一张有误即返回 422（error.field 指出字段），"
                        + "不写入任何数据；同一创新券编号已在平台的以本次为准。",
                     parameters: [], responseSchema: "VoucherBatchResult", tag: "科技创新券",
                     errors: [401, 403, 413, 422], requestSchema: "VoucherBatch"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1").grouped(APITokenAuthenticator())
            .on(.POST, "vouchers", body: .collect(maxSize: ByteCount(value: VoucherBatchRequest.maxBodyBytes)), use: submit)
    }

    struct ResultBody: Content {
        let accepted: Int
        let created: Int
        let replaced: Int
    }

    static func refusal(_ error: VoucherFieldError) throws -> Response {
        let response = Response(status: .unprocessableEntity)
        try response.content.encode(EvaluationAPIController.FieldErrorBody(
            error: .init(code: error.code, message: error.message, field: error.field)), as: .json)
        return response
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard VoucherImport().roles.contains(user.role) else {
            throw AppError.forbidden("仅政府管理部门（孵化器除外）的令牌可以报送创新券")
        }
        guard (req.body.data?.readableBytes ?? 0) <= VoucherBatchRequest.maxBodyBytes else { throw Abort(.payloadTooLarge) }
        guard let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
        let data = req.body.data.map { Data($0.readableBytesView) } ?? Data()
        let drafts: [VoucherDraft]
        do {
            drafts = try VoucherBatchRequest.parse(data)
        } catch {
            return try Self.refusal(error)
        }
        let scope = user.scope
        let now = req.now
        let enterprises = try await InnovationVouchers.enterprises(uscc: drafts.map(\.uscc), scope: scope, on: sql)
        let foreign = try await InnovationVouchers.numbersOutside(drafts.map(\.number), scope: scope, on: sql)
        var rows: [InnovationVouchers.Row] = []
        for (index, draft) in drafts.enumerated() {
            guard let place = enterprises[draft.uscc] else {
                return try Self.refusal(VoucherFieldError(field: "vouchers[\(index)].uscc", reason: VoucherImport.unknown))
            }
            if foreign.contains(draft.number) {
                return try Self.refusal(VoucherFieldError(field: "vouchers[\(index)].number", reason: VoucherImport.foreignNumber))
            }
            rows.append(InnovationVouchers.Row(enterpriseID: place.id, regionCode: place.region, zoneID: place.zone,
                                               incubatorID: place.incubator, draft: draft))
        }
        let records = rows
        let created = try await req.db.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { return 0 }
            let created = try await InnovationVouchers.upsert(records, source: InnovationVouchers.apiSource, scope: scope,
                                                              on: sql, now: now)
            try await DashboardVersion.bump(on: transaction)
            return created
        }
        try await req.audit.record(.create, targetType: "api:vouchers",
                                   detail: "POST \(Self.path)：\(rows.count) 张（新增 \(created)，覆盖 \(rows.count - created)）")
        let response = Response(status: .ok)
        try response.content.encode(ResultBody(accepted: rows.count, created: created, replaced: rows.count - created), as: .json)
        return response
    }
}

extension VoucherAPIController {
    static var schemas: [String: JSONValue] {
        func string(_ description: String, _ extra: [String: JSONValue] = [:]) -> JSONValue {
            .object(["type": "string", "description": .string(description)].merging(extra, uniquingKeysWith: { $1 }))
        }
        let amount: JSONValue = [
            "oneOf": [["type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{1,2})?$"], ["type": "number", "minimum": 0, "maximum": 10_000_000]],
            "description": "金额（元），最多两位小数，不超过 1000 万元",
        ]
        var properties: [String: JSONValue] = [:]
        for field in VoucherField.allCases {
            switch field {
            case .uscc: properties[field.rawValue] = string("统一社会信用代码（18 位）", ["minLength": 18, "maxLength": 18])
            case .number: properties[field.rawValue] = string("创新券编号（字母、数字、连字符，最多 40 字符），全平台唯一",
                                                              ["maxLength": 40])
            case .type: properties[field.rawValue] = string(
                "券种：" + VoucherType.allCases.map { "\($0.rawValue) \($0.label)" }.joined(separator: "；"),
                ["enum": .array(VoucherType.allCases.map { .string($0.rawValue) })])
            case .claimedAmount: properties[field.rawValue] = amount
            case .redeemedAmount: properties[field.rawValue] = amount
            case .provider: properties[field.rawValue] = string("服务机构名称（最多 100 字）", ["maxLength": 100])
            case .claimedOn: properties[field.rawValue] = string("申领日期", ["format": "date"])
            case .redeemedOn: properties[field.rawValue] = string("兑付日期（有兑付金额时必填）", ["format": "date"])
            case .state: properties[field.rawValue] = string(
                "状态，不填按金额推定：" + VoucherState.allCases.map { "\($0.rawValue) \($0.label)" }.joined(separator: "；"),
                ["enum": .array(VoucherState.allCases.map { .string($0.rawValue) })])
            case .year: properties[field.rawValue] = [
                "type": "integer", "minimum": .number(Double(VoucherRules.years.lowerBound)),
                "maximum": .number(Double(VoucherRules.years.upperBound)), "description": "申领年度，不填按申领日期",
            ]
            }
        }
        let voucher: JSONValue = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
            "required": .array(VoucherField.allCases.filter(\.required).map { .string($0.rawValue) }),
        ]
        return [
            "VoucherBatch": [
                "type": "object", "additionalProperties": false, "required": ["vouchers"],
                "properties": ["vouchers": ["type": "array", "minItems": 1,
                                            "maxItems": .number(Double(VoucherBatchRequest.maxVouchers)), "items": voucher]],
            ],
            "VoucherBatchResult": [
                "type": "object", "required": ["accepted", "created", "replaced"],
                "properties": ["accepted": ["type": "integer"], "created": ["type": "integer"], "replaced": ["type": "integer"]],
            ],
        ]
    }
}

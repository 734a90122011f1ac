import SeedbedDomain
import Vapor

/// `POST /api/v1/evaluations`: runs one of the platform's rules (科技型中小企业, 高企预评, 创新型中小企业,
/// 专精特新) on facts the caller sends, for provincial systems and for anyone in government checking a case.
/// Nothing is read from or written to enterprise data, so the answer needs no data scope; the token must belong
/// to a government role. A refused body answers 422 with the field named, never a 500.
struct EvaluationAPIController: RouteCollection {
    static let path = "/api/v1/evaluations"

    static let operations: [APIOperation] = [
        APIOperation(method: .POST, path: path, summary: "按规则评价一家企业（不读写平台数据）",
                     description: "政府部门令牌可用。按 asOf 日期选择当时生效的规则版本（专精特新 2022 版适用至 2026-03-31，"
                        + "2026 版自 2026-04-01 起）；facts 以年度为键，每年为数据字典指标编号 → 数值（金额万元、人数、项数，"
                        + "资质为 0/1）；衍生指标（比例、增长率、Ⅰ类/Ⅱ类合计）由平台计算，不接受提交。"
                        + "verdict 为 qualified、not_qualified 或 unknown（数据不足）。请求有误时返回 422，error.field 指出字段。",
                     parameters: [], responseSchema: "EvaluationResult", tag: "梯度培育",
                     errors: [401, 403, 413, 422], requestSchema: "EvaluationRequest"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1").grouped(APITokenAuthenticator())
            .on(.POST, "evaluations", body: .collect(maxSize: ByteCount(value: EvaluationRequest.maxBodyBytes)),
                use: evaluate)
    }

    struct FieldErrorBody: Content {
        struct Detail: Content {
            let code: String
            let message: String
            let field: String
        }

        let error: Detail
    }

    @Sendable func evaluate(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.role.isGovernment else {
            throw AppError.forbidden("仅政府管理部门的令牌可以调用评价接口")
        }
        // The route collects at most this much; a body that arrived whole anyway (in-process) is refused alike.
        guard (req.body.data?.readableBytes ?? 0) <= EvaluationRequest.maxBodyBytes else {
            throw Abort(.payloadTooLarge)
        }
        let data = req.body.data.map { Data($0.readableBytesView) } ?? Data()
        let result: EvaluationResult
        do {
            let request = try EvaluationRequest.parse(data)
            result = try request.evaluate()
        } catch {
            let response = Response(status: .unprocessableEntity)
            try response.content.encode(FieldErrorBody(error: .init(code: error.code, message: error.message,
                                                                    field: error.field)), as: .json)
            return response
        }
        try await req.audit.record(.apiRead, targetType: "evaluation",
                                   detail: "POST \(Self.path) rule=\(result.rule.rawValue) asOf=\(result.asOf) "
                                       + "→ \(result.verdict.rawValue)")
        let response = Response(status: .ok)
        try response.content.encode(result, as: .json)
        return response
    }
}

extension EvaluationAPIController {
    private static func object(_ properties: [String: JSONValue], required: [String] = [],
                               additional: Bool = true, description: String? = nil) -> JSONValue
    {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
        ]
        if !additional { schema["additionalProperties"] = false }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    private static func nullable(_ type: String, _ description: String, extra: [String: JSONValue] = [:]) -> JSONValue {
        .object(["type": .string(type), "nullable": true, "description": .string(description)]
            .merging(extra, uniquingKeysWith: { $1 }))
    }

    /// One year's facts: every fact id of the catalog, generated from it, with its unit and bounds.
    static var yearFactsSchema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for fact in EvaluationFact.all {
            let integer = fact.kind != .money
            var schema: [String: JSONValue] = [
                "type": .string(integer ? "integer" : "number"), "nullable": true,
                "minimum": .number(fact.minimum), "maximum": .number(fact.maximum),
                "description": .string(fact.label + (fact.unit.isEmpty ? "" : "（\(fact.unit)）")
                    + (fact.choices.isEmpty ? "" : "：" + fact.choices.map { "\($0.code) \($0.label)" }.joined(separator: "，"))),
            ]
            if fact.kind == .choice || fact.kind == .flag {
                schema["enum"] = .array(fact.choices.map { .number(Double($0.code)) })
            }
            properties[fact.id.rawValue] = .object(schema)
        }
        return object(properties, additional: false,
                      description: "一个年度的指标：数据字典指标编号 → 数值（金额万元），缺失填 null 或不填")
    }

    static var schemas: [String: JSONValue] {
        var request: [String: JSONValue] = [
            "rule": ["type": "string", "enum": .array(EvaluationRule.allCases.map { .string($0.rawValue) }),
                     "description": .string(EvaluationRule.allCases.map { "\($0.rawValue) \($0.label)" }
                         .joined(separator: "；"))],
            "asOf": ["type": "string", "format": "date",
                     "description": "评价日期（YYYY-MM-DD，1990–2100 年），决定适用的规则版本与企业年龄"],
            "year": nullable("integer", "评价的数据年度，默认为 facts 中不晚于 asOf 年份的最近年度",
                             extra: ["minimum": .number(Double(EvaluationRequest.years.lowerBound)),
                                     "maximum": .number(Double(EvaluationRequest.years.upperBound))]),
            "profile": object([
                "registeredOn": nullable("string", "成立（注册）日期", extra: ["format": "date"]),
                "industry": nullable("string", "国民经济行业门类字母或行业代码，如 C 或 C39",
                                     extra: ["pattern": "^[A-T][0-9]{0,4}$"]),
                "field": nullable("string", "技术领域（国家重点支持的高新技术领域），“无”表示不属于",
                                  extra: ["enum": .array(EvaluationRequest.techFieldValues.map { .string($0) })]),
                "listingStatus": nullable("integer", "挂牌上市：0 未挂牌上市，1 新三板或区域股权市场挂牌，2 已上市",
                                          extra: ["minimum": 0, "maximum": 2]),
                "hightechValid": nullable("boolean", "评价日持有有效高新技术企业证书"),
                "techSMEValid": nullable("boolean", "评价日为有效科技型中小企业"),
            ], additional: false, description: "企业概况，未知的可不填"),
            "facts": ["type": "object", "maxProperties": .number(Double(EvaluationRequest.maxYears)),
                      "additionalProperties": ["$ref": "#/components/schemas/EvaluationYearFacts"],
                      "description": .string("年度（四位数字，\(EvaluationRequest.years.lowerBound)–\(EvaluationRequest.years.upperBound)）→ 当年指标，最多 \(EvaluationRequest.maxYears) 个年度")],
            "digitalLevel": nullable("integer", "数字化水平等级（1–4），未评测填 null", extra: ["minimum": 1, "maximum": 4]),
            "yearsInNiche": nullable("number", "从事特定细分市场年限（专精特新）", extra: ["minimum": 0, "maximum": 200]),
            "fieldClass": nullable("string", "主导产品所属领域（专精特新）：keyLink 补短板锻长板填空白，foundation 工业六基/老字号/链主配套，other 其他",
                                   extra: ["enum": .array(SpecializedFieldClass.allCases.map { .string($0.rawValue) })]),
            "qualityItems": nullable("integer", "质量管理水平项数（专精特新）", extra: ["minimum": 0, "maximum": 1000]),
            "featurePoints": object(ProvincialFeatureScheme.standard.indicators.reduce(into: [:]) { schema, indicator in
                schema[indicator.id] = nullable("number", indicator.name,
                                                extra: ["minimum": 0, "maximum": .number(indicator.maxPoints)])
            }, additional: false, description: "特色化指标得分（专精特新，按省配置）"),
        ]
        for flag in EvaluationRequest.declaredFlags {
            request[flag.key] = nullable("boolean", flag.label + "（" + flag.rules.map(\.label).joined(separator: "、")
                + "；未知填 null）")
        }
        let number: JSONValue = ["type": "number"]
        let string: JSONValue = ["type": "string"]
        let condition = object([
            "id": string, "label": string,
            "kind": ["type": "string", "enum": ["basic", "score", "direct"],
                     "description": "basic 基本条件（须全部满足），score 评价得分，direct 直接认定条件（满足其一可代替得分）"],
            "met": nullable("boolean", "是否满足；null 表示数据不足"),
            "value": nullable("number", "企业的值"), "threshold": nullable("number", "门槛"),
            "gap": nullable("number", "差距（满足时为 0，未知为 null）"), "unit": string, "description": string,
        ], required: ["id", "label", "kind", "met", "value", "threshold", "gap"])
        let indicator = object([
            "id": string, "label": string, "group": string, "value": nullable("number", "企业的值（按 unit）"),
            "unit": string, "points": number, "possiblePoints": number, "max": number,
            "band": nullable("string", "命中的档位"),
        ], required: ["id", "label", "value", "points", "max"])
        let result = object([
            "rule": ["type": "string", "enum": .array(EvaluationRule.allCases.map { .string($0.rawValue) })],
            "version": ["type": "string", "description": "规则版本编号，如 specialized_sme_2026"],
            "versionTitle": string, "asOf": ["type": "string", "format": "date"], "year": ["type": "integer"],
            "verdict": ["type": "string", "enum": ["qualified", "not_qualified", "unknown"]],
            "score": number, "possibleScore": number, "passLine": nullable("number", "及格线"),
            "conditions": ["type": "array", "items": condition],
            "indicators": ["type": "array", "items": indicator],
            "notes": ["type": "array", "items": string],
        ], required: ["rule", "version", "verdict", "score", "conditions", "indicators"])
        return [
            "EvaluationRequest": object(request, required: ["rule", "asOf"], additional: false),
            "EvaluationYearFacts": yearFactsSchema,
            "EvaluationResult": result,
        ]
    }
}

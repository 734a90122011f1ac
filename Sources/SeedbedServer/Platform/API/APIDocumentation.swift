import Vapor

/// One `/api/v1` operation as the OpenAPI document describes it. Each API controller lists its operations
/// next to its routes; a test checks that every registered API route is described.
struct APIOperation: Sendable {
    let method: HTTPMethod
    /// OpenAPI path, e.g. `/api/v1/enterprises/{id}`.
    let path: String
    let summary: String
    let description: String
    let parameters: [APIParameter]
    /// Name of the response schema in `components.schemas`.
    let responseSchema: String
    let tag: String
    /// Every error status the operation answers, so a client (and schemathesis) can rely on the list.
    var errors: [Int] = [400, 401, 404]
    /// False for the one operation anyone may call (the document itself).
    var authenticated = true
    /// Name of the JSON request body's schema in `components.schemas`, for operations that take one.
    var requestSchema: String? = nil
}

struct APIParameter: Sendable {
    enum Location: String, Sendable { case query, path }
    let name: String
    let location: Location
    let type: String
    let required: Bool
    let description: String
    /// Bounds the server enforces (`InputNumber`), stated so a client knows them before it is refused.
    var minimum: Int?
    var maximum: Int?
    /// The only values accepted, for a string parameter that names a kind or a state.
    var values: [String]?
    var maxLength: Int?

    var schema: JSONValue {
        var schema: [String: JSONValue] = ["type": .string(type)]
        if type == "integer" { schema["format"] = "int64" }
        if let minimum { schema["minimum"] = .number(Double(minimum)) }
        if let maximum { schema["maximum"] = .number(Double(maximum)) }
        if let values { schema["enum"] = .array(values.map { .string($0) }) }
        if let maxLength { schema["maxLength"] = .number(Double(maxLength)) }
        return .object(schema)
    }
}

/// Builds the OpenAPI 3 document served at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    static func make(_ operations: [APIOperation], extraSchemas: [String: JSONValue] = [:]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations {
            var item: [String: JSONValue] = [:]
            if case .object(let existing)? = paths[operation.path] { item = existing }
            item[operation.method.rawValue.lowercased()] = describe(operation)
            paths[operation.path] = .object(item)
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "科技企业创新积分与梯度培育平台 API",
                "version": "1.0.0",
                "description": "供省级、国家级系统与合作银行调用的集成接口。使用 Bearer 令牌认证（seedbed token create 生成），数据范围与令牌所属账号一致；范围外的数据一律返回 404。错误响应为 {\"error\":{\"code\",\"message\"}}。",
            ],
            "servers": [["url": "/"]],
            "security": [["bearerAuth": []]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]],
                "schemas": .object(schemas.merging(extraSchemas, uniquingKeysWith: { first, _ in first })),
            ],
        ]
    }

    private static func describe(_ operation: APIOperation) -> JSONValue {
        let parameters: [JSONValue] = operation.parameters.map { parameter in
            [
                "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                "required": .bool(parameter.required), "description": .string(parameter.description),
                "schema": parameter.schema,
            ]
        }
        let errorResponse: JSONValue = [
            "description": "错误",
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
        ]
        var responses: [String: JSONValue] = [
            "200": [
                "description": "成功",
                "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(operation.responseSchema)")]]],
            ],
        ]
        for status in operation.errors { responses[String(status)] = errorResponse }
        var described: [String: JSONValue] = [
            "summary": .string(operation.summary),
            "description": .string(operation.description),
            "tags": [.string(operation.tag)],
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if !operation.authenticated { described["security"] = [] }
        if let request = operation.requestSchema {
            described["requestBody"] = [
                "required": true,
                "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(request)")]]],
            ]
        }
        return .object(described)
    }

    private static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    private static let string: JSONValue = ["type": "string"]
    private static let nullableString: JSONValue = ["type": "string", "nullable": true]
    private static let integer: JSONValue = ["type": "integer"]
    private static let nullableInteger: JSONValue = ["type": "integer", "nullable": true]

    static let schemas: [String: JSONValue] = [
        "Error": object(["error": object(["code": string, "message": string], required: ["code", "message"])],
                        required: ["error"]),
        "Me": object([
            "id": integer, "account": string, "name": string, "role": string, "organization": nullableString,
            "enterprise": nullableString, "scope": string,
        ], required: ["id", "account", "name", "role", "scope"]),
        "Enterprise": object([
            "id": integer, "uscc": string, "name": string, "regionCode": string, "regionName": string,
            "zoneId": nullableInteger, "zoneName": nullableString, "incubatorId": nullableInteger,
            "industryCode": nullableString, "techField": nullableString, "registeredOn": nullableString,
            "status": string,
        ], required: ["id", "uscc", "name", "regionCode", "status"]),
        "EnterpriseDetail": object([
            "id": integer, "uscc": string, "name": string, "regionCode": string, "regionName": string,
            "zoneId": nullableInteger, "zoneName": nullableString, "incubatorId": nullableInteger,
            "industryCode": nullableString, "techField": nullableString, "registeredOn": nullableString,
            "status": string, "contactName": nullableString, "contactPhone": nullableString,
        ], required: ["id", "uscc", "name", "regionCode", "status"]),
        "EnterprisePage": object([
            "items": ["type": "array", "items": ["$ref": "#/components/schemas/Enterprise"]],
            "total": integer, "page": integer, "per": integer,
        ], required: ["items", "total"]),
        "OpenAPI": ["type": "object", "description": "本文档"],
        "Facts": object([
            "enterpriseId": integer, "year": integer,
            "facts": ["type": "object", "additionalProperties": ["type": "number"],
                      "description": "指标编号 → 数值（金额万元，比例为小数）"],
            "years": ["type": "array", "items": integer],
        ], required: ["enterpriseId", "year", "facts", "years"]),
        "Filing": object([
            "id": integer, "enterpriseId": integer, "enterpriseName": string, "uscc": string, "kind": string,
            "year": nullableInteger, "status": string, "pendingReviewer": nullableString,
            "submittedAt": ["type": "string", "format": "date-time", "nullable": true],
            "updatedAt": ["type": "string", "format": "date-time"],
        ], required: ["id", "enterpriseId", "kind", "status"]),
        "FilingPage": object([
            "items": ["type": "array", "items": ["$ref": "#/components/schemas/Filing"]],
            "total": integer, "page": integer, "per": integer,
        ], required: ["items", "total"]),
    ]
}

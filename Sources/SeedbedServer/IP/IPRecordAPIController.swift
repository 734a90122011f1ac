import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// `POST /api/v1/ip-records`: a provincial or IP-office system sends an enterprise's patents, software copyrights
/// and trademarks as a JSON array. The token must belong to a role that may import 知识产权数据; every record's
/// enterprise must be in the token's data scope. All or nothing: one refused record (its field named) and nothing
/// is written. A number already on file for the same enterprise is updated; one on file for another enterprise
/// is refused.
struct IPRecordAPIController: RouteCollection {
    static let path = "/api/v1/ip-records"
    static let maxRecords = 500
    static let maxBodyBytes = 512 * 1024

    static let operations: [APIOperation] = [
        APIOperation(method: .POST, path: path, summary: "报送企业知识产权（全部成功或全部不写入）",
                     description: "可导入知识产权数据的角色（平台管理员，火炬中心、省、市、区县科技管理部门和园区）的令牌可用。"
                        + "请求体为 JSON 数组，每项一条知识产权，最多 \(maxRecords) 条、\(maxBodyBytes / 1024) KB；企业按统一社会信用代码匹配，须在令牌的数据范围内。"
                        + "任何一条有误即返回 422，error.field 指出第几条的哪个字段（如 [3].number），整批不写入。"
                        + "同一类型、同一号码已登记在同一企业名下的更新其名称、日期和状态；已登记在其他企业名下的拒绝。"
                        + "专利号校验位按国家知识产权局专利申请号标准（加权 2–9、模 11）核对，类型码须与专利类型一致。"
                        + "只有状态为 valid（有效）的知识产权计入公开统计，并在年报未填写相应数量时计入Ⅰ类、Ⅱ类知识产权数。",
                     parameters: [], responseSchema: "IPRecordResult", tag: "知识产权",
                     errors: [401, 403, 413, 422], requestSchema: "IPRecordRequest"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1").grouped(APITokenAuthenticator())
            .on(.POST, "ip-records", body: .collect(maxSize: ByteCount(value: Self.maxBodyBytes)), use: submit)
    }

    struct Written: Content {
        struct Record: Content {
            let kind: String
            let number: String
            let enterpriseId: Int
        }

        let written: Int
        let records: [Record]
    }

    /// A refusal naming its field.
    struct Refusal: Error {
        let code: String
        let message: String
        let field: String
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard IPImport.roles.contains(user.role) else {
            throw AppError.forbidden("该令牌的账号不能报送知识产权数据")
        }
        guard (req.body.data?.readableBytes ?? 0) <= Self.maxBodyBytes else { throw Abort(.payloadTooLarge) }
        let data = req.body.data.map { Data($0.readableBytesView) } ?? Data()
        let today = LocalDate(chinaTimeOf: req.now)
        do {
            let checked = try Self.parse(data, today: today)
            guard let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
            let enterprises = try await IPRecords.enterprises(usccs: checked.map(\.uscc), scope: user.scope, on: sql)
            var owners: [Int] = []
            for (index, record) in checked.enumerated() {
                guard let id = enterprises[record.uscc] else {
                    throw Refusal(code: "ip_records.unknown_enterprise",
                                  message: "平台中没有该统一社会信用代码的企业，或该企业不在您的数据范围内", field: "[\(index)].uscc")
                }
                owners.append(id)
            }
            let elsewhere = try await IPRecords.heldElsewhere(zip(owners, checked).map { ($0, $1.kind, $1.number) }, on: sql)
            if let index = checked.firstIndex(where: { elsewhere.contains("\($0.kind.rawValue):\($0.number)") }) {
                throw Refusal(code: "ip_records.held_elsewhere", message: "该号码已登记在其他企业名下", field: "[\(index)].number")
            }
            let now = req.now
            let scope = user.scope
            let enterpriseIDs = owners
            try await req.db.transaction { db in
                guard let sql = db as? any SQLDatabase else { return }
                let places = try await IPRecords.places(of: enterpriseIDs, scope: scope, on: sql)
                let rows = try zip(enterpriseIDs, checked).map { id, record in
                    guard let place = places[id] else { throw AppError.conflict("企业已不在您的数据范围内") }
                    return IPRecords.Row(enterpriseID: id, regionCode: place.region, zoneID: place.zone,
                                         incubatorID: place.incubator, kind: record.kind, number: record.number,
                                         title: record.title, datedOn: record.date.description, status: record.status)
                }
                try await IPRecords.upsert(rows, source: IPRecords.apiSource, on: sql, now: now)
                // IP counts fill the facts libraries and the overview read (IPRecords.fillFacts).
                try await DashboardVersion.bump(on: db)
            }
            try await req.audit.record(.create, targetType: "ip_records",
                                       detail: "POST \(Self.path)：写入 \(checked.count) 条知识产权")
            let response = Response(status: .ok)
            try response.content.encode(Written(written: checked.count, records: zip(owners, checked).map {
                .init(kind: $1.kind.rawValue, number: $1.number, enterpriseId: $0)
            }), as: .json)
            return response
        } catch let refusal as Refusal {
            let response = Response(status: .unprocessableEntity)
            try response.content.encode(EvaluationAPIController.FieldErrorBody(
                error: .init(code: refusal.code, message: refusal.message, field: refusal.field)), as: .json)
            return response
        }
    }

    static let keys: Set<String> = Set(IPImport.Field.allCases.map(\.rawValue))

    /// The body's records, each checked as the import checks a row; the first problem found is thrown.
    static func parse(_ data: Data, today: LocalDate) throws(Refusal) -> [IPImport.Checked] {
        let json: JSONValue
        do { json = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw Refusal(code: "invalid_json", message: "请求体不是有效的 JSON", field: "")
        }
        guard case .array(let items) = json else {
            throw Refusal(code: "invalid_body", message: "请求体应为 JSON 数组，每项一条知识产权", field: "")
        }
        guard !items.isEmpty else { throw Refusal(code: "empty", message: "请至少报送一条知识产权", field: "") }
        guard items.count <= maxRecords else {
            throw Refusal(code: "too_many", message: "一次最多报送 \(maxRecords) 条，当前 \(items.count) 条", field: "")
        }
        var result: [IPImport.Checked] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else {
                throw Refusal(code: "invalid_record", message: "每一项应为 JSON 对象", field: "[\(index)]")
            }
            if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
                throw Refusal(code: "unknown_field", message: "不是可识别的字段（可用字段：uscc、kind、number、title、date、status）",
                              field: "[\(index)]." + String(unknown.prefix(60)))
            }
            var texts: [IPImport.Field: String] = [:]
            for field in IPImport.Field.allCases {
                switch object[field.rawValue] {
                case nil, .null?: texts[field] = ""
                case .string(let text)?: texts[field] = String(text.prefix(1000))
                default:
                    throw Refusal(code: "invalid_type", message: "应为字符串", field: "[\(index)].\(field.rawValue)")
                }
            }
            let kindText = texts[.kind] ?? ""
            let checked = IPImport.check(uscc: texts[.uscc] ?? "", kind: kindText, number: texts[.number] ?? "",
                                         title: texts[.title] ?? "", date: .text(texts[.date] ?? ""),
                                         status: texts[.status] ?? "", today: today)
            switch checked {
            case .invalid(let problems):
                let field = IPImport.Field.allCases.first { problems[$0] != nil } ?? .number
                throw Refusal(code: "invalid_\(field.rawValue)", message: problems[field] ?? "无效",
                              field: "[\(index)].\(field.rawValue)")
            case .valid(let record):
                let key = "\(record.kind.rawValue):\(record.number)"
                if let first = seen[key] {
                    throw Refusal(code: "duplicate", message: "与第 \(first) 项（从 0 起）的号码重复", field: "[\(index)].number")
                }
                seen[key] = index
                result.append(record)
            }
        }
        return result
    }

    static var schemas: [String: JSONValue] {
        let record: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["uscc", "kind", "number", "title", "date"],
            "properties": [
                "uscc": ["type": "string", "description": "企业统一社会信用代码（18 位，须在令牌的数据范围内）"],
                "kind": ["type": "string",
                         "description": .string("类型：" + IPKind.displayOrder.map { "\($0.rawValue) \($0.label)" }.joined(separator: "，")
                             + "（也可填中文名称）")],
                "number": ["type": "string", "maxLength": .number(Double(IPNumber.maxLength)),
                           "description": "专利号（ZL202310123456.7，校验位须正确）、软件著作权登记号（2023SR0123456）或商标注册号（12345678）"],
                "title": ["type": "string", "maxLength": .number(Double(IPRecords.maxTitleLength)),
                          "description": "专利名称、软件名称或商标名称"],
                "date": ["type": "string", "format": "date", "description": "授权、登记或注册日期（审查中的为申请日），不晚于今天"],
                "status": ["type": "string", "nullable": true,
                           "description": .string("状态：" + IPStatus.allCases.map { "\($0.rawValue) \($0.label)" }.joined(separator: "，")
                               + "；不填为 valid")],
            ],
        ]
        return [
            "IPRecordRequest": ["type": "array", "minItems": 1, "maxItems": .number(Double(maxRecords)), "items": record],
            "IPRecordResult": [
                "type": "object", "required": ["written", "records"],
                "properties": [
                    "written": ["type": "integer", "description": "写入（新增或更新）的条数"],
                    "records": ["type": "array", "items": [
                        "type": "object",
                        "properties": ["kind": ["type": "string"],
                                       "number": ["type": "string", "description": "规范化后的号码"],
                                       "enterpriseId": ["type": "integer"]],
                    ]],
                ],
            ],
        ]
    }
}

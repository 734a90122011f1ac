import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("评价接口 POST /api/v1/evaluations")
struct EvaluationAPITests {
    static let path = "/api/v1/evaluations"

    /// A well-qualified 专精特新 candidate (2022 rules), in catalog units.
    static let qualifying = #"""
    {"rule":"specialized_sme","asOf":"2025-06-30",
     "profile":{"registeredOn":"2015-03-01","industry":"C39","field":"电子信息","listingStatus":0},
     "facts":{
       "2022":{"revenue":3200,"main_revenue":2880,"net_profit":400,"total_assets":4000,"total_liabilities":1600,"rd_expense":300,"employees":100,"st_staff":30,"rd_staff":20,"ip_invention":2,"ip_utility_model":5,"ip_software":3,"equity_financing":0,"rd_institutions_national":0,"rd_institutions_provincial":0,"rd_institutions_municipal":1,"st_awards_national":0,"st_awards_provincial":0},
       "2023":{"revenue":4000,"main_revenue":3600,"net_profit":400,"total_assets":5000,"total_liabilities":2000,"rd_expense":300,"employees":100,"st_staff":30,"rd_staff":20,"ip_invention":2,"ip_utility_model":5,"ip_software":3,"equity_financing":0,"rd_institutions_national":0,"rd_institutions_provincial":0,"rd_institutions_municipal":1,"st_awards_national":0,"st_awards_provincial":0},
       "2024":{"revenue":5000,"main_revenue":4500,"net_profit":500,"total_assets":6250,"total_liabilities":2500,"rd_expense":375,"employees":100,"st_staff":30,"rd_staff":20,"ip_invention":2,"ip_utility_model":5,"ip_software":3,"equity_financing":0,"rd_institutions_national":0,"rd_institutions_provincial":0,"rd_institutions_municipal":1,"st_awards_national":0,"st_awards_provincial":0}
     },
     "digitalLevel":3,"yearsInNiche":10,"fieldClass":"keyLink","qualityItems":2,"highValueClassOneIP":true,
     "selfDevelopedClassOneIP":true,"lowerLevelInstitution":false,"rankedAward":false,"makerChinaTop500":false,
     "featurePoints":{"local_feature":15}}
    """#

    static func post(_ app: Application, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("没有令牌 401，企业令牌 403，政府部门令牌得到评价结果")
    func access() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let anonymous = try await Self.post(app, Self.qualifying, token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.body.string.contains("\"code\":\"unauthorized\""))

            let enterprise = try await Self.post(app, Self.qualifying, token: try await Fixtures.token(for: "ent-e1", on: app))
            #expect(enterprise.status == .forbidden)
            #expect(enterprise.body.string.contains("政府"))

            for account in ["county-gjz", "city-dl", "prov-ln", "national", "zone-dl"] {
                let response = try await Self.post(app, Self.qualifying, token: try await Fixtures.token(for: account, on: app))
                #expect(response.status == .ok, "\(account)")
                let result = try response.content.decode(JSONValue.self)
                #expect(result["verdict"] == "qualified", "\(account)")
                #expect(result["version"] == "specialized_sme_2022")
                #expect(result["rule"] == "specialized_sme")
                guard case .array(let conditions)? = result["conditions"], case .array(let indicators)? = result["indicators"]
                else { Issue.record("no conditions or indicators"); continue }
                #expect(indicators.count == 13)
                let rd = conditions.first { $0["id"] == "rd_amount" }
                #expect(rd?["met"] == .bool(true))
                #expect(rd?["value"] == .number(375))
                #expect(rd?["threshold"] == .number(100))
                #expect(rd?["gap"] == .number(0))
            }
            // The system administrator is not a government role either.
            let admin = try await Self.post(app, Self.qualifying, token: try await Fixtures.token(for: "admin", on: app))
            #expect(admin.status == .forbidden)
        }
    }

    @Test("2026-03-31 用 2022 版，2026-04-01 起用 2026 版")
    func versionFollowsDate() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let token = try await Fixtures.token(for: "city-dl", on: app)
            for (asOf, version) in [("2026-03-31", "specialized_sme_2022"), ("2026-04-01", "specialized_sme_2026")] {
                let body = Self.qualifying.replacingOccurrences(of: "\"asOf\":\"2025-06-30\"", with: "\"asOf\":\"\(asOf)\"")
                let response = try await Self.post(app, body, token: token)
                #expect(response.status == .ok)
                let result = try response.content.decode(JSONValue.self)
                #expect(result["version"] == .string(version))
                #expect(result["asOf"] == .string(asOf))
            }
        }
    }

    @Test("有误的请求得到 422 JSON，指出字段；过大的请求 413；从不 500", arguments: [
        (#"{"rule":"gazelle","asOf":"2025-06-30"}"#, "rule"),
        (#"{"rule":"tech_sme","asOf":"2025-13-01"}"#, "asOf"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"turnover":1}}}"#, "facts.2024.turnover"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"revenue":"many"}}}"#, "facts.2024.revenue"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"revenue":1e309}}}"#, "facts.2024.revenue"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"revenue":NaN}}}"#, ""),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"employees":-5}}}"#, "facts.2024.employees"),
        (#"{"rule":"specialized_sme","asOf":"2025-06-30","digitalLevel":7}"#, "digitalLevel"),
        ("not json", ""),
        ("", ""),
    ])
    func badInput(body: String, field: String) async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let response = try await Self.post(app, body, token: try await Fixtures.token(for: "county-gjz", on: app))
            #expect(response.status == .unprocessableEntity, "\(body)")
            let error = try response.content.decode(JSONValue.self)
            #expect(error["error"]?["code"] == "evaluation.invalid_request")
            #expect(error["error"]?["field"] == .string(field))
            guard case .string(let message)? = error["error"]?["message"] else { Issue.record("no message"); return }
            #expect(!message.isEmpty)
            if !field.isEmpty { #expect(message.contains(field)) }
        }
    }

    @Test("10 MB 的请求体 413，一万个年度 422")
    func hugeBodies() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let token = try await Fixtures.token(for: "county-gjz", on: app)
            let big = #"{"rule":"tech_sme","asOf":"2025-06-30","pad":""# + String(repeating: "x", count: 10 * 1024 * 1024) + #""}"#
            let tooLarge = try await Self.post(app, big, token: token)
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(tooLarge.body.string.contains("\"code\":\"payload_too_large\""))
            let years = (0..<10_000).map { #""\#(1000 + $0)":{}"# }.joined(separator: ",")
            let many = try await Self.post(app, #"{"rule":"tech_sme","asOf":"2025-06-30","facts":{\#(years)}}"#, token: token)
            #expect(many.status == .unprocessableEntity || many.status == .payloadTooLarge)
            #expect(many.body.string.contains("\"code\""))
        }
    }

    @Test("接口文档列出请求体、每一个数据字典指标编号与响应结构")
    func documented() async throws {
        try await withSeedbedApp { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            let document = try response.content.decode(JSONValue.self)
            let operation = document["paths"]?["/api/v1/evaluations"]?["post"]
            #expect(operation?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]
                == "#/components/schemas/EvaluationRequest")
            #expect(operation?["responses"]?["422"] != nil)
            #expect(operation?["responses"]?["403"] != nil)
            let schemas = document["components"]?["schemas"]
            guard case .object(let facts)? = schemas?["EvaluationYearFacts"]?["properties"] else {
                Issue.record("no fact properties")
                return
            }
            #expect(Set(facts.keys) == Set(EvaluationFact.all.map(\.id.rawValue)))
            #expect(facts.count >= 30)
            #expect(schemas?["EvaluationResult"]?["properties"]?["verdict"]?["enum"]
                == .array(["qualified", "not_qualified", "unknown"]))
        }
    }
}

import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 知识产权公共服务 (D1): records come in by the 知识产权数据 import and `POST /api/v1/ip-records`, within the
/// importer's scope; the public page counts valid holdings per enterprise; an enterprise sees only its own; the
/// facts take the records' counts where an approved report leaves an IP count empty.
@Suite("知识产权公共服务")
struct IPRecordTests {
    static let path = "/api/v1/ip-records"

    static func invention(_ serial: Int) -> String {
        IPNumber.patentNumber("2023101" + String(format: "%05d", serial)) ?? ""
    }

    static func utility(_ serial: Int) -> String {
        IPNumber.patentNumber("2022201" + String(format: "%05d", serial)) ?? ""
    }

    static func uscc(_ key: String) -> String {
        let spec = Fixtures.enterpriseCodes[key]
        return Fixtures.uscc(region: spec?.region ?? "", serial: key)
    }

    static func post(_ app: Application, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func record(_ key: String, _ kind: String, _ number: String, title: String = "一种测试装置",
                       date: String = "2024-03-01", status: String? = nil) -> String {
        var fields = [#""uscc":"\#(uscc(key))""#, #""kind":"\#(kind)""#, #""number":"\#(number)""#,
                      #""title":"\#(title)""#, #""date":"\#(date)""#]
        if let status { fields.append(#""status":"\#(status)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func count(_ app: Application) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(IPRecords.schema).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func workbook(_ app: Application, rows: [[ListCell]]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ip-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try app.spreadsheets.tableWriter(url)
        try writer.begin(sheet: "知识产权数据", columns: ["统一社会信用代码", "类型", "号码", "名称", "日期", "状态"].map { ($0, 20) })
        for row in rows { try writer.append(row) }
        try writer.finish()
        return try Data(contentsOf: url)
    }

    /// Writes records straight to the table, placed like their enterprises.
    static func seed(_ app: Application, _ fixtures: Fixtures,
                     _ records: [(key: String, kind: IPKind, number: String, date: String, status: IPStatus)]) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        var rows: [IPRecords.Row] = []
        for record in records {
            let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(record.key), on: app.db))
            rows.append(IPRecords.Row(enterpriseID: try enterprise.requireID(), regionCode: enterprise.regionCode,
                                      zoneID: enterprise.zoneID, incubatorID: enterprise.incubatorID, kind: record.kind,
                                      number: record.number, title: "测试\(record.kind.label)", datedOn: record.date,
                                      status: record.status))
        }
        try await IPRecords.upsert(rows, source: IPRecords.importSource, on: sql, now: app.clock.now())
    }

    @Test("知识产权数据导入：逐行校验（号码校验位、类型、范围外企业、重复），确认后写入；再次导入更新而不重复")
    func importValidatesAndCommits() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            #expect(try await city.get("/imports/ip-records/template").status == .ok)
            let bad = Self.invention(1).dropLast() + "0" == Self.invention(1) ? Self.invention(1).dropLast() + "1"
                : Self.invention(1).dropLast() + "0"
            let rows: [[ListCell]] = [
                [.text(Self.uscc("e1")), .text("发明专利"), .text(Self.invention(1)), .text("一种储能装置"), .date("2024-03-01"), .text("有效")],
                [.text(Self.uscc("e2")), .text("软件著作权"), .text("2023SR0123456"), .text("企业管理系统 V1.0"), .date("2023-06-01"), .empty],
                [.text(Self.uscc("e3")), .text("发明专利"), .text(Self.invention(2)), .text("范围外企业"), .date("2024-03-01"), .empty],
                [.text(Self.uscc("e1")), .text("发明专利"), .text(String(bad)), .text("校验位错误"), .date("2024-03-01"), .empty],
                [.text(Self.uscc("e5")), .text("发明专利"), .text(Self.invention(1)), .text("重复号码"), .date("2024-03-01"), .empty],
                [.text(Self.uscc("e1")), .text("专利"), .text(Self.invention(3)), .text("类型无效"), .date("2024-03-01"), .empty],
            ]
            let data = try Self.workbook(app, rows: rows)
            let upload = try await city.upload("/imports/ip-records", form: [:], file: ("file", "知识产权.xlsx", data),
                                               csrfFrom: "/imports/ip-records")
            #expect(upload.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(batch.status == .validated, "\(batch.message ?? "")")
            #expect(batch.validRows == 2)
            #expect(batch.invalidRows == 4, "another province's enterprise, a wrong check digit, a repeated number, an unknown kind")
            #expect(try await Self.count(app) == 0, "nothing is written before confirmation")
            let batchID = try #require(batch.id)
            let errors = try await city.get("/imports/batches/\(batchID)/errors")
            #expect(errors.status == .ok)
            #expect(try await city.post("/imports/batches/\(batchID)/confirm", form: [:], csrfFrom: "/imports").status == .seeOther)
            try await app.jobs.drain(app)
            #expect(try await Self.count(app) == 2)

            // The same list again, e1's patent now lapsed: updated, not doubled.
            let again = try Self.workbook(app, rows: [
                [.text(Self.uscc("e1")), .text("发明"), .text(Self.invention(1)), .text("一种储能装置"), .date("2024-03-01"), .text("失效")],
            ])
            _ = try await city.upload("/imports/ip-records", form: [:], file: ("file", "知识产权.xlsx", again),
                                      csrfFrom: "/imports/ip-records")
            try await app.jobs.drain(app)
            let second = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(second.validRows == 1)
            _ = try await city.post("/imports/batches/\(try #require(second.id))/confirm", form: [:], csrfFrom: "/imports")
            try await app.jobs.drain(app)
            #expect(try await Self.count(app) == 2)
            let sql = try #require(app.db as? any SQLDatabase)
            let status = try await sql.select().column("status").from(IPRecords.schema)
                .where("number", .equal, Self.invention(1)).first(decodingColumn: "status", as: String.self)
            #expect(status == IPStatus.lapsed.rawValue)

            // A number already on another enterprise's file is refused, not moved.
            let steal = try Self.workbook(app, rows: [
                [.text(Self.uscc("e5")), .text("发明专利"), .text(Self.invention(1)), .text("他人专利"), .date("2024-03-01"), .empty],
            ])
            _ = try await city.upload("/imports/ip-records", form: [:], file: ("file", "知识产权.xlsx", steal),
                                      csrfFrom: "/imports/ip-records")
            try await app.jobs.drain(app)
            let third = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(third.validRows == 0 && third.invalidRows == 1)

            // Incubators do not import; enterprises neither.
            let incubator = Browser(app, ip: "10.0.0.9")
            try await incubator.login("incubator-dl")
            #expect(try await incubator.get("/imports/ip-records").status == .forbidden)
            _ = fixtures
        }
    }

    @Test("接口 POST /api/v1/ip-records：全部成功或全部不写入，错误指出第几条的哪个字段；范围外企业拒绝")
    func apiAllOrNothing() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let body = "[" + [Self.record("e1", "invention", Self.invention(7)),
                              Self.record("e1", "软件著作权", "2024SR0000001", title: "数据平台软件"),
                              Self.record("e2", "trademark", "第 23456789 号", title: "创新")].joined(separator: ",") + "]"
            #expect(try await Self.post(app, body, token: nil).status == .unauthorized)
            let enterprise = try await Fixtures.token(for: "ent-e1", on: app)
            #expect(try await Self.post(app, body, token: enterprise).status == .forbidden)
            let incubator = try await Fixtures.token(for: "incubator-dl", on: app)
            #expect(try await Self.post(app, body, token: incubator).status == .forbidden)

            let city = try await Fixtures.token(for: "city-dl", on: app)
            // One bad record: nothing written, the field named.
            let broken = "[" + [Self.record("e1", "invention", Self.invention(8)),
                                Self.record("e2", "utility_model", Self.invention(9))].joined(separator: ",") + "]"
            let refused = try await Self.post(app, broken, token: city)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(#""field":"[1].number""#), "\(refused.body.string)")
            #expect(refused.body.string.contains("类型码"))
            #expect(try await Self.count(app) == 0)
            // Out of scope (重庆): refused as unknown.
            let outside = try await Self.post(app, "[" + Self.record("e3", "invention", Self.invention(10)) + "]", token: city)
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains(#""field":"[0].uscc""#))
            #expect(try await Self.count(app) == 0)
            // Malformed bodies.
            for (text, field) in [("{", ""), ("{}", ""), ("[]", ""), ("[1]", "[0]"),
                                  ("[{\"uscc\":1}]", "[0].uscc"), ("[{\"colour\":\"red\"}]", "[0].colour"),
                                  ("[" + Self.record("e1", "invention", Self.invention(11), date: "2099-01-01") + "]", "[0].date"),
                                  ("[" + Self.record("e1", "invention", Self.invention(11), status: "maybe") + "]", "[0].status"),
                                  ("[" + Self.record("e1", "invention", Self.invention(11)) + ","
                                   + Self.record("e1", "invention", Self.invention(11)) + "]", "[1].number")] {
                let response = try await Self.post(app, text, token: city)
                #expect(response.status == .unprocessableEntity, "\(text)")
                #expect(response.body.string.contains(#""field":"\#(field)""#), "\(text) → \(response.body.string)")
            }
            let tooMany = "[" + (0...IPRecordAPIController.maxRecords).map { Self.record("e1", "invention", Self.invention($0)) }
                .joined(separator: ",") + "]"
            #expect(try await Self.post(app, tooMany, token: city).status == .unprocessableEntity)
            let huge = "[" + String(repeating: " ", count: IPRecordAPIController.maxBodyBytes + 10) + "]"
            #expect(try await Self.post(app, huge, token: city).status == .payloadTooLarge)
            #expect(try await Self.count(app) == 0)

            let written = try await Self.post(app, body, token: city)
            #expect(written.status == .ok, "\(written.body.string)")
            #expect(written.body.string.contains(#""written":3"#))
            #expect(written.body.string.contains("23456789"))
            #expect(try await Self.count(app) == 3)
            // Sent again: updated, still three.
            #expect(try await Self.post(app, body, token: city).status == .ok)
            #expect(try await Self.count(app) == 3)
            // Another enterprise's number: refused.
            let county = try await Fixtures.token(for: "county-gjz", on: app)
            let taken = try await Self.post(app, "[" + Self.record("e5", "invention", Self.invention(7)) + "]", token: county)
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.string.contains("其他企业"))
            // The county cannot name 旅顺口区's enterprise.
            let ls = try await Self.post(app, "[" + Self.record("e2", "design", IPNumber.patentNumber("202130100001") ?? "") + "]",
                                         token: county)
            #expect(ls.status == .unprocessableEntity)
            #expect(ls.body.string.contains(#""field":"[0].uscc""#))

            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(document.body.string.contains(#"\/api\/v1\/ip-records"#))
            #expect(document.body.string.contains("IPRecordRequest"))
        }
    }

    @Test("公开页 /ip：无需登录，按企业统计有效知识产权，可按名称、地区、类型检索，失效的不计")
    func publicCounts() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.seed(app, fixtures, [
                ("e1", .invention, Self.invention(1), "2023-05-01", .valid),
                ("e1", .invention, Self.invention(2), "2024-05-01", .valid),
                ("e1", .software, "2023SR0000001", "2023-05-01", .valid),
                ("e1", .trademark, "1234567", "2020-05-01", .valid),
                ("e1", .invention, Self.invention(3), "2019-05-01", .lapsed),
                ("e2", .utilityModel, Self.utility(1), "2023-05-01", .valid),
                ("e3", .design, IPNumber.patentNumber("202230100001") ?? "", "2023-05-01", .valid),
                ("e4", .invention, Self.invention(4), "2023-05-01", .pending),
            ])
            let visitor = Browser(app)
            let page = try await visitor.get("/ip")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("大连甘井子一号科技有限公司"))
            #expect(html.contains("重庆渝北三号科技有限公司"))
            #expect(!html.contains("重庆北碚四号科技有限公司"), "only valid holdings count; e4's is pending")
            #expect(!html.contains(Self.uscc("e1")), "no credit codes or personal data")
            #expect(!html.contains("13912345678"))
            let (rows, info, totals) = try await IPRecordController.publicPage(.init([:]), page: PageRequest(page: 1, per: 20), on: app.db)
            #expect(info.total == 3)
            #expect(rows.first?.name == "大连甘井子一号科技有限公司", "most holdings first")
            #expect(rows.first?.counts[.invention] == 2)
            #expect(rows.first?.counts.total == 4)
            #expect(totals[.invention] == 2 && totals[.utilityModel] == 1 && totals[.design] == 1 && totals.total == 6)
            let inventions = try await IPRecordController.publicPage(.init(["kind": "invention"]), page: PageRequest(page: 1, per: 20), on: app.db)
            #expect(inventions.rows.map(\.name) == ["大连甘井子一号科技有限公司"])
            let chongqing = try await visitor.get("/ip?region=500112").body.string
            #expect(chongqing.contains("重庆渝北三号科技有限公司"))
            #expect(!chongqing.contains("大连甘井子一号科技有限公司"))
            let search = try await visitor.get("/ip?q=旅顺").body.string
            #expect(search.contains("大连旅顺二号科技有限公司"))
            #expect(!search.contains("大连甘井子一号科技有限公司"))
            let paged = try await visitor.get("/ip?per=1&page=2").body.string
            #expect(paged.contains("共 3 条"))
            // Hostile query strings are read as nothing, never a 500.
            for query in ["region=%27%20OR%201=1", "kind=%00", "page=99999999999999999999", "q=" + String(repeating: "字", count: 5000)] {
                #expect(try await visitor.get("/ip?" + query).status == .ok, "\(query)")
            }
        }
    }

    @Test("企业只看到自己的知识产权；区县只看到辖区内的；可导出")
    func scopes() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.seed(app, fixtures, [
                ("e1", .invention, Self.invention(1), "2023-05-01", .valid),
                ("e1", .software, "2023SR0000001", "2023-05-01", .valid),
                ("e2", .utilityModel, Self.utility(1), "2023-05-01", .valid),
            ])
            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            let mine = try await enterprise.get("/my/ip")
            #expect(mine.status == .ok)
            #expect(mine.body.string.contains(Self.invention(1)))
            #expect(mine.body.string.contains("2023SR0000001"))
            #expect(!mine.body.string.contains(Self.utility(1)))
            let filtered = try await enterprise.get("/my/ip?kind=software").body.string
            #expect(filtered.contains("2023SR0000001") && !filtered.contains(Self.invention(1)))
            #expect(try await enterprise.get("/ip-records").status == .forbidden)
            let export = try await enterprise.post("/exports/ip-records", form: [:], csrfFrom: "/my/ip")
            #expect(export.status == .ok)

            let county = Browser(app, ip: "10.0.0.5")
            try await county.login("county-gjz")
            let list = try await county.get("/ip-records").body.string
            #expect(list.contains(Self.invention(1)))
            #expect(!list.contains(Self.utility(1)), "e2 is in 旅顺口区")
            #expect(try await county.get("/my/ip").status == .forbidden)
            let ls = Browser(app, ip: "10.0.0.6")
            try await ls.login("county-ls")
            #expect(try await ls.get("/ip-records").body.string.contains(Self.utility(1)))
            let countyExport = try await county.post("/exports/ip-records?kind=invention", form: [:], csrfFrom: "/ip-records")
            #expect(countyExport.status == .ok)
        }
    }

    @Test("事实数据：年报未填的知识产权数按年末有效记录计入，Ⅰ类合计随之可得；年报已填的保留")
    func factsTakeRecordsWhereTheReportIsEmpty() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let sql = try #require(app.db as? any SQLDatabase)
            let e1 = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
            let e2 = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db))
            // e1's report leaves 发明专利 and 软件著作权 empty; e2's gives every count.
            var partial: [FactID: Double] = [:]
            for fact in DerivedFacts.classOneParts + DerivedFacts.classTwoParts { partial[fact] = 0 }
            partial[.ipInvention] = nil
            partial[.ipSoftware] = nil
            partial[.revenue] = 1000
            var full = partial
            full[.ipInvention] = 5
            full[.ipSoftware] = 1
            try await EnterpriseFacts.upsert(enterprise: e1, year: 2024, facts: partial, source: "test", on: app.db, now: app.clock.now())
            try await EnterpriseFacts.upsert(enterprise: e2, year: 2024, facts: full, source: "test", on: app.db, now: app.clock.now())
            try await Self.seed(app, fixtures, [
                ("e1", .invention, Self.invention(1), "2023-05-01", .valid),
                ("e1", .invention, Self.invention(2), "2024-12-31", .valid),
                ("e1", .invention, Self.invention(3), "2025-01-02", .valid),   // after the year: not counted
                ("e1", .invention, Self.invention(4), "2022-01-01", .lapsed),  // lapsed: not counted
                ("e2", .invention, Self.invention(5), "2023-05-01", .valid),
            ])
            let loaded = try await FactLoader(sql: sql).load(scope: .all, years: [2024])
            let frame = DerivedFacts.adding(to: loaded.history.frame(2024), previous: nil)
            let slot1 = try #require(loaded.slots.firstIndex { $0.id == e1.id })
            let slot2 = try #require(loaded.slots.firstIndex { $0.id == e2.id })
            #expect(frame.values(.ipInvention)[slot1] == 2)
            #expect(frame.values(.ipSoftware)[slot1] == 0, "records on file but no software: 0")
            #expect(frame.values(.ipClass1)[slot1] == 2, "the Ⅰ类 total is known once the empty counts are filled")
            #expect(frame.values(.ipInvention)[slot2] == 5, "a count the report gives is kept")
            #expect(frame.values(.ipClass1)[slot2] == 5)
            // The enterprise's page shows the counts from records with the class totals.
            let counts = try await IPRecords.counts(enterpriseID: try e1.requireID(), scope: .all, on: sql)
            #expect(counts[.invention] == 3 && counts.total(.classOne) == 3 && counts.total(.classTwo) == 0)
        }
    }
}

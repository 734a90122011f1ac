import Fluent
import FluentPostgresDriver
import Foundation
import NIOCore
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// PostgreSQL bulk writes by COPY (`BulkWriter`): hostile text arrives as it was, NUL is refused with nothing
/// written, and the demo, a scoring run's results and the overview built from them read the same on PostgreSQL
/// (COPY) as on SQLite (multi-row INSERT). The PostgreSQL halves run when SEEDBED_TEST_POSTGRES_URL is set.
@Suite("PostgreSQL COPY 批量写入")
struct BulkWriterTests {
    /// Text no one should have to think about: tabs, newlines, backslashes, COPY's own markers, Chinese.
    static let hostile = [
        "", "plain", "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\.", "\\\\t",
        "尾随反斜杠\\", "大连高新技术产业园区\t渝北区\n重庆", "emoji 🚀 and 中文", " leading and trailing ", "\u{0B}\u{0C}\u{08}",
        "😀\\x41\t\\\n",
    ]

    @Test("COPY 文本格式：反斜杠、制表符、换行、回车转义，NULL 写作 \\N，数值按最短形式")
    func encodesCopyText() throws {
        var out = CopyRowEncoder(columns: [.integer("i"), .text("t"), .double("d"), .boolean("b"), .text("n"),
                                           .timestamp("at"), .bytes("x")])
        try out.integer(-42)
        try out.text("a\\b\tc\nd\re中")
        try out.double(0.1)
        try out.boolean(true)
        try out.text(nil)
        try out.timestamp(Date(timeIntervalSince1970: 1_700_000_000.123456))
        try out.bytes(Data([0x00, 0xAB, 0x5C]))
        try out.endRow()
        let text = out.buffer.getString(at: 0, length: out.buffer.readableBytes)
        #expect(text == "-42\ta\\\\b\\tc\\nd\\re中\t0.1\tt\t\\N\t2023-11-14 22:13:20.123456+00\t\\\\x00ab5c\n")

        // A row that drifts from its columns is refused, not loaded shifted.
        var short = CopyRowEncoder(columns: [.integer("i"), .text("t")])
        try short.integer(1)
        #expect(throws: AppError.self) { try short.endRow() }
        var wrong = CopyRowEncoder(columns: [.integer("i")])
        #expect(throws: AppError.self) { try wrong.text("1") }
        var nul = CopyRowEncoder(columns: [.text("name")])
        let error = try #require(throws: AppError.self) { try nul.text("a\u{0}b") }
        #expect(error.code == "bulk_nul_character")
        #expect(error.message.contains("name"))
    }

    @Test("敌意字符串经 COPY 写入 PostgreSQL 后原样读回；含空字符的批次整体拒绝、什么也不写")
    func hostileTextRoundTrips() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let postgres = try #require(BulkWriter.postgres(app.db))
            try await sql.raw("""
                CREATE TABLE bulk_probe (id BIGINT, t TEXT, d DOUBLE PRECISION, b BOOLEAN, at TIMESTAMPTZ, x BYTEA)
                """).run()
            let columns: [CopyColumn] = [.integer("id"), .text("t"), .double("d"), .boolean("b"), .timestamp("at"),
                                         .bytes("x")]
            struct Probe: Sendable, Equatable {
                let id: Int
                let t: String?
                let d: Double?
                let b: Bool?
                let at: Date?
                let x: Data?
            }
            let moment = Date(timeIntervalSince1970: 1_765_000_000.5)
            var rows = Self.hostile.enumerated().map { index, text in
                Probe(id: index, t: text, d: Double(index) / 3 - 1e-7, b: index % 2 == 0, at: moment,
                      x: Data(text.utf8))
            }
            rows.append(Probe(id: 100, t: nil, d: .nan, b: nil, at: nil, x: nil))
            rows.append(Probe(id: 101, t: "x", d: 1e300, b: false, at: Date(timeIntervalSince1970: -86_400.25),
                              x: Data()))
            let written = try await BulkWriter.copy(rows, into: "bulk_probe", columns: columns, on: postgres) { row, out in
                try out.integer(row.id)
                try out.text(row.t)
                try out.double(row.d)
                try out.boolean(row.b)
                try out.timestamp(row.at)
                try out.bytes(row.x)
            }
            #expect(written == rows.count)
            struct Back: Decodable {
                let id: Int
                let t: String?
                let d: Double?
                let b: Bool?
                let at: Date?
                let x: Data?
            }
            let back = try await sql.raw("SELECT id, t, d, b, at, x FROM bulk_probe ORDER BY id").all(decoding: Back.self)
            #expect(back.count == rows.count)
            for (row, read) in zip(rows, back) {
                #expect(read.id == row.id)
                #expect(read.t == row.t, "row \(row.id)")
                #expect(read.d == (row.d?.isFinite == true ? row.d : nil))
                #expect(read.b == row.b)
                #expect(read.x == row.x)
                if let at = row.at {
                    #expect(abs((read.at ?? .distantPast).timeIntervalSince(at)) < 1e-6)
                } else {
                    #expect(read.at == nil)
                }
            }

            // A NUL in the middle of a batch: the COPY fails, nothing of it is stored.
            let poisoned = [Probe(id: 200, t: "fine", d: 1, b: true, at: nil, x: nil),
                            Probe(id: 201, t: "bad\u{0}value", d: 2, b: true, at: nil, x: nil)]
            let error = await #expect(throws: AppError.self) {
                try await BulkWriter.copy(poisoned, into: "bulk_probe", columns: columns, on: postgres) { row, out in
                    try out.integer(row.id)
                    try out.text(row.t)
                    try out.double(row.d)
                    try out.boolean(row.b)
                    try out.timestamp(row.at)
                    try out.bytes(row.x)
                }
            }
            #expect(error?.code == "bulk_nul_character")
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM bulk_probe").first(decodingColumn: "n", as: Int.self)
            #expect(count == rows.count)
        }
    }

    /// What a demo load, a national run of it and the overview built from them hold, independent of row ids.
    struct DemoDigest: Equatable, CustomStringConvertible {
        var enterprises: [String] = []
        var facts: [String: [Double?]] = [:]
        var results: [String] = []
        var overview = ""

        var description: String {
            "\(enterprises.count) enterprises, \(facts.count) fact rows, \(results.count) results, overview \(overview)"
        }
    }

    static let demoNow = Date(timeIntervalSince1970: 1_780_000_000)

    /// Loads `count` demo enterprises with facts, runs the national scheme over the last report year, publishes it
    /// and builds the overview; returns what was stored.
    static func demoDigest(_ app: Application, count: Int) async throws -> DemoDigest {
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: demoNow)
        let zones = try await loader.ensureOrganizations()
        let inserted = try await loader.loadEnterprises(count: count, seed: 5, zoneIDs: zones, withFacts: true)
        #expect(inserted == count)
        let sql = try #require(app.db as? any SQLDatabase)
        var digest = DemoDigest()
        struct Enterprise: Decodable {
            let uscc: String
            let name: String
            let region_code: String
            let zone: String?
            let incubator: String?
            let industry_code: String?
            let tech_field: Int?
            let registered_on: String?
            let status: String
            let contact_name: String?
            let created_at: Date?
        }
        let enterprises = try await sql.raw("""
            SELECT e.uscc, e.name, e.region_code, z.name AS zone, i.name AS incubator, e.industry_code, e.tech_field,
                e.registered_on, e.status, e.contact_name, e.created_at
            FROM enterprises e LEFT JOIN organizations z ON z.id = e.zone_id LEFT JOIN organizations i ON i.id = e.incubator_id
            ORDER BY e.uscc
            """).all(decoding: Enterprise.self)
        digest.enterprises = enterprises.map { e in
            // To the millisecond: PostgreSQL keeps microseconds, SQLite the full double.
            let created = e.created_at.map { String(Int(($0.timeIntervalSince1970 * 1000).rounded(.down))) } ?? "-"
            return [e.uscc, e.name, e.region_code, e.zone ?? "-", e.incubator ?? "-", e.industry_code ?? "-",
                    e.tech_field.map(String.init) ?? "-", e.registered_on ?? "-", e.status, e.contact_name ?? "-",
                    created].joined(separator: "|")
        }
        let factNames = EnterpriseFacts.columns.map(\.rawValue)
        let rows = try await sql.raw("""
            SELECT e.uscc, f.year, f.source, \(unsafeRaw: factNames.map { "f." + $0 }.joined(separator: ", "))
            FROM enterprise_facts f JOIN enterprises e ON e.id = f.enterprise_id
            """).all()
        for row in rows {
            let key = "\(try row.decode(column: "uscc", as: String.self))|\(try row.decode(column: "year", as: Int.self))|"
                + (try row.decode(column: "source", as: String.self))
            digest.facts[key] = factNames.map { (try? row.decode(column: $0, as: Double?.self)) ?? nil }
        }

        let year = try #require(DemoFilings.reportYears(now: demoNow).last)
        let run = try await NationalRun.compute(year: year, on: app)
        #expect(run.scored > 0)
        struct Result: Decodable {
            let uscc: String
            let cohort_size: Int
            let stage: String?
            let total: Double
            let rank: Int
            let list_index: Int
            let meets_line: Bool
            let region_code: String
            let year: Int
            let run_id: Int
        }
        let stored = try await sql.raw("""
            SELECT e.uscc, r.cohort_size, r.stage, r.total, r.rank, r.list_index, r.meets_line, r.breakdown,
                r.breakdown_position, r.region_code, r.year, r.run_id
            FROM score_results r JOIN enterprises e ON e.id = r.enterprise_id ORDER BY e.uscc
            """).all()
        let results = try stored.map { try $0.decode(model: Result.self) }
        // Each result's breakdown, wherever it is kept (in its run's chunks).
        let breakdowns = try await ScoreBreakdowns.resolve(
            try zip(stored, results).map { try ScoreBreakdowns.reference($0, runID: $1.run_id) }, on: sql)
        #expect(!breakdowns.isEmpty && breakdowns.allSatisfy { $0.count >= 16 * 10 && $0.count == breakdowns[0].count },
                "every result has its lines")
        digest.results = zip(results, breakdowns).map { r, breakdown in
            "\(r.uscc)|\(r.region_code)|\(r.year)|\(r.cohort_size)|\(r.stage ?? "-")|\(r.total)|\(r.rank)|"
                + "\(r.list_index)|\(r.meets_line)|\(breakdown.base64EncodedString())"
        }
        let computed = try #require(try await ScoringRun.query(on: app.db).filter(\.$status == RunStatus.computed).first())
        _ = try await RunService(db: app.db, now: demoNow).publish(computed, userID: 0, actor: nil)

        let build = try await OverviewSnapshotBuild.build(on: app)
        // The active ones (the generator makes a few inactive).
        #expect(build.enterprises > count * 9 / 10)
        digest.overview = "\(build.enterprises)/\(build.scored)/\(String(build.digest, radix: 16))"
        return digest
    }

    @Test("演示数据、积分结果与企业总览：PostgreSQL（COPY）与 SQLite（多行 INSERT）写入的完全相同")
    func demoMatchesSQLite() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        var sqlite = DemoDigest()
        try await withSeedbedApp({ $0.database = .sqliteMemory(identifier: UUID().uuidString) }) { app in
            try await app.autoMigrate()
            sqlite = try await Self.demoDigest(app, count: 300)
        }
        var postgres = DemoDigest()
        try await withSeedbedApp { app in
            postgres = try await Self.demoDigest(app, count: 300)
        }
        #expect(sqlite.enterprises.count == 300)
        #expect(sqlite.facts.count == 900)
        #expect(postgres.enterprises == sqlite.enterprises)
        #expect(postgres.facts == sqlite.facts)
        #expect(postgres.results.count == sqlite.results.count)
        #expect(postgres.results == sqlite.results)
        #expect(postgres.overview == sqlite.overview)
    }
}

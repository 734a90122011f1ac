import Fluent
import FluentPostgresDriver
import Foundation
import SeedbedDomain
import SeedbedServer
import SyntheticData
import SQLKit
import Vapor

/// `seedbed-bench libraries --enterprises N [--database postgres://…]`: every library over N enterprises × 3
/// years in the columnar engine (`LibraryBenchmark`); with a PostgreSQL URL, the same generated data loaded
/// there (multi-row INSERT) and the same conditions run as one SQL query per library. One JSON line:
/// `{"libraries": {"<id>": seconds, …}, "sql": {"<id>": seconds, …}, …}` with member counts from both, so the
/// two can be checked against each other.
struct LibraryBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "enterprises", help: "企业数量（默认 100000）")
        var enterprises: Int?
        @Option(name: "database", help: "PostgreSQL 连接串（postgres://…）：同时载入同一批数据并以 SQL 执行相同条件")
        var database: String?
        @Option(name: "repeats", help: "每个库重复次数，取最快一次（默认 3）")
        var repeats: Int?
        @Flag(name: "keep", help: "保留 PostgreSQL 中的基准表，便于检查查询计划")
        var keep: Bool
    }

    var help: String { "培育库评价基准：列式引擎逐库计时，可选与 PostgreSQL 单条 SQL 对照，输出一行 JSON" }

    static let seed: UInt64 = 2026
    static let years = 2022...2024
    static let date = (try? LocalDate(year: 2025, month: 6, day: 30)) ?? LocalDate(daysSince1970: 20_269)

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = signature.enterprises ?? 100_000
        let repeats = max(1, min(signature.repeats ?? 3, 10))
        guard count > 0, count <= 5_000_000 else {
            context.console.error("企业数量须在 1–5,000,000 之间")
            return
        }
        var sql: SQLFigures?
        if let url = signature.database {
            sql = try await SQLFigures.measure(url: url, enterprises: count, repeats: repeats, keep: signature.keep,
                                               app: context.application)
        }
        let result = try LibraryBenchmark.run(enterprises: count, seed: Self.seed, repeats: repeats)
        context.console.print(Self.json(result, sql: sql))
    }

    static func json(_ result: LibraryBenchmark.Result, sql: SQLFigures?) -> String {
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        func seconds(_ value: Double) -> String { String(format: "%.6f", value) }
        let libraries = result.seconds.sorted { $0.key < $1.key }.map { ($0.key.rawValue, seconds($0.value)) }
        let members = result.members.sorted { $0.key < $1.key }.map { ($0.key.rawValue, String($0.value)) }
        var pairs: [(String, String)] = [
            ("libraries", object(libraries)),
            ("sql", object((sql?.seconds ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, seconds($0.value)) })),
            ("members", object(members)),
        ]
        if let sql {
            pairs.append(("sql_members", object(sql.members.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })))
            pairs.append(("sql_load_seconds", seconds(sql.loadSeconds)))
            pairs.append(("sql_rows", String(sql.factRows)))
        }
        pairs += [
            ("enterprises", String(result.enterprises)),
            ("years", "[" + result.years.map(String.init).joined(separator: ", ") + "]"),
            ("generate_seconds", seconds(result.generationSeconds)), ("prepare_seconds", seconds(result.preparationSeconds)),
        ]
        return object(pairs)
    }
}

/// The PostgreSQL half of the library benchmark.
struct SQLFigures: Sendable {
    var seconds: [String: Double] = [:]
    var members: [String: Int] = [:]
    var loadSeconds = 0.0
    var factRows = 0

    static let databaseID = DatabaseID(string: "library-bench")

    static func measure(url: String, enterprises: Int, repeats: Int, keep: Bool, app: Application) async throws
        -> SQLFigures
    {
        var configuration = try SQLPostgresConfiguration(url: url)
        if !url.contains("sslmode=") { configuration.coreConfiguration.tls = .disable }
        app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 1), as: databaseID)
        let db = app.db(databaseID)
        guard let sql = db as? any SQLDatabase else { throw BenchmarkError.cannotConnect("PostgreSQL") }
        var figures = SQLFigures()
        let started = ContinuousClock.now
        figures.factRows = try await load(enterprises: enterprises, into: db)
        figures.loadSeconds = (ContinuousClock.now - started).seconds
        for library in LibraryCatalog.standard.libraries(on: LibraryBenchCommand.date) {
            var compiler = try LibrarySQL(library: library, year: LibraryBenchCommand.years.upperBound,
                                          date: LibraryBenchCommand.date)
            let query = try compiler.query()
            var best = Double.infinity
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                let row = try await sql.raw(SQLQueryString(query)).first()
                best = min(best, (ContinuousClock.now - start).seconds)
                figures.members[library.id.rawValue] = (try? row?.decode(column: "met", as: Int.self)) ?? -1
            }
            figures.seconds[library.id.rawValue] = best
            progress("SQL \(library.id.rawValue)：\(String(format: "%.3f", best)) 秒")
        }
        if !keep {
            try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: LibrarySQL.facts), \(unsafeRaw: LibrarySQL.profiles)").run()
        }
        return figures
    }

    /// The generator's data, as the engine sees it, into two tables: multi-row INSERT of 1,000 rows, one
    /// transaction. Returns the number of fact rows (enterprise-years with a report).
    static func load(enterprises: Int, into db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let generator = LibraryDataGenerator(enterprises: enterprises, years: LibraryBenchCommand.years,
                                             seed: LibraryBenchCommand.seed)
        let (history, profile) = generator.generate(asOf: LibraryBenchCommand.date)
        let facts = LibraryDataGenerator.facts
        try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: LibrarySQL.facts), \(unsafeRaw: LibrarySQL.profiles)").run()
        try await sql.raw("""
            CREATE UNLOGGED TABLE \(unsafeRaw: LibrarySQL.profiles) (enterprise_id integer PRIMARY KEY,
              registration_day integer, reg_year integer, tech_field smallint, industry_section smallint,
              listing_status smallint, hightech_valid smallint, tech_sme_valid smallint)
            """).run()
        let factColumns = facts.map { "\($0.rawValue) double precision" }.joined(separator: ", ")
        try await sql.raw("""
            CREATE UNLOGGED TABLE \(unsafeRaw: LibrarySQL.facts) (enterprise_id integer NOT NULL, year integer NOT NULL,
              \(unsafeRaw: factColumns), PRIMARY KEY (enterprise_id, year))
            """).run()
        progress("正在写入 \(enterprises) 家企业的档案与年报事实……")
        let factRows = try await db.transaction { transaction -> Int in
            guard let sql = transaction as? any SQLDatabase else { return 0 }
            var written = 0
            var rows: [[any SQLExpression]] = []
            rows.reserveCapacity(1000)
            for slot in 0..<enterprises {
                let day = profile.registrationDay[slot]
                let known = day.isFinite
                rows.append([
                    SQLBind(slot), SQLBind(known ? Int(day) : nil),
                    SQLBind(known ? LocalDate(daysSince1970: Int(day)).year : nil),
                    SQLBind(Self.code(profile.techField[slot])),
                    SQLBind(profile.industrySection[slot] == 0 ? nil : Int(profile.industrySection[slot])),
                    SQLBind(Self.code(profile.listingStatus[slot])), SQLBind(Self.code(profile.hightechValid[slot])),
                    SQLBind(Self.code(profile.techSMEValid[slot])),
                ])
                if rows.count == 1000 { try await insertProfiles(&rows, sql) }
            }
            try await insertProfiles(&rows, sql)
            for year in LibraryBenchCommand.years {
                let frame = history.frame(year)
                let columns = facts.map { frame.values($0) }
                for slot in 0..<enterprises where columns.contains(where: { !$0[slot].isNaN }) {
                    rows.append([SQLBind(slot), SQLBind(year)]
                        + columns.map { column in SQLBind(column[slot].isNaN ? nil : column[slot]) })
                    written += 1
                    if rows.count == 1000 { try await insertFacts(&rows, sql, facts) }
                }
                try await insertFacts(&rows, sql, facts)
                progress("已写入 \(year) 年度")
            }
            return written
        }
        try await sql.raw("ANALYZE \(unsafeRaw: LibrarySQL.profiles)").run()
        try await sql.raw("ANALYZE \(unsafeRaw: LibrarySQL.facts)").run()
        return factRows
    }

    private static func insertProfiles(_ rows: inout [[any SQLExpression]], _ sql: any SQLDatabase) async throws {
        guard let first = rows.first else { return }
        try await sql.insert(into: LibrarySQL.profiles)
            .columns("enterprise_id", "registration_day", "reg_year", "tech_field", "industry_section", "listing_status",
                     "hightech_valid", "tech_sme_valid")
            .values(first).rows(rows.dropFirst()).run()
        rows.removeAll(keepingCapacity: true)
    }

    private static func insertFacts(_ rows: inout [[any SQLExpression]], _ sql: any SQLDatabase, _ facts: [FactID])
        async throws
    {
        guard let first = rows.first else { return }
        try await sql.insert(into: LibrarySQL.facts).columns(["enterprise_id", "year"] + facts.map(\.rawValue))
            .values(first).rows(rows.dropFirst()).run()
        rows.removeAll(keepingCapacity: true)
    }

    /// A profile code, −1 (unknown) as NULL.
    private static func code(_ value: Int8) -> Int? { value < 0 ? nil : Int(value) }

    private static func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain
import SeedbedServer
import SQLKit
import Vapor

/// `seedbed-bench dashboard --enterprises N [--requests R] [--database postgres://… | sqlite:PATH]`: assembles the
/// snapshot from N generated enterprises and times R random overview requests against it. With `--database` it
/// also loads the same enterprises into that database (one table, SQLKit multi-row INSERT of 1,000 rows, one
/// transaction), answers the same requests with SQL GROUP BY (one query per chart, the count and list page 1)
/// and times reading the table back into a snapshot. Prints one JSON line; then, unless `--no-peers`, DuckDB's line:
/// the same rows and the same statements on an in-memory DuckDB (`DashboardDuckDB`), answers checked against the
/// snapshot, or a line saying DuckDB is not installed.
struct DashboardBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "enterprises", help: "企业数（默认 1000000）")
        var enterprises: Int?
        @Option(name: "requests", help: "总览请求数（默认 1000）")
        var requests: Int?
        @Option(name: "database", help: "同时用 SQL GROUP BY 对照的数据库：postgres://… 或 sqlite:PATH")
        var database: String?
        @Option(name: "sql-requests", help: "用 SQL 回答的请求数（默认 100，取同一批请求的前若干个）")
        var sqlRequests: Int?
        @Flag(name: "no-peers", help: "不运行 DuckDB 对照")
        var noPeers: Bool
    }

    var help: String { "企业总览快照基准，输出一行 JSON（p50_ms, p99_ms, snapshot_seconds, snapshot_mb[, sql_p50_ms]）" }

    static let table = "bench_dashboard"

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = signature.enterprises ?? 1_000_000
        let requestCount = signature.requests ?? 1_000
        guard count > 0, count <= 5_000_000, requestCount > 0, requestCount <= 100_000 else {
            context.console.error("企业数须在 1–5,000,000 之间，请求数须在 1–100,000 之间")
            return
        }
        let clock = ContinuousClock()
        let columns = DashboardBenchmark.generate(enterprises: count)
        var snapshot = DashboardSnapshot.empty
        let assembly = clock.measure { snapshot = DashboardBenchmark.assemble(columns) }
        let requests = DashboardBenchmark.requests(requestCount, snapshot: snapshot)
        var checksum = 0
        if let first = requests.first { checksum &+= DashboardBenchmark.answer(first, snapshot: snapshot) }
        var durations: [Double] = []
        durations.reserveCapacity(requests.count)
        for request in requests {
            let start = clock.now
            checksum &+= DashboardBenchmark.answer(request, snapshot: snapshot)
            durations.append((clock.now - start).milliseconds)
        }
        durations.sort()
        var fields: [(String, String)] = [
            ("enterprises", String(count)), ("requests", String(requests.count)),
            ("p50_ms", Self.number(DashboardBenchmark.percentile(durations, 50))),
            ("p99_ms", Self.number(DashboardBenchmark.percentile(durations, 99))),
            ("snapshot_seconds", Self.number(assembly.seconds)),
            ("snapshot_mb", Self.number(Double(snapshot.approximateBytes) / 1_048_576)),
            ("checksum", String(checksum)),
        ]
        if let url = signature.database {
            let location = try AppConfig.parseDatabaseURL(url)
            let id = DatabaseID(string: "bench")
            switch location {
            case .postgres(let url):
                var postgres = try SQLPostgresConfiguration(url: url)
                if !url.contains("sslmode=") { postgres.coreConfiguration.tls = .disable }
                context.application.databases.use(.postgres(configuration: postgres), as: id)
            case .sqliteFile(let path):
                context.application.databases.use(.sqlite(.init(storage: .file(path: path))), as: id)
            case .sqliteMemory(let name):
                context.application.databases.use(.sqlite(.init(storage: .memory(identifier: name))), as: id)
            }
            let db = context.application.db(id)
            guard let sql = db as? any SQLDatabase else {
                context.console.error("无法连接数据库")
                return
            }
            let comparison = try await SQLComparison(db: db, sql: sql, isPostgres: location.isPostgres)
                .run(snapshot: snapshot, requests: Array(requests.prefix(max(1, signature.sqlRequests ?? 100))))
            let speedup = comparison.p50 / max(DashboardBenchmark.percentile(durations, 50), 1e-6)
            fields += [
                ("database", location.isPostgres ? "\"postgres\"" : "\"sqlite\""),
                ("load_seconds", Self.number(comparison.loadSeconds)),
                ("db_snapshot_seconds", Self.number(comparison.readBackSeconds)),
                ("sql_requests", String(comparison.requests)),
                ("sql_p50_ms", Self.number(comparison.p50)), ("sql_p99_ms", Self.number(comparison.p99)),
                ("speedup_p50", Self.number(speedup)), ("sql_matches", comparison.matches ? "true" : "false"),
            ]
        }
        context.console.print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        if !signature.noPeers {
            // DuckDB beside PostgreSQL: the same rows and the same statements, answers checked against the snapshot.
            context.console.print(try DashboardDuckDB.run(
                snapshot: snapshot, requests: Array(requests.prefix(max(1, signature.sqlRequests ?? 100))),
                eventLoop: context.application.eventLoopGroup.next(),
                seedbedP50: DashboardBenchmark.percentile(durations, 50)))
        }
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3f", value) : "null"
    }
}

/// The SQL side of the dashboard benchmark: the same enterprises in one table, the same requests as GROUP BY.
struct SQLComparison {
    let db: any Database
    let sql: any SQLDatabase
    let isPostgres: Bool

    struct Result {
        let loadSeconds: Double
        let readBackSeconds: Double
        let requests: Int
        let p50: Double
        let p99: Double
        /// Whether every SQL answer's totals equal the snapshot's.
        let matches: Bool
    }

    func run(snapshot: DashboardSnapshot, requests: [DashboardBenchmark.Request]) async throws -> Result {
        let clock = ContinuousClock()
        let table = DashboardBenchCommand.table
        try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        try await sql.raw("""
            CREATE TABLE \(ident: table) (id INTEGER PRIMARY KEY, region_code INTEGER NOT NULL, zone_id INTEGER NOT NULL,
            incubator_id INTEGER NOT NULL, section INTEGER NOT NULL, field INTEGER NOT NULL, stage INTEGER NOT NULL,
            tier INTEGER NOT NULL, score REAL)
            """).run()
        let unknownSection = UInt8(IndustrySection.all.count)
        let unknownStage = UInt8(OverviewStages.stages.count)
        let unknownTier = UInt8(clamping: snapshot.tierScale.labels.count)
        let load = try await clock.measure {
            try await db.transaction { transaction in
                guard let sql = transaction as? any SQLDatabase else { return }
                for start in stride(from: 0, to: snapshot.count, by: 1_000) {
                    let rows: [[any SQLExpression]] = (start..<min(start + 1_000, snapshot.count)).map { slot in
                        [SQLBind(Int(snapshot.enterpriseIDs[slot])), SQLBind(Int(snapshot.regionCodes[slot])),
                         SQLBind(Int(snapshot.zones[slot])), SQLBind(Int(snapshot.incubators[slot])),
                         SQLBind(Int(min(snapshot.sections[slot], unknownSection))), SQLBind(Int(snapshot.fields[slot])),
                         SQLBind(Int(min(snapshot.stages[slot], unknownStage))),
                         SQLBind(Int(min(snapshot.tiers[slot], unknownTier))),
                         SQLBind(snapshot.scores[slot].isFinite ? Double(snapshot.scores[slot]) : nil)]
                    }
                    guard let first = rows.first else { continue }
                    try await sql.insert(into: table)
                        .columns("id", "region_code", "zone_id", "incubator_id", "section", "field", "stage", "tier", "score")
                        .values(first).rows(rows.dropFirst()).run()
                }
            }
            for column in ["region_code", "zone_id", "incubator_id"] {
                try await sql.raw("CREATE INDEX \(ident: table + "_" + column) ON \(ident: table) (\(ident: column))").run()
            }
            try await sql.raw("ANALYZE").run()
        }

        var durations: [Double] = []
        var matches = true
        for request in requests {
            let start = clock.now
            let answer = try await self.answer(request)
            durations.append((clock.now - start).milliseconds)
            let expected = snapshot.overview(scope: request.scope, filter: request.filter,
                                             listMinScore: request.listMinScore, limit: 20)
            if answer.total != expected.total || answer.listTotal != expected.listTotal
                || answer.fieldTotal != expected.fieldCounts.reduce(0, +) {
                matches = false
            }
        }
        durations.sort()

        let readBack = try await clock.measure {
            let assembler = Sink(SnapshotAssembler(version: 1, builtAt: Date(), tierScale: snapshot.tierScale,
                                                   expectedCount: snapshot.count))
            try await sql.select().columns("id", "region_code", "zone_id", "incubator_id", "section", "field", "stage",
                                           "tier", "score")
                .from(table).orderBy("id")
                .run { row in
                    guard let id = try? row.decode(column: "id", as: Int.self),
                          let region = try? row.decode(column: "region_code", as: Int.self) else { return }
                    func int(_ name: String) -> Int { (try? row.decode(column: name, as: Int.self)) ?? -1 }
                    let slot = assembler.state.addEnterprise(SnapshotEnterprise(
                        id: Int32(clamping: id), regionCode: Int32(clamping: region), zone: Int32(clamping: int("zone_id")),
                        incubator: Int32(clamping: int("incubator_id")), section: UInt8(clamping: int("section")),
                        field: UInt8(clamping: int("field"))))
                    if let score = (try? row.decode(column: "score", as: Double?.self)) ?? nil {
                        assembler.state.setScore(slot: slot, score: Float(score), tier: UInt8(clamping: int("tier")),
                                                 stage: UInt8(clamping: int("stage")))
                    }
                }
            _ = assembler.state.finish()
        }
        try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        return Result(loadSeconds: load.seconds, readBackSeconds: readBack.seconds, requests: durations.count,
                      p50: DashboardBenchmark.percentile(durations, 50), p99: DashboardBenchmark.percentile(durations, 99),
                      matches: matches)
    }

    struct Answer {
        let total: Int
        let listTotal: Int
        let fieldTotal: Int
    }

    /// The page's figures by SQL: the count, one GROUP BY per chart (each without its own filter, as the snapshot
    /// counts them), the list's count and page 1.
    func answer(_ request: DashboardBenchmark.Request) async throws -> Answer {
        var figures: [DashboardStatements.Statement.Figure: Int] = [:]
        for statement in DashboardStatements(sql: sql, isPostgres: isPostgres).statements(request) {
            switch statement.kind {
            case .count:
                figures[statement.figure ?? .total] = try await statement.builder
                    .first(decodingColumn: "n", as: Int.self) ?? 0
            case .grouped:
                let rows = try await statement.builder.all()
                let sum = rows.reduce(0) { $0 + ((try? $1.decode(column: "n", as: Int.self)) ?? 0) }
                if let figure = statement.figure { figures[figure] = sum }
            case .rows:
                _ = try await statement.builder.all()
            }
        }
        let total = figures[.total] ?? 0
        return Answer(total: total, listTotal: figures[.listTotal] ?? total, fieldTotal: figures[.fieldTotal] ?? 0)
    }
}

/// The SQL that answers one overview request, on any SQL database (PostgreSQL or SQLite for the comparison, SQL
/// text in PostgreSQL's dialect for the DuckDB peer).
struct DashboardStatements {
    let sql: any SQLDatabase
    let isPostgres: Bool

    /// One statement of a request's answer, and which figure (if any) it yields.
    struct Statement {
        enum Kind: String { case count, grouped, rows }
        enum Figure: String { case total, listTotal = "list_total", fieldTotal = "field_total" }
        let kind: Kind
        let figure: Figure?
        let builder: SQLSelectBuilder
    }

    /// The statements that answer `request`, in the order they run: the count, the six charts' GROUP BYs (the
    /// region ranking at the drill level), the list's count when it has a score line, and list page 1.
    func statements(_ request: DashboardBenchmark.Request) -> [Statement] {
        let table = DashboardBenchCommand.table
        let filter = request.filter
        func predicates(except dimension: Int?) -> [any SQLExpression] {
            var list: [any SQLExpression] = []
            switch request.scope {
            case .all: break
            case .regionRange(let range): list.append(between("region_code", range))
            case .zone(let id): list.append(SQLBinaryExpression(SQLColumn("zone_id"), .equal, SQLBind(Int(id))))
            case .incubator(let id): list.append(SQLBinaryExpression(SQLColumn("incubator_id"), .equal, SQLBind(Int(id))))
            case .enterprise(let id): list.append(SQLBinaryExpression(SQLColumn("id"), .equal, SQLBind(Int(id))))
            case .nothing: list.append(SQLRaw("1 = 0"))
            }
            if dimension != 0, let region = filter.region.flatMap(SnapshotScope.range) { list.append(between("region_code", region)) }
            if dimension != 1, let zone = filter.zone { list.append(equal("zone_id", Int(zone))) }
            if dimension != 2, let field = filter.field { list.append(equal("field", Int(field))) }
            if dimension != 3, let section = filter.section { list.append(equal("section", Int(section))) }
            if dimension != 4, let stage = filter.stage { list.append(equal("stage", Int(stage))) }
            if dimension != 5, let tier = filter.tier { list.append(equal("tier", Int(tier))) }
            return list
        }
        func select(_ except: Int?) -> SQLSelectBuilder {
            var builder = sql.select().from(table)
            for predicate in predicates(except: except) { builder = builder.where(predicate) }
            return builder
        }
        func count(_ builder: SQLSelectBuilder, _ figure: Statement.Figure) -> Statement {
            Statement(kind: .count, figure: figure,
                      builder: builder.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
        }
        func grouped(_ key: any SQLExpression, except: Int, extra: (any SQLExpression)? = nil,
                     figure: Statement.Figure? = nil) -> Statement {
            var builder = select(except).column(key, as: "k").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            if let extra { builder = builder.where(extra) }
            return Statement(kind: .grouped, figure: figure, builder: builder.groupBy(SQLIdentifier("k")))
        }
        var statements = [count(select(nil), .total)]
        // The region ranking at the drill level: children of the region filter (or of the scope). The key is the
        // code cut to the level (code − code % 10^k), which integer division would give on PostgreSQL but not on
        // DuckDB, whose `/` divides exactly.
        let level = (filter.region ?? request.scopePrefix).count
        let divisor = level >= 4 ? 1 : level >= 2 ? 100 : 10_000
        let parent = (filter.region ?? (request.scopePrefix.isEmpty ? nil : request.scopePrefix)).flatMap(SnapshotScope.range)
        statements.append(grouped(SQLBinaryExpression(SQLColumn("region_code"), .subtract,
                                                      SQLBinaryExpression(SQLColumn("region_code"), .modulo,
                                                                          SQLLiteral.numeric(String(divisor)))),
                                  except: 0, extra: parent.map { between("region_code", $0) }))
        statements.append(grouped(SQLColumn("zone_id"), except: 1,
                                  extra: SQLBinaryExpression(SQLColumn("zone_id"), .greaterThanOrEqual, SQLBind(0))))
        statements.append(grouped(SQLColumn("field"), except: 2, figure: .fieldTotal))
        statements.append(grouped(SQLColumn("section"), except: 3))
        statements.append(grouped(SQLColumn("stage"), except: 4))
        statements.append(grouped(SQLColumn("tier"), except: 5))
        func listed() -> SQLSelectBuilder {
            guard let line = request.listMinScore else { return select(nil) }
            return select(nil).where(SQLColumn("score"), .greaterThanOrEqual, SQLBind(Double(line)))
        }
        if request.listMinScore != nil { statements.append(count(listed(), .listTotal)) }
        statements.append(Statement(kind: .rows, figure: nil, builder: listed().column("id").column("score")
            .orderBy(SQLRaw(isPostgres ? "score DESC NULLS LAST" : "score IS NULL, score DESC"))
            .orderBy("id").limit(20)))
        return statements
    }

    private func between(_ column: String, _ range: ClosedRange<Int32>) -> any SQLExpression {
        SQLBinaryExpression(SQLBinaryExpression(SQLColumn(column), .greaterThanOrEqual, SQLBind(Int(range.lowerBound))),
                            .and, SQLBinaryExpression(SQLColumn(column), .lessThanOrEqual, SQLBind(Int(range.upperBound))))
    }

    private func equal(_ column: String, _ value: Int) -> any SQLExpression {
        SQLBinaryExpression(SQLColumn(column), .equal, SQLBind(value))
    }
}

import Foundation
import NIOCore
import PostgresKit
import SeedbedDomain
import SeedbedServer
import SQLKit

/// The DuckDB peer of the dashboard benchmark: the same rows the PostgreSQL comparison loads, written to a CSV
/// file, and the very statements PostgreSQL runs (`DashboardStatements`, serialized as PostgreSQL SQL with $n
/// parameters, which DuckDB reads too), run by `PeerScripts.duckdb` against an in-memory DuckDB table; its
/// answers are checked against the snapshot's, as PostgreSQL's are.
enum DashboardDuckDB {
    static func run(snapshot: DashboardSnapshot, requests: [DashboardBenchmark.Request], eventLoop: any EventLoop,
                    seedbedP50: Double) throws -> String
    {
        let peer = PeerScripts.duckdb
        guard peer.isInstalled else { return peer.skippedLine }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-bench-\(UUID().uuidString)").path
        let csv = base + "-dashboard.csv"
        let plan = base + "-requests.json"
        defer {
            try? FileManager.default.removeItem(atPath: csv)
            try? FileManager.default.removeItem(atPath: plan)
        }
        try writeRows(snapshot, to: csv)
        try writePlan(requests, snapshot: snapshot, eventLoop: eventLoop, to: plan)
        do {
            let (line, figures) = try peer.run([csv, plan])
            let p50 = (figures["sql_p50_ms"] as? NSNumber)?.doubleValue ?? .nan
            return PythonPeer.extend(line, with: [("speedup_p50", .number(p50 / max(seedbedP50, 1e-6), digits: 3))])
        } catch {
            return peer.failedLine(error)
        }
    }

    /// The benchmark table's rows as CSV, with the values the PostgreSQL comparison inserts.
    static func writeRows(_ snapshot: DashboardSnapshot, to path: String) throws {
        let unknownSection = UInt8(IndustrySection.all.count)
        let unknownStage = UInt8(OverviewStages.stages.count)
        let unknownTier = UInt8(clamping: snapshot.tierScale.labels.count)
        var text = "id,region_code,zone_id,incubator_id,section,field,stage,tier,score\n"
        text.reserveCapacity(snapshot.count * 48)
        for slot in 0..<snapshot.count {
            let score = snapshot.scores[slot]
            let fields: [String] = [
                String(snapshot.enterpriseIDs[slot]), String(snapshot.regionCodes[slot]), String(snapshot.zones[slot]),
                String(snapshot.incubators[slot]), String(min(snapshot.sections[slot], unknownSection)),
                String(snapshot.fields[slot]), String(min(snapshot.stages[slot], unknownStage)),
                String(min(snapshot.tiers[slot], unknownTier)), score.isFinite ? String(Double(score)) : "",
            ]
            text += fields.joined(separator: ",")
            text += "\n"
        }
        do {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        } catch {
            throw BenchmarkError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// Per request: its statements as SQL text and parameters, and the snapshot's answers.
    static func writePlan(_ requests: [DashboardBenchmark.Request], snapshot: DashboardSnapshot,
                          eventLoop: any EventLoop, to path: String) throws {
        let text = SQLText(eventLoop: eventLoop)
        let statements = DashboardStatements(sql: text, isPostgres: true)
        var plan: [[String: Any]] = []
        for request in requests {
            let expected = snapshot.overview(scope: request.scope, filter: request.filter,
                                             listMinScore: request.listMinScore, limit: 20)
            let serialized: [[String: Any]] = statements.statements(request).map { statement in
                let (sql, binds) = text.serialize(statement.builder.query)
                var entry: [String: Any] = ["kind": statement.kind.rawValue, "sql": sql, "binds": binds.map(jsonValue)]
                if let figure = statement.figure { entry["figure"] = figure.rawValue }
                return entry
            }
            plan.append(["statements": serialized, "expected": [
                "total": expected.total, "list_total": expected.listTotal,
                "field_total": expected.fieldCounts.reduce(0, +),
            ]])
        }
        do {
            try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: path))
        } catch {
            throw BenchmarkError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    private static func jsonValue(_ bind: any Encodable & Sendable) -> Any {
        switch bind {
        case let value as Int: value
        case let value as Int32: Int(value)
        case let value as Double: value
        case let value as Float: Double(value)
        case let value as String: value
        default: NSNull()
        }
    }
}

/// A database that only writes SQL: PostgreSQL's dialect, no connection. Executing fails.
private struct SQLText: SQLDatabase {
    let logger = Logger(label: "seedbed.bench.sql-text")
    let eventLoop: any EventLoop
    var dialect: any SQLDialect { PostgresDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFailedFuture(BenchmarkError.cannotConnect("SQL text only"))
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The `ip_records` table (知识产权公共服务, D1): one row per patent, software copyright, trademark … an enterprise
/// holds, with the enterprise's scope columns copied like every enterprise-bound table. A number is one holding:
/// UNIQUE (kind, number). Written by the 知识产权数据 import and `POST /api/v1/ip-records`; read by `/ip` (public
/// counts), `/my/ip`, `/ip-records` and, for empty annual-report counts, the fact loader (`fillFacts`).
enum IPRecords {
    static let schema = "ip_records"
    static let importSource = "import"
    static let apiSource = "api"
    static let demoSource = "demo"
    static let maxTitleLength = 200

    static func sourceLabel(_ source: String) -> String {
        switch source {
        case importSource: "导入"
        case apiSource: "接口"
        case demoSource: "演示数据"
        default: source
        }
    }

    /// One record to write, already validated and placed (its enterprise's scope columns).
    struct Row: Sendable, Equatable {
        let enterpriseID: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let kind: IPKind
        let number: String
        let title: String
        /// `yyyy-MM-dd`: 授权 / 登记 / 注册日期 (申请日 while 审查中).
        let datedOn: String
        let status: IPStatus
    }

    /// The numbers among `rows` already on file for another enterprise, as "kind:number" keys. Such a number is
    /// refused: a record never moves between enterprises by import or API (a county could otherwise take another
    /// county's patent).
    static func heldElsewhere(_ rows: [(enterpriseID: Int, kind: IPKind, number: String)], on sql: any SQLDatabase)
        async throws -> Set<String>
    {
        var taken = Set<String>()
        for kind in IPKind.allCases {
            let wanted = rows.filter { $0.kind == kind }
            for chunk in wanted.chunked(into: 500) {
                let owners = Dictionary(chunk.map { ($0.number, $0.enterpriseID) }, uniquingKeysWith: { first, _ in first })
                let found = try await sql.select().columns("enterprise_id", "number").from(schema)
                    .where("kind", .equal, kind).where("number", .in, Array(owners.keys)).all()
                for row in found {
                    guard let owner = try? row.decode(column: "enterprise_id", as: Int.self),
                          let number = try? row.decode(column: "number", as: String.self)
                    else { continue }
                    if let wantedOwner = owners[number], wantedOwner != owner { taken.insert("\(kind.rawValue):\(number)") }
                }
            }
        }
        return taken
    }

    /// Writes records inside the caller's transaction: a number already on file for the same enterprise is
    /// updated (title, date, status, source), so a corrected list can be sent again; one on file for another
    /// enterprise fails the whole write (callers check `heldElsewhere` first and name the row).
    static func upsert(_ rows: [Row], source: String, on sql: any SQLDatabase, now: Date) async throws {
        let clash = try await heldElsewhere(rows.map { ($0.enterpriseID, $0.kind, $0.number) }, on: sql)
        guard clash.isEmpty else { throw AppError.conflict("有号码已登记在其他企业名下，整批未写入，请重新校验后提交") }
        for chunk in rows.chunked(into: 400) {
            for kind in IPKind.allCases {
                let numbers = chunk.filter { $0.kind == kind }.map(\.number)
                guard !numbers.isEmpty else { continue }
                try await sql.delete(from: schema).where("kind", .equal, kind).where("number", .in, numbers).run()
            }
            let values: [[any SQLExpression]] = chunk.map { row in
                [SQLBind(row.enterpriseID), SQLBind(row.regionCode), SQLBind(row.zoneID), SQLBind(row.incubatorID),
                 SQLBind(row.kind), SQLBind(row.number), SQLBind(row.title), SQLBind(row.datedOn), SQLBind(row.status),
                 SQLBind(source), SQLBind(now), SQLBind(now)]
            }
            guard let first = values.first else { continue }
            try await sql.insert(into: schema)
                .columns("enterprise_id", "region_code", "zone_id", "incubator_id", "kind", "number", "title", "dated_on",
                         "status", "source", "created_at", "updated_at")
                .values(first).rows(values.dropFirst()).run()
        }
    }

    /// Places (region, zone, incubator) of enterprises within `scope`, by id; an enterprise outside it is absent.
    static func places(of ids: [Int], scope: DataScope, on sql: any SQLDatabase) async throws
        -> [Int: (region: String, zone: Int?, incubator: Int?)]
    {
        var places: [Int: (region: String, zone: Int?, incubator: Int?)] = [:]
        for chunk in Array(Set(ids)).chunked(into: 1000) {
            let found = try await sql.select().columns("id", "region_code", "zone_id", "incubator_id")
                .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
                .where("id", .in, Array(chunk)).all()
            for row in found {
                guard let id = try? row.decode(column: "id", as: Int.self),
                      let region = try? row.decode(column: "region_code", as: String.self)
                else { continue }
                places[id] = (region, try? row.decode(column: "zone_id", as: Int?.self),
                              try? row.decode(column: "incubator_id", as: Int?.self))
            }
        }
        return places
    }

    /// Enterprise ids by credit code, within `scope` (a code outside it reads as unknown, as everywhere else).
    static func enterprises(usccs: [String], scope: DataScope, on sql: any SQLDatabase) async throws -> [String: Int] {
        var found: [String: Int] = [:]
        for chunk in Array(Set(usccs)).chunked(into: 1000) {
            let rows = try await sql.select().columns("id", "uscc")
                .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
                .where("uscc", .in, Array(chunk)).all()
            for row in rows {
                if let id = try? row.decode(column: "id", as: Int.self), let uscc = try? row.decode(column: "uscc", as: String.self) {
                    found[uscc] = id
                }
            }
        }
        return found
    }

    /// Valid holdings of one enterprise by kind, as of today (status 有效).
    static func counts(enterpriseID: Int, scope: DataScope, on sql: any SQLDatabase) async throws -> IPCounts {
        let rows = try await sql.select().column("kind").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("r")))
            .where(ScopeFilter(scope, table: "r"))
            .where("enterprise_id", .equal, enterpriseID).where("status", .equal, IPStatus.valid)
            .groupBy("kind").all()
        var counts = IPCounts()
        for row in rows {
            guard let kind = (try? row.decode(column: "kind", as: String.self)).flatMap(IPKind.init(rawValue:)),
                  let n = try? row.decode(column: "n", as: Int.self)
            else { continue }
            counts.byKind[kind] = n
        }
        return counts
    }

    // MARK: Facts

    /// The one rule by which records reach the facts: for an enterprise with an approved report for year Y
    /// (`present`), each IP count the report leaves empty is the number of its records of that kind that are
    /// 有效 and dated on or before 31 December Y (0 when it has records but none of that kind). A count the report
    /// gives is kept. Counts no record kind holds (国家级农作物品种, 国家新药, 一级中药保护品种) are untouched.
    static func fillFacts(_ history: inout FactHistory, present: [Int: [Bool]], slots: SlotIndex, scope: DataScope,
                          wanted: [Int: [FactID]], on sql: any SQLDatabase) async throws {
        let kindFacts = Dictionary(uniqueKeysWithValues: IPKind.allCases.map { ($0.fact, $0) })
        for year in history.years {
            let facts = (wanted[year] ?? []).filter { kindFacts[$0] != nil }
            guard !facts.isEmpty, let seen = present[year], seen.contains(true) else { continue }
            let missing = facts.contains { fact in
                let column = history.frame(year).values(fact)
                return column.indices.contains { seen[$0] && column[$0].isNaN }
            }
            guard missing else { continue }
            let rows = try await sql.select().column("enterprise_id").column("kind")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("r")))
                .where(ScopeFilter(scope, table: "r"))
                .where("status", .equal, IPStatus.valid).where("dated_on", .lessThanOrEqual, SQLBind("\(year)-12-31"))
                .groupBy("enterprise_id").groupBy("kind").all()
            var counts: [Int: [IPKind: Double]] = [:]
            for row in rows {
                guard let id = try? row.decode(column: "enterprise_id", as: Int.self), let slot = slots[id],
                      let kind = (try? row.decode(column: "kind", as: String.self)).flatMap(IPKind.init(rawValue:)),
                      let n = try? row.decode(column: "n", as: Int.self)
                else { continue }
                counts[slot, default: [:]][kind] = Double(n)
            }
            guard !counts.isEmpty else { continue }
            var frame = history.frame(year)
            for fact in facts {
                guard let kind = kindFacts[fact] else { continue }
                var column = frame.values(fact)
                for (slot, held) in counts where column.indices.contains(slot) && seen.indices.contains(slot)
                    && seen[slot] && column[slot].isNaN {
                    column[slot] = held[kind] ?? 0
                }
                frame.setColumn(fact, column)
            }
            history.setFrame(frame, for: year)
        }
    }
}

/// Valid holdings by kind, with the class totals of RULES.md §5.
struct IPCounts: Sendable, Equatable {
    var byKind: [IPKind: Int] = [:]

    subscript(_ kind: IPKind) -> Int { byKind[kind] ?? 0 }
    var total: Int { byKind.values.reduce(0, +) }
    func total(_ ipClass: IPClass) -> Int {
        byKind.reduce(0) { $0 + ($1.key.ipClass == ipClass ? $1.value : 0) }
    }
}

/// The `ip_records` table.
struct CreateIPRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IPRecords.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("kind", .string, .required)
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("dated_on", .string, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "kind", "number")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "ip_records_enterprise").on(IPRecords.schema).column("enterprise_id").run()
        try await sql.create(index: "ip_records_region").on(IPRecords.schema).column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IPRecords.schema).delete()
    }
}

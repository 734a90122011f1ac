import Fluent
import FluentPostgresDriver
import SeedbedDomain
import SQLKit
import Vapor

/// The fact table (DESIGN.md §4): one row per enterprise per year, one column per filed fact, projected from
/// approved annual reports (and later imports). Scoring, libraries, statistics and dashboards read only this.
enum EnterpriseFacts {
    static let schema = "enterprise_facts"

    /// The filed facts with a column, in column order. Append only: a new fact is a new migration.
    static let columns: [FactID] = [
        .revenue, .mainRevenue, .netProfit, .totalAssets, .totalLiabilities, .taxPaid, .totalCost, .rdExpense,
        .rdExpenseDomestic, .hightechProductIncome, .techContractTurnover, .equityFinancing, .employees, .stStaff,
        .rdStaff, .ipInvention, .ipPlantVariety, .ipCropVariety, .ipNewDrug, .ipTCMProtection, .ipICLayout,
        .ipUtilityModel, .ipDesign, .ipSoftware, .trademarks, .achievementConversions, .standardsLed,
        .standardsJoined, .stAwardsNational, .stAwardsProvincial, .rdInstitutionsNational,
        .rdInstitutionsProvincial, .rdInstitutionsMunicipal, .hightechCertified, .techSMECertified,
        .specializedSMECertified, .listingStatus, .negativeRecords,
    ]

    /// Writes (replaces) one enterprise-year of facts.
    static func upsert(enterprise: Enterprise, year: Int, facts: [FactID: Double], source: String, on db: any Database,
                       now: Date) async throws {
        guard let sql = db as? any SQLDatabase, let id = enterprise.id else { return }
        try await sql.delete(from: schema).where("enterprise_id", .equal, id).where("year", .equal, year).run()
        try await insert(rows: [Row(enterpriseID: id, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
                                    incubatorID: enterprise.incubatorID, year: year, facts: facts)],
                         source: source, on: sql, now: now)
    }

    struct Row: Sendable {
        let enterpriseID: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let year: Int
        /// The facts in `columns` order, NaN for one not given: what the row's columns hold, read without a
        /// dictionary lookup per column (a bulk insert writes tens of millions of cells).
        let values: [Double]

        init(enterpriseID: Int, regionCode: String, zoneID: Int?, incubatorID: Int?, year: Int, values: [Double]) {
            self.enterpriseID = enterpriseID
            self.regionCode = regionCode
            self.zoneID = zoneID
            self.incubatorID = incubatorID
            self.year = year
            self.values = values
        }

        init(enterpriseID: Int, regionCode: String, zoneID: Int?, incubatorID: Int?, year: Int, facts: [FactID: Double]) {
            self.init(enterpriseID: enterpriseID, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID,
                      year: year, values: EnterpriseFacts.values(of: facts))
        }

        /// The facts given, by id.
        var facts: [FactID: Double] {
            var facts: [FactID: Double] = [:]
            for (fact, value) in zip(columns, values) where value.isFinite { facts[fact] = value }
            return facts
        }
    }

    /// A fact dictionary in `columns` order, NaN for a fact not in it.
    static func values(of facts: [FactID: Double]) -> [Double] {
        columns.map { facts[$0] ?? .nan }
    }

    /// The columns a bulk insert writes, in order.
    static let copyColumns: [CopyColumn] = [
        .integer("enterprise_id"), .text("region_code"), .integer("zone_id"), .integer("incubator_id"), .integer("year"),
        .text("source"), .timestamp("updated_at"),
    ] + columns.map { .double($0.rawValue) }

    /// Bulk insert (demo data, imports): one COPY on PostgreSQL (`BulkWriter`); elsewhere multi-row INSERTs of
    /// 500 rows per statement to stay under bind limits. Non-finite numbers are stored as NULL on both.
    static func insert(rows: [Row], source: String, on sql: any SQLDatabase, now: Date) async throws {
        if let postgres = sql as? any PostgresDatabase {
            let width = columns.count
            try await BulkWriter.copy(rows, into: schema, columns: copyColumns, on: postgres) { row, out in
                try out.integer(row.enterpriseID)
                try out.text(row.regionCode)
                try out.integer(row.zoneID)
                try out.integer(row.incubatorID)
                try out.integer(row.year)
                try out.text(source)
                try out.timestamp(now)
                for index in 0..<width { try out.double(index < row.values.count ? row.values[index] : nil) }
            }
            return
        }
        for chunk in rows.chunked(into: 500) {
            let values: [[any SQLExpression]] = chunk.map { row in
                var cells: [any SQLExpression] = [SQLBind(row.enterpriseID), SQLBind(row.regionCode), SQLBind(row.zoneID),
                                                  SQLBind(row.incubatorID), SQLBind(row.year), SQLBind(source), SQLBind(now)]
                cells += columns.indices.map { index in
                    let value = index < row.values.count ? row.values[index] : .nan
                    return SQLBind(value.isFinite ? value : nil)
                }
                return cells
            }
            guard let first = values.first else { continue }
            try await sql.insert(into: schema)
                .columns(["enterprise_id", "region_code", "zone_id", "incubator_id", "year", "source", "updated_at"]
                    + columns.map(\.rawValue))
                .values(first).rows(values.dropFirst())
                .run()
        }
    }

    /// The facts of one enterprise in one year; nil when there is no row.
    static func load(enterpriseID: Int, year: Int, scope: DataScope, on db: any Database) async throws -> [FactID: Double]? {
        guard let sql = db as? any SQLDatabase,
              let row = try await sql.select().column("*").from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("f")))
                .where(ScopeFilter(scope, table: "f"))
                .where("enterprise_id", .equal, enterpriseID).where("year", .equal, year).first()
        else { return nil }
        var facts: [FactID: Double] = [:]
        for fact in columns {
            if let value = try? row.decodeNil(column: fact.rawValue), value { continue }
            if let value = try? row.decode(column: fact.rawValue, as: Double.self) { facts[fact] = value }
        }
        return facts
    }

    /// The years with facts for an enterprise (scoped), newest first.
    static func years(enterpriseID: Int, scope: DataScope, on db: any Database) async throws -> [Int] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().column("year").from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("f")))
            .where(ScopeFilter(scope, table: "f")).where("enterprise_id", .equal, enterpriseID)
            .orderBy("year", .descending).all(decodingColumn: "year", as: Int.self)
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One certificate an enterprise lists for a yellow 资质数据 indicator of its points filing (a patent: number,
/// title, date), see `QualificationEntries`. Keyed by the filing's slot rather than the filing row, so records
/// may be listed before the first 暂存 creates it. Carries the enterprise's place, so the one data-scope filter
/// reads it as every enterprise-bound table.
final class QualificationRecord: Model, @unchecked Sendable {
    static let schema = "points_qualification_records"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    /// The points filing's slot (`points_data:#<project>`).
    @Field(key: "slot") var slot: String
    /// The 资质数据 field the record counts towards.
    @Field(key: "indicator") var indicator: String
    @Field(key: "number") var number: String
    /// `QualificationEntries.key(number)`: unique per enterprise, slot and indicator.
    @Field(key: "number_key") var numberKey: String
    @Field(key: "title") var title: String
    /// `yyyy-MM-dd`.
    @Field(key: "dated_on") var datedOn: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var scopeSubject: ScopeSubject {
        ScopeSubject(enterpriseID: enterpriseID, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID)
    }

    /// An enterprise's records of one filing, within `scope`, in the order they were listed.
    static func all(enterpriseID: Int, slot: String, scope: DataScope, on db: any Database) async throws
        -> [QualificationRecord]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().column("*").from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("q")))
            .where(ScopeFilter(scope, table: "q"))
            .where("enterprise_id", .equal, enterpriseID).where("slot", .equal, slot)
            .orderBy("id")
            .all(decodingFluent: QualificationRecord.self)
    }

    /// Stores the record unless its enterprise, slot and indicator already hold `limit`; false when it was refused
    /// and nothing was stored. The insert itself decides, so the limit holds whatever the concurrency: reading the
    /// count and then inserting let 32 parallel posts at 499 all read 499 and all insert.
    ///
    /// SQLite: the one statement begins its write transaction before it counts, so no other writer commits in
    /// between (a busy writer lock is waited for by SQLiteNIO's busy handler, WAL included: a statement that has
    /// not begun its transaction retries a stale snapshot rather than failing). PostgreSQL: under READ COMMITTED
    /// two statements would both count the same committed rows, so a transaction-scoped advisory lock on the
    /// enterprise, slot and indicator serializes them first; the insert's own snapshot, taken after the lock,
    /// sees every record the previous holder committed.
    func create(within limit: Int, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw QualificationRecordError.notSQL }
        guard sql.dialect.name == "postgresql" else { return try await insert(within: limit, on: sql) }
        let key = "\(Self.schema):\(enterpriseID):\(slot):\(indicator)"
        return try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw QualificationRecordError.notSQL }
            try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: key), 0))").run()
            return try await self.insert(within: limit, on: sql)
        }
    }

    private func insert(within limit: Int, on sql: any SQLDatabase) async throws -> Bool {
        let row = try await sql.raw("""
            INSERT INTO \(ident: Self.schema) (enterprise_id, region_code, zone_id, incubator_id, slot, indicator, \
            number, number_key, title, dated_on, created_by, created_at) \
            SELECT \(bind: enterpriseID), \(bind: regionCode), \(bind: zoneID), \(bind: incubatorID), \(bind: slot), \
            \(bind: indicator), \(bind: number), \(bind: numberKey), \(bind: title), \(bind: datedOn), \(bind: createdBy), \
            \(bind: createdAt) \
            WHERE (SELECT COUNT(*) FROM \(ident: Self.schema) WHERE enterprise_id = \(bind: enterpriseID) \
            AND slot = \(bind: slot) AND indicator = \(bind: indicator)) < \(bind: limit) \
            RETURNING id
            """).first()
        guard let row else { return false }
        id = try row.decode(column: "id", as: Int.self)
        return true
    }
}

enum QualificationRecordError: Error {
    case notSQL
}

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
}

struct CreateQualificationRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(QualificationRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("slot", .string, .required)
            .field("indicator", .string, .required)
            .field("number", .string, .required)
            .field("number_key", .string, .required)
            .field("title", .string, .required)
            .field("dated_on", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "enterprise_id", "slot", "indicator", "number_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QualificationRecord.schema).delete()
    }
}

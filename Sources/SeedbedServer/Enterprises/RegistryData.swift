import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// An enterprise's business-registry record (工商数据), as last imported: the catalog's `imported` fields of
/// 基本信息, by field id, in the text the basic-info form shows. One row per enterprise; every import replaces
/// it. The enterprise sees these values grey and read-only, and its basic-info filing always carries them.
final class RegistryData: Model, @unchecked Sendable {
    static let schema = "registry_data"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "content") var content: String
    @Field(key: "imported_at") var importedAt: Date

    init() {}

    var values: [String: String] { .init(storedJSON: content) }

    /// The registry values of an enterprise, or nil when none were imported.
    static func values(enterpriseID: Int, on db: any Database) async throws -> [String: String]? {
        try await RegistryData.query(on: db).filter(\.$enterpriseID == enterpriseID).first()?.values
    }

    /// `values` with the registry's imported fields laid over them. A field the registry has no value for keeps
    /// the value on file (one the enterprise declared, `FieldSource.declared`).
    static func overlay(_ values: [String: String], enterpriseID: Int, on db: any Database) async throws -> [String: String] {
        guard let registry = try await Self.values(enterpriseID: enterpriseID, on: db) else { return values }
        var merged = values
        for field in BasicInfoForm.registryImport.fields {
            if let value = registry[field.id.rawValue], !value.isEmpty { merged[field.id.rawValue] = value }
        }
        return merged
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// An organisation people work for (机构): the national centre, a province, city or county bureau, a
/// high-tech zone or an incubator. Regional organisations come from the GB/T 2260 table.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: OrganizationKind
    @Field(key: "name") var name: String
    @OptionalField(key: "region_code") var regionCode: String?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(kind: OrganizationKind, name: String, regionCode: String?) {
        self.kind = kind
        self.name = name
        self.regionCode = regionCode
        self.active = true
    }

    var scopeOrganization: ScopeOrganization? {
        guard let id else { return nil }
        return ScopeOrganization(id: id, kind: kind, regionCode: regionCode)
    }
}

extension Organization {
    /// The active high-tech zones by name (the first `limit`, if given), or only `id`: two columns, not a Fluent
    /// model per zone — the enterprise list's filter and the basic-info form's 所属高新区 read them on every visit.
    static func activeZones(only id: Int? = nil, limit: Int? = nil, on db: any Database) async throws
        -> [(id: Int, name: String)]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Zone: Decodable {
            let id: Int
            let name: String
        }
        var query = sql.select().column("id").column("name").from(schema)
            .where("kind", .equal, OrganizationKind.zone.rawValue).where("active", .equal, true)
        if let id { query = query.where("id", .equal, id) }
        if let limit { query = query.limit(limit) }
        return try await query.orderBy("name").all(decoding: Zone.self).map { ($0.id, $0.name) }
    }
}

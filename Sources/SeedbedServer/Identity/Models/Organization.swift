import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// An organisation people work for (机构): the national centre, a province, city or county bureau, a
/// high-tech zone or an incubator. Regional organisations come from the GB/T 2260 table.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kindRaw: String
    @Field(key: "name") var name: String
    @OptionalField(key: "region_code") var regionCode: String?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(kind: OrganizationKind, name: String, regionCode: String?) {
        self.kindRaw = kind.rawValue
        self.name = name
        self.regionCode = regionCode
        self.active = true
    }

    var kind: OrganizationKind? { OrganizationKind(rawValue: kindRaw) }

    var scopeOrganization: ScopeOrganization? {
        guard let id, let kind else { return nil }
        return ScopeOrganization(id: id, kind: kind, regionCode: regionCode)
    }
}

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organization.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("region_code", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "organizations_kind_region").on(Organization.schema)
            .column("kind").column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organization.schema).delete()
    }
}

/// Creates the national centre and one organisation per province, city and county of the shipped table,
/// so a regional user only needs to be attached to its division.
struct SeedRegionalOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let table = RegionTable.shipped
        var rows: [[any SQLExpression]] = [[
            SQLBind(OrganizationKind.national.rawValue), SQLBind("火炬中心（国家级）"), SQLLiteral.null, SQLBind(true),
        ]]
        for region in table.regions {
            let name = region.isPlaceholder
                ? table.fullName(of: region.parentCode ?? "") + "（" + region.name + "）"
                : table.fullName(of: region.code)
            rows.append([SQLBind(OrganizationKind(level: region.level).rawValue), SQLBind(name),
                         SQLBind(region.code), SQLBind(true)])
        }
        for chunk in rows.chunked(into: 500) {
            try await sql.insert(into: Organization.schema)
                .columns("kind", "name", "region_code", "active")
                .values(chunk.first ?? [])
                .rows(chunk.dropFirst())
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await Organization.query(on: database).delete()
    }
}

extension SQLInsertBuilder {
    /// Adds several value rows.
    func rows(_ rows: some Sequence<[any SQLExpression]>) -> Self {
        var builder = self
        for row in rows { builder = builder.values(row) }
        return builder
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        guard size > 0 else { return [self[...]] }
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

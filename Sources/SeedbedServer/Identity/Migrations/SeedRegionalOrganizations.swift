import Fluent
import SeedbedDomain
import SQLKit
import Vapor

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

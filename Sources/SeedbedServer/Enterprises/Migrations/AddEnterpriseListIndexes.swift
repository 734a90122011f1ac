import Fluent
import SQLKit

/// 企业信息查询 pages newest first by keyset on the id (`id < last`); for a zone's or an incubator's scope these
/// indexes hand the rows over already in that order, so a page reads twenty index entries instead of sorting
/// the zone's enterprises. (Region scopes read the primary key backwards and test the region: a city or a
/// county fills a page within a few hundred rows.)
struct AddEnterpriseListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "enterprises_zone_id").on(Enterprise.schema).column("zone_id").column("id").run()
        try await sql.create(index: "enterprises_incubator_id").on(Enterprise.schema).column("incubator_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "enterprises_zone_id").run()
        try await sql.drop(index: "enterprises_incubator_id").run()
    }
}

/// `enterprises_zone` (zone_id) and `enterprises_incubator` (incubator_id) repeat the first column of the list
/// indexes above, which answer every lookup they did (a scope filter, a foreign-key check) as well. Each is one more
/// B-tree a registration, an import or the demo's million rows must write.
struct DropRedundantEnterpriseIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "enterprises_zone").ifExists().run()
        try await sql.drop(index: "enterprises_incubator").ifExists().run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "enterprises_zone").on(Enterprise.schema).column("zone_id").run()
        try await sql.create(index: "enterprises_incubator").on(Enterprise.schema).column("incubator_id").run()
    }
}

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

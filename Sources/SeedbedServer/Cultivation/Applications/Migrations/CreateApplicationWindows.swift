import Fluent
import SQLKit

/// 申报时间维护: the periods in which enterprises of a province (or, for national levels, everywhere) may apply
/// for a level. No row, no window: applications stay closed (seed 002 FAQ 4).
struct CreateApplicationWindows: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationWindow.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("region_prefix", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_by", .int)
            .field("updated_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "application_windows_kind").on(ApplicationWindow.schema)
            .column("kind").column("region_prefix").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicationWindow.schema).delete()
    }
}

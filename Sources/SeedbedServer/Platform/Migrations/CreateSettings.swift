import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

struct CreateSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Setting.schema)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Setting.schema).delete()
    }
}

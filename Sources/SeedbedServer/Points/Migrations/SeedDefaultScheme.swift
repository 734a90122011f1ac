import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The platform's default scheme as the first national version, so a fresh platform can score at once.
struct SeedDefaultScheme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let scheme = InnovationScheme.platformDefault
        let record = SchemeRecord()
        record.ownerOrgID = nil
        record.schemeKey = scheme.id
        record.version = scheme.version
        record.status = SchemeStatus.published
        record.createdBy = 0
        let now = Date()
        record.createdAt = now
        record.updatedAt = now
        record.publishedAt = now
        try record.store(scheme)
        try await record.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await SchemeRecord.query(on: database).filter(\.$schemeKey == InnovationScheme.platformDefault.id).delete()
    }
}

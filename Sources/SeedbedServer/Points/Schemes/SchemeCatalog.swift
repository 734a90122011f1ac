import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Finds stored schemes: the version in effect for an owner, the next version number, what a user may use.
struct SchemeCatalog {
    let db: any Database

    /// The published version in effect on `day` for `owner` (a zone's own, else the national one); nil when none.
    func inEffect(owner: Int?, on day: LocalDate) async throws -> SchemeRecord? {
        if let owner, let own = try await inEffect(exactly: owner, on: day) { return own }
        return try await inEffect(exactly: nil, on: day)
    }

    private func inEffect(exactly owner: Int?, on day: LocalDate) async throws -> SchemeRecord? {
        var query = SchemeRecord.query(on: db).filter(\.$status == SchemeStatus.published)
        query = owner.map { query.filter(\.$ownerOrgID == $0) } ?? query.filter(\.$ownerOrgID == nil)
        let records = try await query.all()
        let today = day.description
        // Same rule as `InnovationScheme.inEffect`: the latest effective date not after today, then the version.
        return records.filter { $0.effectiveFrom <= today }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
    }

    func nextVersion(of key: String) async throws -> Int {
        let latest = try await SchemeRecord.query(on: db).filter(\.$schemeKey == key).sort(\.$version, .descending).first()
        return (latest?.version ?? 0) + 1
    }

    /// Published schemes a run of this user may use: the national ones and the user's own.
    func usable(by access: PointsAccess) async throws -> [SchemeRecord] {
        try await SchemeRecord.query(on: db).filter(\.$status == SchemeStatus.published)
            .sort(\.$id, .descending).all()
            .filter { $0.ownerOrgID == nil || access.manages(owner: $0.ownerOrgID) }
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

extension ScopeSubject {
    /// The placement as the audit log shows it.
    var placementLabel: String {
        let name = RegionTable.shipped.fullName(of: regionCode)
        let region = name.isEmpty ? regionCode : "\(name)（\(regionCode)）"
        let zone = zoneID.map { "#\($0)" } ?? "无"
        let incubator = incubatorID.map { "#\($0)" } ?? "无"
        return "所属区县 \(region)，高新区 \(zone)，孵化器 \(incubator)"
    }
}

/// Saving an enterprise that may have moved to another county, zone or incubator (the edit form, an approved
/// registration). Its records follow it in the same transaction: the scope columns of every enterprise-bound
/// table (`EnterpriseBoundTables`), the reviewer its pending filings wait for, and an audit entry naming both
/// places. Without this the old county kept opening and deciding the enterprise's filings, and the new one got 404.
enum EnterpriseMove {
    /// Saves `enterprise`, already changed in memory, and moves its records when its placement is no longer
    /// `old`. Returns whether it moved. Inside a caller's transaction it joins that transaction.
    @discardableResult
    static func save(_ enterprise: Enterprise, from old: ScopeSubject?, audit: AuditLogger, on db: any Database)
        async throws -> Bool
    {
        guard let new = enterprise.scopeSubject, let old, new != old else {
            try await enterprise.save(on: db)
            return false
        }
        return try await db.transaction { db in
            try await enterprise.save(on: db)
            guard let id = enterprise.id, let sql = db as? any SQLDatabase else { throw AppError.notFound() }
            for table in EnterpriseBoundTables.all {
                try await sql.update(table)
                    .set("region_code", to: SQLBind(new.regionCode))
                    .set("zone_id", to: SQLBind(new.zoneID))
                    .set("incubator_id", to: SQLBind(new.incubatorID))
                    .where("enterprise_id", .equal, SQLBind(id))
                    .run()
            }
            let rerouted = try await reroutePending(enterpriseID: id, to: new, on: db, now: audit.now)
            let moved = rerouted == 0 ? "" : "；\(rerouted) 份待审核材料转由迁入地审核"
            try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                .record(.enterpriseMove, targetType: "enterprise", targetID: String(id),
                        detail: "\(enterprise.name)：\(old.placementLabel) → \(new.placementLabel)\(moved)")
            return true
        }
    }

    /// Filings waiting for a decision now wait for the reviewer of the same level at the new place
    /// (`ReviewWorkflow.reroute`). Returns how many were re-routed.
    private static func reroutePending(enterpriseID: Int, to placement: ScopeSubject, on db: any Database,
                                       now: Date) async throws -> Int
    {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let location = EnterpriseLocation(regionCode: placement.regionCode, zoneID: placement.zoneID)
        let pending = try await FilingRecord.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$status ~~ [.submitted, .inReview]).all()
        var rerouted = 0
        for record in pending {
            guard let id = record.id else { continue }
            let transition = try ReviewWorkflow.standard.reroute(try record.filing(), to: location)
            guard let filing = transition?.filing else { continue }
            let route = String(decoding: try JSONEncoder().encode(filing.route), as: UTF8.self)
            // The same conditional update as a decision: a reviewer deciding on the old routing meanwhile wins
            // or is stale, never both.
            let claimed = try await sql.raw("""
                UPDATE filings SET status = \(bind: filing.status), version = \(bind: filing.version),
                    route = \(bind: route), step_index = \(bind: filing.stepIndex),
                    pending_reviewer = \(bind: filing.pendingReviewer?.key), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: record.version)
                RETURNING id
                """).first()
            guard claimed != nil else { throw WorkflowError.staleVersion }
            rerouted += 1
        }
        return rerouted
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The review periods of this deployment: the `settings` row `review_periods` (`basic_info=2,…`), or
/// `ReviewPeriods.standard` when unset. A row that does not parse is logged and ignored, so a slip in the setting
/// never hides a queue's overdue count.
enum ReviewPeriodSettings {
    static let key = "review_periods"

    static func periods(on db: any Database, logger: Logger) async throws -> ReviewPeriods {
        // Read on every official's page (the sidebar's overdue counts): one column, without a Fluent model.
        guard let sql = db as? any SQLDatabase,
              let value = try await sql.select().column("value").from(Setting.schema).where("key", .equal, key)
                .first(decodingColumn: "value", as: String.self)
        else { return .standard }
        do {
            return try ReviewPeriods(setting: value)
        } catch {
            logger.warning("settings.\(key) is not kind=days,…: \(value)")
            return .standard
        }
    }

    static func store(_ periods: ReviewPeriods, on db: any Database) async throws {
        try await Setting.upsert(key, value: periods.setting, on: db)
    }
}

/// What waits in one review queue of an organisation.
struct ReviewQueueCount: Sendable, Hashable {
    let kind: FilingKind
    /// Filings waiting for the organisation.
    let pending: Int
    /// Of those, the ones past their review period.
    let overdue: Int
    /// The review period in working days.
    let workingDays: Int
}

/// How many filings wait for a reviewer's organisation, and how many of them are overdue, per kind: one grouped
/// query on the queue index (`pending_reviewer`, `kind`), inside the reader's scope. A filing reaches a queue
/// when its row last changed (`updated_at`): submission, or the level below passing it on.
enum ReviewQueues {
    static func counts(for user: CurrentUser, periods: ReviewPeriods, today: LocalDate,
                       on db: any Database) async throws -> [FilingKind: ReviewQueueCount] {
        guard user.role.isGovernment, let key = user.reviewerKey, let sql = db as? any SQLDatabase else { return [:] }
        var overdue: SQLQueryString = "CASE kind"
        for kind in ReviewPeriods.kinds {
            let cutoff = ReviewPeriods.earliestInTime(today: today, workingDays: periods.workingDays(for: kind)).startInChina
            overdue += " WHEN \(bind: kind.rawValue) THEN CASE WHEN updated_at < \(bind: cutoff) THEN 1 ELSE 0 END"
        }
        overdue += " ELSE 0 END"
        struct Row: Decodable {
            let kind: String
            let pending: Int
            let overdue: Int?
        }
        let rows = try await sql.raw("""
            SELECT kind, COUNT(*) AS pending, SUM(\(overdue)) AS overdue FROM \(ident: FilingRecord.schema) f
            WHERE pending_reviewer = \(bind: key) AND \(ScopeFilter(user.scope, table: "f"))
            GROUP BY kind
            """).all(decoding: Row.self)
        var counts: [FilingKind: ReviewQueueCount] = [:]
        for row in rows {
            guard let kind = FilingKind(rawValue: row.kind) else { continue }
            counts[kind] = ReviewQueueCount(kind: kind, pending: row.pending, overdue: row.overdue ?? 0,
                                            workingDays: periods.workingDays(for: kind))
        }
        return counts
    }
}

extension Request {
    /// The review queue counts of the signed-in official, read once per request (the sidebar's badges and the
    /// workbench share them); empty for everybody else.
    func reviewQueueCounts() async throws -> [FilingKind: ReviewQueueCount] {
        guard let user = auth.get(CurrentUser.self), user.role.isGovernment, user.reviewerKey != nil else { return [:] }
        if let cached = storage[ReviewQueueCountsKey.self] { return cached }
        let periods = try await ReviewPeriodSettings.periods(on: db, logger: logger)
        let counts = try await ReviewQueues.counts(for: user, periods: periods, today: LocalDate(chinaTimeOf: now), on: db)
        storage[ReviewQueueCountsKey.self] = counts
        return counts
    }
}

private struct ReviewQueueCountsKey: StorageKey {
    typealias Value = [FilingKind: ReviewQueueCount]
}

extension FilingKind {
    /// The name of this kind's review queue, as the menu, the workbench and 审核时限 show it.
    var queueTitle: String {
        switch self {
        case .registration: "注册审核"
        case .basicInfo: "基本信息审核"
        case .annualReport: "年报数据审核"
        case .majorChange: "重大变更审核"
        case .renewal: "复核审核"
        case .pointsData: "积分数据审核"
        case .expressReport: "企业快报审核"
        case .innovativeSMEApplication: "创新型中小企业审核"
        case .specializedSMEApplication: "专精特新审核"
        }
    }
}

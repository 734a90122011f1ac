import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// One policy matched over the user's data scope: the enterprises that meet every condition, in id order.
struct PolicyMatchResult: Sendable {
    let article: Article
    let conditions: [PolicyCondition]
    let evaluation: PolicyEvaluation
    let outcome: PolicyOutcome
    /// Matching slots after the search, ascending.
    let rows: [Int]
    /// Matching enterprises in scope, before the search.
    let matching: Int

    static func run(policy id: Int, q: String?, scope: DataScope, now: Date, on db: any Database) async throws
        -> PolicyMatchResult
    {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        let (article, conditions) = try await PolicyConditions.publishedPolicy(id, on: db)
        let evaluation = try await PolicyEvaluation.load(scope: scope, now: now, on: sql)
        let outcome = try evaluation.match(conditions)
        let slots = outcome.matchingSlots
        let code = q.map(USCC.normalise) ?? ""
        let rows = q.map { q in
            slots.filter { slot in
                let enterprise = evaluation.data.slots[slot]
                return enterprise.name.contains(q) || (!code.isEmpty && enterprise.uscc.hasPrefix(code))
            }
        } ?? slots
        return PolicyMatchResult(article: article, conditions: conditions, evaluation: evaluation, outcome: outcome,
                                 rows: rows, matching: slots.count)
    }
}

/// One matching enterprise with why it matches.
struct PolicyMatchRow: Sendable {
    let enterprise: FactLoader.Slot
    let verdict: PolicyVerdict
}

/// Keeps the match of one list instance, so a page's count and rows evaluate once.
final class PolicyMatchMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var key: String?
    private var value: PolicyMatchResult?

    func value(for key: String) -> PolicyMatchResult? { lock.withLock { self.key == key ? value : nil } }

    func store(_ result: PolicyMatchResult, for key: String) {
        lock.withLock {
            self.key = key
            value = result
        }
    }
}

/// 政策匹配企业 as a list: the page and 导出 Excel share it.
struct PolicyMatchList: ListDefinition {
    static let id = "policy-matches"
    var now = Date()
    private(set) var memo = PolicyMatchMemo()

    struct Filter: Sendable {
        var policy: Int?
        var q: String?
    }

    var title: String { "政策匹配企业" }
    var roles: Set<Role> { Access.government.roles }

    func configured(for user: CurrentUser) -> PolicyMatchList {
        var list = self
        list.memo = PolicyMatchMemo()
        return list
    }

    var columns: [ListColumn<PolicyMatchRow>] {
        [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in .text(row.enterprise.name) },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.enterprise.uscc) },
            ListColumn(EnterpriseRecordForm.region, width: 24) { row, _ in
                .text(RegionTable.shipped.fullName(of: row.enterprise.regionCode))
            },
            ListColumn("匹配依据", width: 80) { row, _ in .text(row.verdict.reason) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        let q = query["q"]?.trimmingCharacters(in: .whitespaces)
        return Filter(policy: query["policy"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil },
                      q: q.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) })
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("policy", filter.policy.map(String.init) ?? ""), ("q", filter.q ?? "")].filter { !$0.1.isEmpty }
    }

    func result(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> PolicyMatchResult {
        guard let policy = filter.policy else { throw AppError.notFound("请选择政策") }
        let key = "\(scope)|" + URLQuery.encode(queryItems(filter))
        if let cached = memo.value(for: key) { return cached }
        let result = try await PolicyMatchResult.run(policy: policy, q: filter.q, scope: scope, now: now, on: db)
        memo.store(result, for: key)
        return result
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await result(filter, scope: scope, on: db).rows.count
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [PolicyMatchRow]
    {
        let result = try await result(filter, scope: scope, on: db)
        let start = min(max(0, offset), result.rows.count)
        let end = min(start + max(0, min(limit, 10_000)), result.rows.count)
        return result.rows[start..<end].map { slot in
            PolicyMatchRow(enterprise: result.evaluation.data.slots[slot], verdict: result.outcome.verdict(at: slot))
        }
    }

    /// Exports walk the one evaluation in slices.
    func batches(_ filter: Filter, scope: DataScope, size: Int, on db: any Database,
                 _ body: ([PolicyMatchRow]) async throws -> Void) async throws {
        let total = try await count(filter, scope: scope, on: db)
        var offset = 0
        while offset < total {
            let rows = try await rows(filter, scope: scope, offset: offset, limit: size, on: db)
            if rows.isEmpty { return }
            try await body(rows)
            offset += rows.count
        }
    }
}

import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// One evaluation of policies over a data scope: the active enterprises' facts of the newest year in scope, their
/// profiles (as the libraries load them) and what policies read besides (region, industry, MIIT level). Loaded
/// once per page: every policy is then matched in memory, whatever the number of enterprises.
struct PolicyEvaluation: Sendable {
    let data: LibraryData
    let subjects: PolicySubjects
    let year: Int
    let date: LocalDate

    static func load(scope: DataScope, now: Date, on sql: any SQLDatabase) async throws -> PolicyEvaluation {
        let today = LocalDate(chinaTimeOf: now)
        let year = try await LibraryData.years(scope: scope, on: sql).first ?? (today.year - 1)
        let date = LibraryData.evaluationDate(year: year, today: today)
        let data = try await LibraryData.load(scope: scope, year: year, lookback: 1, date: date, on: sql)
        let levels = try await cultivationLevels(slots: data.slotOf, count: data.slots.count, scope: scope, on: date,
                                                 sql: sql)
        let subjects = PolicySubjects(regionCodes: data.slots.map(\.regionCode),
                                      industryCodes: data.slots.map(\.industryCode), cultivationLevels: levels)
        return PolicyEvaluation(data: data, subjects: subjects, year: year, date: date)
    }

    func match(_ conditions: [PolicyCondition]) throws -> PolicyOutcome {
        try PolicyMatcher.evaluate(conditions, input: data.input, subjects: subjects)
    }

    /// One enterprise's verdict, on its filed facts or with the 模拟测算 numbers put in.
    func verdict(_ conditions: [PolicyCondition], slot: Int, hypothesis: PolicyHypothesis) throws -> PolicyVerdict {
        guard !hypothesis.isEmpty else { return try match(conditions).verdict(at: slot) }
        let (facts, profile) = data.enterprise(at: slot)
        let subject = PolicySubjects(regionCode: subjects.regionCodes[slot], industryCode: subjects.industryCodes[slot],
                                     cultivationLevel: subjects.cultivationLevels[slot])
        return try PolicyMatcher.verdict(conditions, enterprise: hypothesis.applied(to: facts, year: year),
                                         profile: profile, subjects: subject, year: year, date: date)
    }

    /// The highest MIIT level each slot holds on `date` (valid, not cancelled), 0 for none: one query.
    static func cultivationLevels(slots: [Int: Int], count: Int, scope: DataScope, on date: LocalDate,
                                  sql: any SQLDatabase) async throws -> [Int] {
        var levels = [Int](repeating: 0, count: count)
        let rows = try await sql.select().columns("enterprise_id", "kind", "issued_on", "valid_until", "status")
            .from(SQLAlias(SQLIdentifier(Recognitions.schema), as: SQLIdentifier("r")))
            .where(ScopeFilter(scope, table: "r"))
            .where("kind", .in, RecognitionKind.cultivationLevels.map(\.rawValue))
            .all()
        for row in rows {
            guard let id = try? row.decode(column: "enterprise_id", as: Int.self), let slot = slots[id], slot < count,
                  let kind = (try? row.decode(column: "kind", as: String.self)).flatMap(RecognitionKind.init(rawValue:)),
                  let issued = try? row.decode(column: "issued_on", as: String.self),
                  let until = try? row.decode(column: "valid_until", as: String.self),
                  let term = RecognitionTerm(iso: issued, validUntil: until), term.isValid(on: date),
                  (try? row.decode(column: "status", as: String.self)) != RecognitionStatus.cancelled.rawValue
            else { continue }
            levels[slot] = max(levels[slot], CultivationRecognitions.level(kind))
        }
        return levels
    }
}

/// 推送: a message to every matching enterprise in scope not yet told of the policy. Each (policy, enterprise)
/// is claimed by inserting its `policy_pushes` row; the unique index lets only one insert win, so a repeated or
/// parallel push skips it, and the message goes out in the same transaction as the claim.
enum PolicyPushes {
    static let schema = "policy_pushes"

    struct Outcome: Sendable, Equatable {
        /// Enterprises messaged now.
        let sent: Int
        /// Matching enterprises told by an earlier push.
        let already: Int
    }

    static func push(article: Article, enterprises: [FactLoader.Slot], by user: CurrentUser, on db: any Database,
                     now: Date) async throws -> Outcome {
        guard let articleID = article.id else { throw AppError.notFound() }
        var sent = 0
        for chunk in enterprises.chunked(into: 500) {
            sent += try await db.transaction { tx -> Int in
                guard let sql = tx as? any SQLDatabase else { return 0 }
                let rows = chunk.map { slot in
                    [SQLBind(articleID), SQLBind(slot.id), SQLBind(now), SQLBind(user.id)] as [any SQLExpression]
                }
                guard let first = rows.first else { return 0 }
                let claimed = try await sql.insert(into: schema)
                    .columns("article_id", "enterprise_id", "pushed_at", "pushed_by")
                    .values(first).rows(rows.dropFirst())
                    .ignoringConflicts(with: ["article_id", "enterprise_id"])
                    .returning("enterprise_id")
                    .all(decodingColumn: "enterprise_id", as: Int.self)
                let won = Set(claimed)
                let messages = chunk.filter { won.contains($0.id) }.map { slot in
                    message(article: article, to: slot, at: now)
                }
                if !messages.isEmpty { try await messages.create(on: tx) }
                return messages.count
            }
        }
        return Outcome(sent: sent, already: enterprises.count - sent)
    }

    static func message(article: Article, to slot: FactLoader.Slot, at now: Date) -> EnterpriseMessage {
        let message = EnterpriseMessage()
        message.enterpriseID = slot.id
        message.regionCode = slot.regionCode
        message.zoneID = slot.zoneID
        message.incubatorID = slot.incubatorID
        message.category = .policyPush
        message.title = "政策推送：\(article.title)"
        message.body = "根据贵企业最新的审核通过数据，贵企业符合政策《\(article.title)》的适用条件（发布单位：\(article.publisher)）。"
            + "请在“政策匹配”中查看符合的条件，并关注政策原文的申报要求。"
        message.link = Page.myPolicies.path
        message.createdAt = now
        return message
    }

    /// How many enterprises have been pushed this policy, within `scope`.
    static func pushedCount(article: Int, scope: DataScope, on sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "p"), .equal, SQLColumn("id", table: "e"))
            .where(SQLColumn("article_id", table: "p"), .equal, SQLBind(article))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

extension Access {
    /// 金融产品管理 and 融资申请: the partner banks' accounts (合作金融机构), each for its own institution only.
    static let financePartners = Access(roles: [.partner])
}

/// The institution a partner account works for, and the innovation score an application shares.
enum FinanceInstitutions {
    /// The signed-in partner's institution; 403 when the account is not assigned to one.
    static func of(_ user: CurrentUser, on db: any Database) async throws -> FinancialInstitution {
        guard user.role == .partner,
              let member = try await InstitutionMember.query(on: db).filter(\.$userID == user.id).first(),
              let institution = try await FinancialInstitution.find(member.institutionID, on: db)
        else { throw AppError.forbidden("您的账号尚未关联金融机构，请联系平台管理员") }
        return institution
    }

    /// The institution id of a partner account, nil when it has none.
    static func id(ofUser userID: Int, on db: any Database) async throws -> Int? {
        try await InstitutionMember.query(on: db).filter(\.$userID == userID).first()?.institutionID
    }

    /// Institution id → short name.
    static func names(on db: any Database) async throws -> [Int: String] {
        let all = try await FinancialInstitution.query(on: db).sort(\.$id).all()
        return Dictionary(all.compactMap { i in i.id.map { ($0, i.shortName) } }, uniquingKeysWith: { a, _ in a })
    }
}

/// An enterprise's latest published innovation score, as the 金融超市 reads it.
struct FinanceStanding: Sendable {
    let total: Double
    let listIndex: Int?
    let year: Int

    var standing: FinanceConditions.Standing { .init(total: total, listIndex: listIndex) }

    /// The lists a product's condition names, best first.
    static let listNames = TierRule.standard.lists.map(\.name)

    var listLabel: String {
        guard let index = listIndex, index >= 0 else { return "未上榜" }
        return FinanceConditions.listName(index, Self.listNames)
    }

    var summary: String { "\(year) 年度 \(FinanceConditions.format(total)) 分（\(listLabel)）" }

    /// The score of the latest published run that scored the enterprise, or nil.
    static func latest(enterpriseID: Int, on db: any Database) async throws -> FinanceStanding? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let row = try await sql.select()
            .column(SQLColumn("total", table: "r")).column(SQLColumn("list_index", table: "r"))
            .column(SQLColumn("year", table: "r"))
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(ScoringRun.schema), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLColumn("run_id", table: "r"), .equal, SQLColumn("id", table: "s"))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(RunStatus.published))
            .where(SQLColumn("enterprise_id", table: "r"), .equal, SQLBind(enterpriseID))
            .orderBy(SQLColumn("year", table: "r"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "s"), SQLDirection.descending)
            .limit(1).first()
        guard let row, let total = try? row.decode(column: "total", as: Double.self), total.isFinite else { return nil }
        let index = (try? row.decode(column: "list_index", as: Int?.self)) ?? nil
        let year = (try? row.decode(column: "year", as: Int.self)) ?? 0
        return FinanceStanding(total: total, listIndex: index.flatMap { $0 >= 0 ? $0 : nil }, year: year)
    }
}

/// The database side of a bank's decision: one conditional UPDATE that names the state it leaves and the
/// institution deciding, checked by the row it returns, so of two parallel decisions on one application only one
/// passes, and a bank can never move another bank's application.
enum FinanceDecisions {
    static func decide(_ applicationID: Int, institutionID: Int, decision: FinanceDecision, from state: FinanceApplicationState,
                       reason: String?, amount: Double?, by userID: Int, at now: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.raw("""
            UPDATE \(ident: FinanceApplication.schema) SET state = \(bind: decision.target.rawValue), \
            reason = \(bind: reason), disbursed_amount = \(bind: amount), decided_by = \(bind: userID), \
            updated_at = \(bind: now) \
            WHERE id = \(bind: applicationID) AND institution_id = \(bind: institutionID) \
            AND state = \(bind: state.rawValue) RETURNING id
            """).first()
        return row != nil
    }
}

/// Text from a form: control characters (NUL included) removed, trimmed.
func financeText(_ text: String?) -> String {
    String((text ?? "").unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) || $0 == "\n" })
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The database side of 账号变更: e-mailed codes whose tries are counted by one conditional statement each, and
/// manual requests decided once. Every step that must happen at most once is an UPDATE … WHERE that names the
/// state it leaves, checked by the rows it changed: parallel requests cannot both pass.
enum AccountChanges {
    static func codeHash(_ code: String, userID: Int, cipher: PersonalDataCipher) -> String {
        cipher.hash("account-change:\(userID):\(code)")
    }

    /// The account's newest code that is neither used nor expired.
    static func pendingCode(userID: Int, now: Date, on db: any Database) async throws -> AccountChangeCode? {
        try await AccountChangeCode.query(on: db).filter(\.$userID == userID).filter(\.$usedAt == nil)
            .filter(\.$expiresAt > now).sort(\.$createdAt, .descending).sort(\.$id, .descending).first()
    }

    /// Counts one guess of a code: the number of guesses counted (this one included), or nil when the code is used
    /// or has had all its guesses. One statement decides, so a burst of parallel guesses never checks more than
    /// `AccountChangeRule.maxTries` of them.
    static func takeTry(codeID: Int, on db: any Database) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let row = try await sql.raw("""
            UPDATE \(ident: AccountChangeCode.schema) SET tries = tries + 1 \
            WHERE id = \(bind: codeID) AND used_at IS NULL AND tries < \(bind: AccountChangeRule.maxTries) RETURNING tries
            """).first()
        return try row?.decode(column: "tries", as: Int.self)
    }

    /// Marks the code used; false when another request used it first.
    static func markUsed(codeID: Int, at now: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.raw("""
            UPDATE \(ident: AccountChangeCode.schema) SET used_at = \(bind: now) \
            WHERE id = \(bind: codeID) AND used_at IS NULL RETURNING id
            """).first()
        return row != nil
    }

    /// Retires every code of the account not yet used (a new code replaces them).
    static func retireCodes(userID: Int, at now: Date, on db: any Database) async throws {
        try await AccountChangeCode.query(on: db).filter(\.$userID == userID).filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now).update()
    }

    /// Moves a pending request to `status`; false when it was decided already (by another administrator, or
    /// twice by the same one).
    static func decide(_ requestID: Int, to status: AccountChangeStatus, reason: String?, by userID: Int, at now: Date,
                       on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.raw("""
            UPDATE \(ident: AccountChangeRequest.schema) SET status = \(bind: status.rawValue), \
            reason = \(bind: reason), decided_by = \(bind: userID), decided_at = \(bind: now) \
            WHERE id = \(bind: requestID) AND status = \(bind: AccountChangeStatus.pending.rawValue) RETURNING id
            """).first()
        return row != nil
    }

    /// Binds `phone` (plain) to the account, sealed like every stored phone, and texts the new phone its login name.
    static func bind(phone: String, to user: User, cipher: PersonalDataCipher, sms: any SMSGateway, db: any Database,
                     now: Date, logger: Logger) async throws {
        user.setPhone(try cipher.protect(phone, as: .phone))
        try await user.save(on: db)
        try await sms.send(to: phone, purpose: "账号变更",
                           content: "【\(Layout.platformName)】您的账号已绑定本手机号码，登录名：\(user.account)。如非本人操作，请联系平台管理员。",
                           on: db, now: now, logger: logger)
    }
}

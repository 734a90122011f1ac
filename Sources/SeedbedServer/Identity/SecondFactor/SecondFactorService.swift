import Fluent
import Foundation
import SQLKit
import TextFormatting
import Vapor

/// Binds, checks and unbinds authenticators and recovery codes. Every check that consumes something — a time
/// step, a recovery code, an enrolment — is one conditional UPDATE, so two parallel requests never both win.
struct SecondFactorService {
    let database: any Database
    let secrets: SecretStore
    let now: Date

    init(request: Request) {
        database = request.db
        secrets = request.application.secretStore
        now = request.now
    }

    static let recoveryCodeCount = 10
    /// Code tries for one pending sign-in; after them the sign-in must start again with the password.
    static let pendingRule = RateLimiter.Rule(limit: 5, window: 15 * 60)

    /// Code tries for one account across sign-ins and the account page, so a new password round does not bring
    /// fresh tries without end.
    static func accountRule(_ config: AppConfig) -> RateLimiter.Rule {
        .init(limit: 10, window: 15 * 60, lock: config.lockDuration)
    }

    static func isEnrolled(userID: Int, on database: any Database) async throws -> Bool {
        try await UserSecondFactor.query(on: database).filter(\.$userID == userID).filter(\.$confirmedAt != nil)
            .first() != nil
    }

    func confirmedFactor(userID: Int) async throws -> UserSecondFactor? {
        try await UserSecondFactor.query(on: database).filter(\.$userID == userID).filter(\.$confirmedAt != nil).first()
    }

    /// The unconfirmed secret being enrolled, made on first call; `nil` when an authenticator is already bound.
    func enrolment(userID: Int) async throws -> (factor: UserSecondFactor, secret: [UInt8])? {
        if let existing = try await UserSecondFactor.query(on: database).filter(\.$userID == userID).first() {
            guard existing.confirmedAt == nil else { return nil }
            return (existing, try await open(existing.secretSealed))
        }
        let secret = TOTP.randomSecret()
        let factor = UserSecondFactor(userID: userID, secretSealed: try await seal(secret), createdAt: now)
        do {
            try await factor.create(on: database)
        } catch {
            // Two tabs enrolling at once: the unique user_id keeps one; use it.
            guard let stored = try await UserSecondFactor.query(on: database).filter(\.$userID == userID).first(),
                  stored.confirmedAt == nil
            else { throw error }
            return (stored, try await open(stored.secretSealed))
        }
        return (factor, secret)
    }

    /// What a typed code turned out to be.
    enum Check: Equatable {
        case totp
        case recoveryCode
        case wrong
        /// A right TOTP code whose time step was already used (RFC 6238 §5.2).
        case replayed
    }

    /// Checks a 6-digit code or a recovery code against a bound authenticator, consuming it when right.
    func verify(_ input: String, factor: UserSecondFactor) async throws -> Check {
        let typed = Self.normalized(input)
        if typed.count == 6, typed.allSatisfy(\.isNumber) {
            guard let id = factor.id,
                  let step = TOTP(secret: try await open(factor.secretSealed)).matchingStep(typed, at: now)
            else { return .wrong }
            let row = try await sql.raw("""
                UPDATE \(ident: UserSecondFactor.schema) SET last_used_step = \(bind: step) \
                WHERE id = \(bind: id) AND confirmed_at IS NOT NULL \
                AND (last_used_step IS NULL OR last_used_step < \(bind: step)) RETURNING id
                """).first()
            return row == nil ? .replayed : .totp
        }
        guard typed.count == 10 else { return .wrong }
        let hash = try await recoveryHash(typed, userID: factor.userID)
        let row = try await sql.raw("""
            UPDATE \(ident: UserRecoveryCode.schema) SET used_at = \(bind: now) \
            WHERE user_id = \(bind: factor.userID) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING id
            """).first()
        return row == nil ? .wrong : .recoveryCode
    }

    /// Confirms an enrolment with a code from the new authenticator; `false` when the code is wrong or another
    /// request confirmed it first.
    func confirm(_ factor: UserSecondFactor, code: String) async throws -> Bool {
        guard let id = factor.id,
              let step = TOTP(secret: try await open(factor.secretSealed)).matchingStep(Self.normalized(code), at: now)
        else { return false }
        let row = try await sql.raw("""
            UPDATE \(ident: UserSecondFactor.schema) SET confirmed_at = \(bind: now), last_used_step = \(bind: step) \
            WHERE id = \(bind: id) AND confirmed_at IS NULL RETURNING id
            """).first()
        return row != nil
    }

    /// Replaces the user's recovery codes with ten new ones, returned once to be shown; only hashes are kept.
    func issueRecoveryCodes(userID: Int) async throws -> [String] {
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.randomRecoveryCode() }
        var hashes: [String] = []
        for code in codes { hashes.append(try await recoveryHash(Self.normalized(code), userID: userID)) }
        let (database, now, rows) = (self.database, self.now, hashes)
        try await database.transaction { transaction in
            try await UserRecoveryCode.query(on: transaction).filter(\.$userID == userID).delete()
            for hash in rows {
                try await UserRecoveryCode(userID: userID, codeHash: hash, createdAt: now).create(on: transaction)
            }
        }
        return codes
    }

    func unusedRecoveryCodes(userID: Int) async throws -> Int {
        try await UserRecoveryCode.query(on: database).filter(\.$userID == userID).filter(\.$usedAt == nil).count()
    }

    /// Unbinds the authenticator and deletes the recovery codes.
    func remove(userID: Int) async throws {
        try await database.transaction { transaction in
            try await UserRecoveryCode.query(on: transaction).filter(\.$userID == userID).delete()
            try await UserSecondFactor.query(on: transaction).filter(\.$userID == userID).delete()
        }
    }

    // MARK: Codes

    /// Digits and letters only, lower case: people type codes with spaces and copy recovery codes with hyphens.
    static func normalized(_ input: String) -> String {
        String(input.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
            .map(Character.init).prefix(32))
    }

    /// Ten characters from a-z and 2-7 (50 bits), shown as `xxxxx-xxxxx`.
    static func randomRecoveryCode() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(characters.prefix(5)) + "-" + String(characters.suffix(5))
    }

    /// HMAC under the server secret: a copy of the database alone does not let anyone test guesses offline.
    private func recoveryHash(_ normalized: String, userID: Int) async throws -> String {
        let key = try await secrets.key(on: database)
        return HexText.lowercase(HMAC<SHA256>.authenticationCode(for: Data("recovery|\(userID)|\(normalized)".utf8),
                                                                 using: key))
    }

    // MARK: Sealing

    private func sealingKey() async throws -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: try await secrets.key(on: database),
                               info: Data("seedbed totp secret".utf8), outputByteCount: 32)
    }

    private func seal(_ secret: [UInt8]) async throws -> String {
        guard let combined = try AES.GCM.seal(secret, using: try await sealingKey()).combined else {
            throw AppError(status: .internalServerError, code: "seal", message: "无法保存动态口令密钥")
        }
        return combined.base64EncodedString()
    }

    private func open(_ sealed: String) async throws -> [UInt8] {
        guard let data = Data(base64Encoded: sealed) else {
            throw AppError(status: .internalServerError, code: "seal", message: "动态口令密钥已损坏，请联系安全管理员重置")
        }
        do {
            return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: try await sealingKey()))
        } catch {
            // The server secret changed (SEEDBED_SECRET) since the authenticator was bound.
            throw AppError(status: .internalServerError, code: "seal",
                           message: "动态口令密钥无法解密（服务器密钥已更换），请联系安全管理员解除绑定后重新绑定")
        }
    }

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw RateLimiterError.notSQL }
            return sql
        }
    }
}

import Fluent
import SeedbedDomain
import Vapor

/// Sets passwords the one way: policy check, no reuse of recent passwords, history kept, other sessions
/// ended. Used by the change, reset and administrator paths alike.
struct PasswordService {
    let request: Request

    /// Problems with a new password for `user`, in Chinese; empty when it may be set.
    func problems(newPassword: String, for user: User) async throws -> [String] {
        let policy = request.config.passwordPolicy
        var problems = policy.problems(with: newPassword, account: user.account)
        guard problems.isEmpty, let userID = user.id else { return problems }
        var recent = [user.passwordHash]
        let history = try await PasswordHistoryEntry.query(on: request.db)
            .filter(\.$userID == userID)
            .sort(\.$createdAt, .descending)
            .sort(\.$id, .descending)
            .limit(max(0, policy.historyDepth - 1))
            .all()
        recent += history.map(\.passwordHash)
        for hash in recent where try await request.password.async.verify(newPassword, created: hash) {
            problems.append("新密码不能与最近 \(policy.historyDepth) 次使用过的密码相同")
            break
        }
        return problems
    }

    /// Stores the new password and records the old one. `mustChange` is set for administrator resets.
    func set(_ newPassword: String, for user: User, mustChange: Bool, keepSessionID: String?) async throws {
        guard let userID = user.id else { return }
        let hash = try await request.password.async.hash(newPassword)
        let oldHash = user.passwordHash
        let now = request.now
        try await request.db.transaction { db in
            try await PasswordHistoryEntry(userID: userID, passwordHash: oldHash, createdAt: now).create(on: db)
            user.passwordHash = hash
            user.passwordChangedAt = now
            user.mustChangePassword = mustChange
            try await user.save(on: db)
            let keep = try await PasswordHistoryEntry.query(on: db).filter(\.$userID == userID)
                .sort(\.$createdAt, .descending).sort(\.$id, .descending)
                .limit(request.config.passwordPolicy.historyDepth).all().compactMap(\.id)
            try await PasswordHistoryEntry.query(on: db).filter(\.$userID == userID)
                .filter(\.$id !~ keep).delete()
            var sessions = UserSession.query(on: db).filter(\.$userID == userID)
            if let keepSessionID { sessions = sessions.filter(\.$id != keepSessionID) }
            try await sessions.delete()
        }
    }

    /// A random password that satisfies the policy, for administrator resets and new accounts.
    static func temporaryPassword() -> String {
        let upper = Array("ABCDEFGHJKMNPQRSTUVWXYZ")
        let lower = Array("abcdefghijkmnpqrstuvwxyz")
        let digits = Array("23456789")
        let symbols = Array("@#%+=?")
        var characters: [Character] = []
        for _ in 0..<3 { characters.append(upper.randomElement() ?? "A") }
        for _ in 0..<4 { characters.append(lower.randomElement() ?? "a") }
        for _ in 0..<3 { characters.append(digits.randomElement() ?? "2") }
        characters.append(symbols.randomElement() ?? "@")
        return String(characters.shuffled())
    }
}

import Fluent
import Foundation
import Vapor

/// Sends an e-mail. The default implementation writes to the outbox table (and the log) so that deployments
/// without a mail relay, and tests, see exactly what would have been sent — as `SMSGateway` does for texts; a
/// deployment with a relay adds an SMTP implementation.
protocol EmailGateway: Sendable {
    /// Sends `body` to `address`. `code` names the one-time code inside the text, which no record keeps in plain
    /// text.
    func send(to address: String, purpose: String, subject: String, body: String, code: String?,
              on database: any Database, now: Date, logger: Logger) async throws
}

/// Stores e-mails in `email_outbox` (系统管理 → 邮件记录): the address masked, the code masked in the text and kept
/// only as a keyed hash.
struct OutboxEmailGateway: EmailGateway {
    let keyring: PersonalDataKeyring

    func send(to address: String, purpose: String, subject: String, body: String, code: String?,
              on database: any Database, now: Date, logger: Logger) async throws
    {
        var stored = body
        var codeHash: String?
        if let code, !code.isEmpty {
            stored = stored.replacingOccurrences(of: code, with: Masking.code(code))
            codeHash = try keyring.cipher().hash(code)
        }
        let message = EmailMessage(address: Masking.email(address), purpose: purpose, subject: subject,
                                   body: SMSMessage.maskingCodes(in: stored), status: "已写入发件箱", createdAt: now)
        message.codeHash = codeHash
        try await message.create(on: database)
        logger.info("邮件（发件箱）→ \(Masking.email(address))：\(purpose)")
    }
}

/// Stands in for an e-mail gateway `configure` did not set: sends nothing, fails loudly.
struct UnconfiguredEmailGateway: EmailGateway {
    func send(to address: String, purpose: String, subject: String, body: String, code: String?,
              on database: any Database, now: Date, logger: Logger) async throws {
        throw MissingServices(names: ["app.emailGateway (EmailGateway)"])
    }
}

extension Application {
    struct EmailGatewayKey: StorageKey { typealias Value = any EmailGateway }

    /// Set by `configure`, which checks it is (`requireServices`).
    var emailGateway: any EmailGateway {
        get { storage[EmailGatewayKey.self] ?? UnconfiguredEmailGateway() }
        set { storage[EmailGatewayKey.self] = newValue }
    }
}

extension Request {
    var mail: any EmailGateway { application.emailGateway }
}

import Fluent
import Foundation
import Vapor

/// Sends a text message. The default implementation writes to the outbox table (and the log) so that
/// deployments without an SMS contract, and tests, see exactly what would have been sent; a deployment with
/// an SMS provider adds an HTTP implementation.
protocol SMSGateway: Sendable {
    /// Sends `content` to `phone`. `code` names the one-time code inside the text, which no record keeps in
    /// plain text.
    func send(to phone: String, purpose: String, content: String, code: String?, on database: any Database,
              now: Date, logger: Logger) async throws
}

extension SMSGateway {
    /// A text without a one-time code (review results, notices).
    func send(to phone: String, purpose: String, content: String, on database: any Database, now: Date,
              logger: Logger) async throws
    {
        try await send(to: phone, purpose: purpose, content: content, code: nil, on: database, now: now,
                       logger: logger)
    }
}

/// Stores messages in `sms_outbox` (系统管理 → 短信记录): the phone masked, the code masked in the text and kept
/// only as a keyed hash — the outbox is a record of what was sent, not a second copy of it.
struct OutboxSMSGateway: SMSGateway {
    let keyring: PersonalDataKeyring

    func send(to phone: String, purpose: String, content: String, code: String?, on database: any Database,
              now: Date, logger: Logger) async throws
    {
        var stored = content
        var codeHash: String?
        if let code, !code.isEmpty {
            stored = stored.replacingOccurrences(of: code, with: Masking.code(code))
            codeHash = try keyring.cipher().hash(code)
        }
        let message = SMSMessage(phone: Masking.phone(phone), purpose: purpose,
                                 content: SMSMessage.maskingCodes(in: stored), status: "已写入发件箱", createdAt: now)
        message.codeHash = codeHash
        try await message.create(on: database)
        logger.info("短信（发件箱）→ \(Masking.phone(phone))：\(purpose)")
    }
}

extension SMSMessage {
    /// The text with any `验证码 123456` masked: for texts stored before the outbox masked codes, and as a guard
    /// should a caller forget to name its code.
    static func maskingCodes(in content: String) -> String {
        content.replacingOccurrences(of: #"(验证码[：:是为\s]*)\d{4,8}"#, with: "$1******", options: .regularExpression)
    }
}

extension Application {
    struct SMSGatewayKey: StorageKey { typealias Value = any SMSGateway }

    /// Set by `configure`, which checks it is (`requireServices`).
    var smsGateway: any SMSGateway {
        get { storage[SMSGatewayKey.self] ?? UnconfiguredSMSGateway() }
        set { storage[SMSGatewayKey.self] = newValue }
    }
}

extension Request {
    var sms: any SMSGateway { application.smsGateway }
}

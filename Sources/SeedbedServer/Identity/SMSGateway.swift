import Fluent
import Foundation
import Vapor

/// Sends a text message. The default implementation writes to the outbox table (and the log) so that
/// deployments without an SMS contract, and tests, see exactly what would have been sent; a deployment with
/// an SMS provider adds an HTTP implementation.
protocol SMSGateway: Sendable {
    func send(to phone: String, purpose: String, content: String, on database: any Database, now: Date,
              logger: Logger) async throws
}

/// Stores messages in `sms_outbox` (系统管理 → 短信记录).
struct OutboxSMSGateway: SMSGateway {
    func send(to phone: String, purpose: String, content: String, on database: any Database, now: Date,
              logger: Logger) async throws
    {
        let message = SMSMessage(phone: phone, purpose: purpose, content: content, status: "已写入发件箱",
                                 createdAt: now)
        try await message.create(on: database)
        logger.info("短信（发件箱）→ \(Masking.phone(phone))：\(purpose)")
    }
}

extension Application {
    private struct SMSGatewayKey: StorageKey { typealias Value = any SMSGateway }

    var smsGateway: any SMSGateway {
        get { storage[SMSGatewayKey.self] ?? OutboxSMSGateway() }
        set { storage[SMSGatewayKey.self] = newValue }
    }
}

extension Request {
    var sms: any SMSGateway { application.smsGateway }
}

/// Masks phone and ID numbers for people who may not see them in full.
enum Masking {
    static func phone(_ phone: String) -> String {
        let characters = Array(phone)
        guard characters.count >= 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
    }

    static func idNumber(_ id: String) -> String {
        let characters = Array(id)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8)
            + String(characters.suffix(4))
    }
}

import Fluent
import SeedbedDomain
import Foundation
import NIOConcurrencyHelpers
@testable import SeedbedServer
import Vapor

/// The fixed personal-data key of test apps (32 bytes of 0x2A, base64).
enum TestDataKey {
    static let base64 = Data(repeating: 0x2A, count: 32).base64EncodedString()
}

/// A text as the phone received it: the outbox keeps codes masked, so tests read codes here.
struct SentText: Sendable {
    let phone: String
    let purpose: String
    let content: String
}

/// Keeps every text in memory, then hands it to the real gateway (the outbox), so tests see both what was
/// sent and what was stored.
final class CapturingSMSGateway: SMSGateway {
    private let next: any SMSGateway
    private let texts = NIOLockedValueBox<[SentText]>([])

    init(forwardingTo next: any SMSGateway) {
        self.next = next
    }

    var sent: [SentText] { texts.withLockedValue { $0 } }

    func send(to phone: String, purpose: String, content: String, code: String?, on database: any Database,
              now: Date, logger: Logger) async throws
    {
        try await next.send(to: phone, purpose: purpose, content: content, code: code, on: database, now: now,
                            logger: logger)
        texts.withLockedValue { $0.append(SentText(phone: phone, purpose: purpose, content: content)) }
    }
}

extension Application {
    /// Texts sent through the test app, oldest first.
    var sentTexts: [SentText] { (smsGateway as? CapturingSMSGateway)?.sent ?? [] }
}

extension TestDataKey {
    /// The cipher every test app uses.
    static var cipher: PersonalDataCipher {
        PersonalDataCipher(key: SymmetricKey(data: Data(base64Encoded: base64) ?? Data(count: 32)))
    }
}

extension User {
    /// Tests create accounts with a plain phone; it is stored as the platform stores it (masked, sealed, hashed)
    /// under the test key.
    convenience init(account: String, name: String, role: Role, organizationID: Int?, enterpriseID: Int?,
                     phone: String, passwordHash: String, mustChangePassword: Bool, now: Date) {
        self.init(account: account, name: name, role: role, organizationID: organizationID, enterpriseID: enterpriseID,
                  phone: try? TestDataKey.cipher.protect(phone, as: .phone), passwordHash: passwordHash,
                  mustChangePassword: mustChangePassword, now: now)
    }
}

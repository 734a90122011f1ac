import Fluent
import Foundation
import NIOConcurrencyHelpers
@testable import SeedbedServer
import Vapor

/// An e-mail as the mailbox received it: the outbox keeps codes masked, so tests read codes here.
struct SentMail: Sendable {
    let address: String
    let purpose: String
    let body: String
}

/// Keeps every e-mail in memory, then hands it to the real gateway (the outbox), like `CapturingSMSGateway`.
final class CapturingEmailGateway: EmailGateway {
    private let next: any EmailGateway
    private let mails = NIOLockedValueBox<[SentMail]>([])

    init(forwardingTo next: any EmailGateway) {
        self.next = next
    }

    var sent: [SentMail] { mails.withLockedValue { $0 } }

    func send(to address: String, purpose: String, subject: String, body: String, code: String?,
              on database: any Database, now: Date, logger: Logger) async throws
    {
        try await next.send(to: address, purpose: purpose, subject: subject, body: body, code: code, on: database,
                            now: now, logger: logger)
        mails.withLockedValue { $0.append(SentMail(address: address, purpose: purpose, body: body)) }
    }
}

extension Application {
    /// Captures the app's e-mails from now on (call once, right after the app starts).
    func captureEmails() {
        if !(emailGateway is CapturingEmailGateway) { emailGateway = CapturingEmailGateway(forwardingTo: emailGateway) }
    }

    /// E-mails sent through the test app since `captureEmails()`, oldest first.
    var sentMails: [SentMail] { (emailGateway as? CapturingEmailGateway)?.sent ?? [] }
}

/// Objects of 账号变更 for tests.
enum HelpFixtures {
    /// A pending manual request of `account` (an enterprise account of the fixtures) with a small PDF as its form.
    static func manualRequest(_ app: Application, account: String, phone: String = "13700009999") async throws -> Int {
        guard let user = try await User.query(on: app.db).filter(\.$account == account).first(), let userID = user.id,
              let enterpriseID = user.enterpriseID, let enterprise = try await Enterprise.find(enterpriseID, on: app.db)
        else { throw TestSetupError.missing("enterprise account \(account)") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("help-fixture-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("%PDF-1.4 signed form".utf8).write(to: url)
        let file = try await Files(app: app, db: app.db).keep(
            url, name: "手机号变更申请表.pdf", purpose: "account-change", owner: userID,
            subject: (enterpriseID, enterprise.regionCode, enterprise.zoneID, enterprise.incubatorID), allowed: [.pdf])
        let request = AccountChangeRequest()
        request.enterpriseID = enterpriseID
        request.regionCode = enterprise.regionCode
        request.zoneID = enterprise.zoneID
        request.incubatorID = enterprise.incubatorID
        request.userID = userID
        request.phoneSealed = try app.personalData.seal(phone)
        request.phoneMasked = Masking.phone(phone)
        request.fileID = file.id ?? 0
        request.status = .pending
        request.createdAt = app.clock.now()
        try await request.create(on: app.db)
        guard let id = request.id else { throw TestSetupError.missing("account change request") }
        return id
    }
}

import Fluent
import Foundation
import Vapor

/// 账号变更 in the demo: the demo enterprise account gets a registered e-mail (so 邮箱核验 can be tried) and one
/// manual request waits in 账号变更审核 with a small signed form.
enum AccountChangeDemo {
    static let account = "ent-demo"
    static let email = "ent-demo@example.cn"
    static let phone = "13900002026"

    static func load(_ app: Application) async throws {
        guard let user = try await User.query(on: app.db).filter(\.$account == account).first(), let userID = user.id,
              let enterpriseID = user.enterpriseID, let enterprise = try await Enterprise.find(enterpriseID, on: app.db)
        else { return }
        if user.email == nil {
            user.email = email
            try await user.save(on: app.db)
        }
        guard try await AccountChangeRequest.query(on: app.db).count() == 0 else { return }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-demo-change-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("%PDF-1.4\n% 手机号变更申请表（演示）\n%%EOF\n".utf8).write(to: url)
        let file = try await Files(app: app, db: app.db).keep(
            url, name: "手机号变更申请表（演示）.pdf", purpose: "account-change", owner: userID,
            subject: (enterpriseID, enterprise.regionCode, enterprise.zoneID, enterprise.incubatorID), allowed: [.pdf])
        let cipher = try app.personalData
        let request = AccountChangeRequest()
        request.enterpriseID = enterpriseID
        request.regionCode = enterprise.regionCode
        request.zoneID = enterprise.zoneID
        request.incubatorID = enterprise.incubatorID
        request.userID = userID
        request.phoneSealed = try cipher.seal(phone)
        request.phoneMasked = Masking.phone(phone)
        request.fileID = file.id ?? 0
        request.status = .pending
        request.createdAt = app.clock.now().addingTimeInterval(-86_400)
        try await request.create(on: app.db)
    }
}

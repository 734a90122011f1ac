import Fluent
import SeedbedDomain
import Vapor

/// `seedbed user create-admin [--account NAME] [--name 名称]`: creates a platform administrator with a generated
/// password, printed once; the administrator must change it at first login.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create-admin")
        var action: String
        @Option(name: "account", help: "账号（默认 admin）")
        var account: String?
        @Option(name: "name", help: "姓名（默认 平台管理员）")
        var name: String?
    }

    var help: String { "用户管理：create-admin 创建平台管理员" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create-admin" else {
            context.console.error("未知操作“\(signature.action)”，可用：create-admin")
            return
        }
        let app = context.application
        try await app.autoMigrate()
        let account = signature.account ?? "admin"
        if try await User.query(on: app.db).filter(\.$account == account).first() != nil {
            context.console.error("账号“\(account)”已存在")
            return
        }
        let password = PasswordService.temporaryPassword()
        let user = User(account: account, name: signature.name ?? "平台管理员", role: .platformAdmin,
                        organizationID: nil, enterpriseID: nil, phone: nil,
                        passwordHash: try await app.password.async.hash(password), mustChangePassword: true,
                        now: app.clock.now())
        try await user.create(on: app.db)
        try await AuditLogger(database: app.db, actor: nil, ip: "cli", now: app.clock.now())
            .record(.create, targetType: "user", targetID: user.id.map(String.init), detail: "命令行创建平台管理员",
                    account: account)
        context.console.print("已创建平台管理员：\(account)")
        context.console.print("初始密码（仅显示一次，首次登录须修改）：\(password)")
    }
}

/// `seedbed token create --account NAME [--name LABEL]`, `token list --account NAME`, `token revoke --id N`:
/// API tokens carry their account's data scope and are stored as hashes.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create | list | revoke")
        var action: String
        @Option(name: "account", help: "令牌所属账号")
        var account: String?
        @Option(name: "name", help: "令牌用途说明")
        var name: String?
        @Option(name: "id", help: "要吊销的令牌编号")
        var id: Int?
    }

    var help: String { "接口令牌：create 创建、list 列出、revoke 吊销" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let now = app.clock.now()
        switch signature.action {
        case "create":
            guard let account = signature.account,
                  let user = try await User.query(on: app.db).filter(\.$account == account).first(), let userID = user.id
            else {
                context.console.error("请用 --account 指定一个已存在的账号")
                return
            }
            let secret = "sbk_" + RandomToken.make(bytes: 24)
            let token = APIToken(userID: userID, name: signature.name ?? "命令行创建", tokenHash: RandomToken.sha256Hex(secret),
                                 prefix: String(secret.prefix(10)), createdAt: now)
            try await token.create(on: app.db)
            try await AuditLogger(database: app.db, actor: nil, ip: "cli", now: now)
                .record(.tokenCreate, targetType: "api_token", targetID: token.id.map(String.init), account: account)
            context.console.print("已为账号 \(account) 创建接口令牌（编号 \(token.id ?? 0)，仅显示一次）：")
            context.console.print(secret)
        case "list":
            var query = APIToken.query(on: app.db)
            if let account = signature.account,
               let user = try await User.query(on: app.db).filter(\.$account == account).first(), let userID = user.id
            {
                query = query.filter(\.$userID == userID)
            }
            for token in try await query.sort(\.$id).all() {
                let state = token.revokedAt == nil ? "有效" : "已吊销"
                context.console.print("#\(token.id ?? 0)  \(token.prefix)…  \(token.name)  \(state)")
            }
        case "revoke":
            guard let id = signature.id, let token = try await APIToken.find(id, on: app.db) else {
                context.console.error("请用 --id 指定要吊销的令牌编号")
                return
            }
            token.revokedAt = now
            try await token.save(on: app.db)
            try await AuditLogger(database: app.db, actor: nil, ip: "cli", now: now)
                .record(.tokenRevoke, targetType: "api_token", targetID: String(id))
            context.console.print("令牌 #\(id) 已吊销")
        default:
            context.console.error("未知操作“\(signature.action)”，可用：create、list、revoke")
        }
    }
}

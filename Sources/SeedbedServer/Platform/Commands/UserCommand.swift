import Fluent
import SeedbedDomain
import Vapor

/// `seedbed user create-admin [--role system|security|audit] [--account NAME] [--name 名称]`: creates one of the
/// three administrators (三员: 系统管理员, 安全管理员, 审计管理员) with a generated password, printed once; the
/// administrator must change it at first login. Besides the security administrator, this is the only way to an
/// administrator role.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create-admin")
        var action: String
        @Option(name: "account", help: "账号（默认 admin）")
        var account: String?
        @Option(name: "name", help: "姓名（默认为角色名称）")
        var name: String?
        @Option(name: "role", help: "system（系统管理员，默认）| security（安全管理员）| audit（审计管理员）")
        var role: String?
    }

    var help: String { "用户管理：create-admin 创建系统、安全或审计管理员" }

    /// The administrator role a `--role` value names, and the default account for it.
    static func administrator(_ value: String?) -> (role: Role, account: String)? {
        switch value ?? "system" {
        case "system": (.platformAdmin, "admin")
        case "security": (.securityAdmin, "security")
        case "audit": (.auditAdmin, "auditor")
        default: nil
        }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create-admin" else {
            context.console.error("未知操作“\(signature.action)”，可用：create-admin")
            return
        }
        guard let (role, defaultAccount) = Self.administrator(signature.role) else {
            context.console.error("未知角色“\(signature.role ?? "")”，可用：system、security、audit")
            return
        }
        let app = context.application
        try await app.autoMigrate()
        let account = signature.account ?? defaultAccount
        if try await User.query(on: app.db).filter(\.$account == account).first() != nil {
            context.console.error("账号“\(account)”已存在")
            return
        }
        let password = PasswordService.temporaryPassword()
        let user = User(account: account, name: signature.name ?? role.label, role: role,
                        organizationID: nil, enterpriseID: nil, phone: nil,
                        passwordHash: try await app.password.async.hash(password), mustChangePassword: true,
                        now: app.clock.now())
        try await user.create(on: app.db)
        try await AuditLogger(database: app.db, actor: nil, ip: "cli", now: app.clock.now())
            .record(.create, targetType: "user", targetID: user.id.map(String.init), detail: "命令行创建\(role.label)",
                    account: account)
        context.console.print("已创建\(role.label)：\(account)")
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

import Fluent
import SeedbedDomain
import Vapor

/// `seedbed institution create --name 名称 --short-name 简称 --contact 联系方式` · `institution list` ·
/// `institution assign --account NAME --institution ID`: the partner banks of the 金融超市 and which 合作金融机构
/// account works for which bank (the account itself is made in 用户管理 with the role 合作金融机构).
struct InstitutionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create | list | assign")
        var action: String
        @Option(name: "name", help: "机构全称")
        var name: String?
        @Option(name: "short-name", help: "机构简称")
        var shortName: String?
        @Option(name: "contact", help: "联系方式")
        var contact: String?
        @Option(name: "account", help: "合作金融机构账号")
        var account: String?
        @Option(name: "institution", help: "机构编号（institution list 中的编号）")
        var institution: String?
    }

    var help: String { "金融机构：create 新增机构，list 列出机构，assign 把合作金融机构账号关联到机构" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let audit = AuditLogger(database: app.db, actor: nil, ip: "cli", now: app.clock.now())
        switch signature.action {
        case "create":
            let name = financeText(signature.name)
            let shortName = financeText(signature.shortName ?? signature.name)
            let contact = financeText(signature.contact)
            guard !name.isEmpty, name.count <= 60, !shortName.isEmpty, shortName.count <= 20, !contact.isEmpty,
                  contact.count <= 100
            else {
                context.console.error("请填写 --name（60 字以内）、--short-name（20 字以内）和 --contact（100 字以内）")
                return
            }
            if try await FinancialInstitution.query(on: app.db).filter(\.$name == name).first() != nil {
                context.console.error("机构“\(name)”已存在")
                return
            }
            let institution = FinancialInstitution(name: name, shortName: shortName, contact: contact, at: app.clock.now())
            try await institution.create(on: app.db)
            // The public 金融超市 filter lists the institutions: cached pages are rendered again.
            try await ContentVersion.bump(on: app.db)
            try await audit.record(.create, targetType: "financial_institution", targetID: institution.id.map(String.init),
                                   detail: "命令行新增金融机构：\(name)")
            context.console.print("已新增金融机构 \(institution.id ?? 0)：\(name)")
        case "list":
            for institution in try await FinancialInstitution.query(on: app.db).sort(\.$id).all() {
                let members = try await InstitutionMember.query(on: app.db).filter(\.$institutionID == institution.id ?? 0).all()
                let accounts = members.isEmpty ? [] : try await User.query(on: app.db)
                    .filter(\.$id ~~ members.map(\.userID)).all().map(\.account)
                context.console.print("\(institution.id ?? 0)\t\(institution.name)（\(institution.shortName)）\t"
                    + (accounts.isEmpty ? "无账号" : accounts.sorted().joined(separator: "、")))
            }
        case "assign":
            guard let account = signature.account,
                  let user = try await User.query(on: app.db).filter(\.$account == account).first(), let userID = user.id
            else {
                context.console.error("账号“\(signature.account ?? "")”不存在")
                return
            }
            guard user.role == .partner else {
                context.console.error("账号“\(account)”的角色是\(user.role.label)，只有合作金融机构账号可以关联金融机构")
                return
            }
            guard let id = InputNumber.integer(signature.institution, in: InputRange.id),
                  let institution = try await FinancialInstitution.find(id, on: app.db)
            else {
                context.console.error("机构编号“\(signature.institution ?? "")”不存在，可用 institution list 查看")
                return
            }
            if let member = try await InstitutionMember.query(on: app.db).filter(\.$userID == userID).first() {
                member.institutionID = id
                try await member.save(on: app.db)
            } else {
                try await InstitutionMember(userID: userID, institutionID: id, at: app.clock.now()).create(on: app.db)
            }
            try await audit.record(.update, targetType: "institution_member", targetID: String(userID),
                                   detail: "命令行把账号 \(account) 关联到金融机构：\(institution.name)", account: account)
            context.console.print("已把账号 \(account) 关联到 \(institution.name)")
        default:
            context.console.error("未知操作“\(signature.action)”，可用：create、list、assign")
        }
    }
}

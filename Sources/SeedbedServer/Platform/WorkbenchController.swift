import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 工作台: where every role lands after signing in — who you are, what you can see, where to go.
struct WorkbenchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.workbench).get(use: show)
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let context = try await req.pageContext()
        var count: Int?
        if user.role != .enterprise {
            // The unfiltered 企业信息查询 total: the same short-lived count the list keeps (at 1 M a city's is 0.1 s).
            let list = try await EnterpriseList().prepared(on: req.application)
            count = try await list.count(EnterpriseFilter(), scope: user.scope, on: req.db)
        }
        let scopeText = Self.describe(user.scope, user: user)
        var notice: Node<HTML.BodyContext> = .empty
        if user.isUnapprovedEnterprise, let status = user.enterpriseStatus {
            notice = .div(.class("flash flash-warning"),
                          .text("企业注册状态：\(status.label)。" + Self.whatToDo(status)),
                          .unwrap(status == .cancelled ? nil : Page.myRegistration.path) {
                              .a(.href($0), .text("查看审核进度与审批意见"))
                          })
        }
        let cards = Menu.groups(for: user).flatMap(\.items).filter { $0.page != .workbench }
        // An approved enterprise lands on its 企业申报首页 (M2): what is new and what is due, not a copy of the menu.
        if user.role == .enterprise, !user.isUnapprovedEnterprise, let id = user.enterpriseID,
           let enterprise = try await Enterprise.find(id, on: req.db) {
            let home = try await EnterpriseWorkbench.load(req, enterprise: enterprise)
            return HTMLPage(Layout.shell("工作台", context, .group(
                UI.pageHeader("工作台"),
                .p(.class("muted"), .text("您好，\(user.name)（\(enterprise.name)）")),
                home.body)))
        }
        // An official lands on what is due: queues, to-dos, messages, then the tasks their role can start.
        let official = user.role.isGovernment ? try await OfficialWorkbench.load(req, user: user) : nil
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader("工作台"),
            notice,
            .section(.class("card welcome"),
                     .h2(.text("您好，\(user.name)")),
                     UI.details([
                         ("角色", user.role.label),
                         ("所属", user.organizationName ?? user.enterpriseName ?? "—"),
                         ("数据范围", scopeText),
                     ] + (count.map { [("范围内企业", "\($0) 家")] } ?? []))),
            official.map(\.body) ?? .section(.class("quick-links"),
                     .forEach(cards) { item in .a(.class("quick-link card"), .href(item.path), .text(item.title)) })
        )
        return HTMLPage(Layout.shell("工作台", context, body))
    }

    /// What an enterprise that is not approved can do meanwhile.
    static func whatToDo(_ status: EnterpriseStatus) -> String {
        switch status {
        case .pending: "审核通过后即可填报基本信息、年报与积分数据；审核期间可查看进度，被退回时修改后重新提交。"
        case .rejected: "请按审批意见修改注册信息后重新提交。"
        case .cancelled: "企业已注销，不能再填报；如有疑问请联系所在区县科技管理部门。"
        case .active: ""
        }
    }

    static func describe(_ scope: DataScope, user: CurrentUser) -> String {
        switch scope {
        case .all: return "全部企业"
        case .region(let prefix):
            let code = prefix.padding(toLength: 6, withPad: "0", startingAt: 0)
            let name = RegionTable.shipped[code].map { _ in RegionTable.shipped.fullName(of: code) } ?? prefix
            return "\(name)（行政区划代码以 \(prefix) 开头）的企业"
        case .zone, .incubator: return "\(user.organizationName ?? "本机构")的企业"
        case .enterprise: return "本企业"
        case .nothing: return "无（账号未关联机构或企业，请联系管理员）"
        }
    }
}

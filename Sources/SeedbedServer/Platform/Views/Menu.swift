import SeedbedDomain

/// The sidebar: one declaration of every menu entry and who sees it. An entry appears only once its feature
/// exists, so nothing here points to an empty page.
struct MenuItem: Sendable {
    /// Which enterprise accounts see an entry: most pages need an approved enterprise; the registration page is
    /// for one that is still waiting, was refused or returned. Other roles ignore it.
    enum Approval: Sendable {
        case any, approved, notApproved
    }

    let title: String
    let path: String
    let roles: Set<Role>
    var approval: Approval = .approved
}

struct MenuGroup: Sendable {
    let title: String
    let items: [MenuItem]
}

enum Menu {
    private static let government: Set<Role> = [.national, .province, .city, .county, .zone, .incubator]
    private static let everyone = Set(Role.allCases)

    static let groups: [MenuGroup] = [
        MenuGroup(title: "首页", items: [
            MenuItem(title: "工作台", path: "/workbench", roles: everyone, approval: .any),
        ]),
        MenuGroup(title: "企业总览", items: [
            MenuItem(title: "企业总览", path: "/overview", roles: government.union([.platformAdmin])),
        ]),
        MenuGroup(title: "企业业务", items: [
            MenuItem(title: "注册进度", path: "/my/registration", roles: [.enterprise], approval: .notApproved),
            MenuItem(title: "企业信息", path: "/my/enterprise", roles: [.enterprise]),
            MenuItem(title: "基本信息填报", path: "/my/basic-info", roles: [.enterprise]),
            MenuItem(title: "年度经营信息", path: "/my/annual-reports", roles: [.enterprise]),
            MenuItem(title: "产品信息填报", path: "/my/products", roles: [.enterprise]),
            MenuItem(title: "积分数据填报", path: "/my/points", roles: [.enterprise]),
            MenuItem(title: "企业快报", path: "/my/express", roles: [.enterprise]),
            MenuItem(title: "积分结果查询", path: "/my/scores", roles: [.enterprise]),
            MenuItem(title: "优秀企业榜单", path: "/my/rankings", roles: [.enterprise]),
            MenuItem(title: "企业重大变更", path: "/my/changes", roles: [.enterprise]),
            MenuItem(title: "我的消息", path: "/my/messages", roles: [.enterprise]),
            MenuItem(title: "我的培育库", path: "/my/libraries", roles: [.enterprise]),
            MenuItem(title: "企业设置", path: "/my/settings", roles: [.enterprise]),
        ]),
        MenuGroup(title: "审核", items: [
            MenuItem(title: "注册审核", path: "/reviews?kind=registration", roles: government.union([.platformAdmin])),
            MenuItem(title: "基本信息审核", path: "/reviews?kind=basic_info", roles: government.union([.platformAdmin])),
            MenuItem(title: "年报数据审核", path: "/reviews?kind=annual_report", roles: government.union([.platformAdmin])),
            MenuItem(title: "重大变更审核", path: "/reviews?kind=major_change", roles: government.union([.platformAdmin])),
            MenuItem(title: "积分数据审核", path: "/reviews?kind=points_data", roles: government.union([.platformAdmin])),
            MenuItem(title: "企业快报审核", path: "/reviews?kind=express_report", roles: government.union([.platformAdmin])),
            MenuItem(title: "年报数据查询", path: "/reviews?kind=annual_report&tab=all",
                     roles: government.union([.platformAdmin])),
        ]),
        MenuGroup(title: "企业信息", items: [
            MenuItem(title: "企业信息查询", path: "/enterprises", roles: government.union([.platformAdmin])),
            MenuItem(title: "自定义查询", path: "/query", roles: government.union([.platformAdmin])),
            MenuItem(title: "数据导入", path: "/imports", roles: ImportController.roles),
        ]),
        MenuGroup(title: "创新积分", items: [
            MenuItem(title: "积分方案", path: "/points/schemes", roles: PointsAccess.managers),
            MenuItem(title: "填报项目", path: "/points/periods", roles: PointsAccess.managers),
            MenuItem(title: "企业快报名单", path: "/points/express-list", roles: PointsAccess.managers),
            MenuItem(title: "积分计算", path: "/points/runs", roles: PointsAccess.managers),
            MenuItem(title: "积分结果查询", path: "/points/results", roles: PointsAccess.readers),
            MenuItem(title: "优秀企业榜单", path: "/points/rankings", roles: PointsAccess.readers),
            MenuItem(title: "积分测算", path: "/points/estimates", roles: PointsAccess.readers),
        ]),
        MenuGroup(title: "查询统计", items: [
            MenuItem(title: "培育进度统计表", path: "/statistics/progress", roles: government.union([.platformAdmin])),
            MenuItem(title: "区县入库企业情况统计表", path: "/statistics/counties", roles: government.union([.platformAdmin])),
            MenuItem(title: "区县科技型企业年报统计表", path: "/statistics/annual", roles: government.union([.platformAdmin])),
            MenuItem(title: "全市概况图", path: "/statistics/city", roles: government.union([.platformAdmin])),
        ]),
        MenuGroup(title: "培育库", items: LibraryPageSpec.all.compactMap { spec in
            LibraryCatalog.standard.libraries.first { $0.id == spec.id }.map { library in
                MenuItem(title: library.name, path: "/libraries/\(spec.id.rawValue)",
                         roles: LibraryController.roles)
            }
        }),
        MenuGroup(title: "系统管理", items: [
            MenuItem(title: "用户管理", path: "/admin/users", roles: [.platformAdmin]),
            MenuItem(title: "机构管理", path: "/admin/organizations", roles: [.platformAdmin]),
            MenuItem(title: "短信记录", path: "/admin/sms", roles: [.platformAdmin]),
            MenuItem(title: "内容管理", path: "/admin/content", roles: ContentAdminController.editors),
        ]),
        MenuGroup(title: "安全管理", items: [
            MenuItem(title: "密码与锁定策略", path: "/admin/security", roles: SecurityAdminController.roles),
            MenuItem(title: "角色分配", path: "/admin/security/roles", roles: SecurityAdminController.roles),
        ]),
        MenuGroup(title: "安全审计", items: [
            MenuItem(title: "操作日志", path: "/admin/audit", roles: AuditLogList.readers),
            MenuItem(title: "登录日志", path: "/admin/logins", roles: AuditLogList.readers),
        ]),
        MenuGroup(title: "账号", items: [
            MenuItem(title: "修改密码", path: "/account/password", roles: everyone, approval: .any),
            MenuItem(title: "动态口令", path: "/account/2fa", roles: everyone, approval: .any),
        ]),
    ]

    /// The groups a user sees, empty groups left out. An enterprise whose registration is not approved sees only
    /// what it can use: its registration, the workbench and its account.
    static func groups(for user: CurrentUser) -> [MenuGroup] {
        groups(for: user.role, approved: !user.isUnapprovedEnterprise)
    }

    static func groups(for role: Role, approved: Bool = true) -> [MenuGroup] {
        groups.compactMap { group in
            let items = group.items.filter { item in
                guard item.roles.contains(role) else { return false }
                switch item.approval {
                case .any: return true
                case .approved: return approved || role != .enterprise
                case .notApproved: return !approved && role == .enterprise
                }
            }
            return items.isEmpty ? nil : MenuGroup(title: group.title, items: items)
        }
    }
}

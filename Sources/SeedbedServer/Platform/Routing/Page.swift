import SeedbedDomain
import Vapor

/// The route table of the pages a menu links to: each page's address, its title and who may open it, declared
/// once. A controller registers a page's routes under `routes.grouped(page)`, which puts them behind the page's
/// own guard; the sidebar shows a page exactly when that guard admits the user (`MenuTests` walks every role).
struct Page: Sendable, Hashable {
    /// The path the routes are registered under, e.g. `/points/results`.
    let path: String
    /// The query a link adds to pick a tab or a kind (`kind=registration`), empty for none.
    var query: String = ""
    let title: String
    let access: Access

    /// The address a link or a redirect uses.
    var link: String { query.isEmpty ? path : path + "?" + query }

    /// The path as route components, for registering.
    var components: [PathComponent] { path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }
}

extension Page {
    // 首页 and the account: every signed-in user.
    static let workbench = Page(path: "/workbench", title: "工作台", access: .signedIn)
    static let password = Page(path: "/account/password", title: "修改密码", access: .signedIn)
    static let secondFactor = Page(path: "/account/2fa", title: "动态口令", access: .signedIn)

    // The enterprise's own pages.
    static let myRegistration = Page(path: "/my/registration", title: "注册进度", access: .enterpriseAccount)
    static let myEnterprise = Page(path: "/my/enterprise", title: "企业信息", access: .enterprise)
    static let myBasicInfo = Page(path: "/my/basic-info", title: "基本信息填报", access: .enterprise)
    static let myAnnualReports = Page(path: "/my/annual-reports", title: "年度经营信息", access: .enterprise)
    static let myProducts = Page(path: "/my/products", title: "产品信息填报", access: .enterprise)
    static let myPoints = Page(path: "/my/points", title: "积分数据填报", access: .enterprise)
    static let myExpress = Page(path: "/my/express", title: "企业快报", access: .enterprise)
    static let myScores = Page(path: "/my/scores", title: "积分结果查询", access: .enterprise)
    static let myRankings = Page(path: "/my/rankings", title: "优秀企业榜单", access: .enterprise)
    static let myChanges = Page(path: "/my/changes", title: "企业重大变更", access: .enterprise)
    static let myMessages = Page(path: "/my/messages", title: "我的消息", access: .enterprise)
    static let myLibraries = Page(path: "/my/libraries", title: "我的培育库", access: .enterprise)
    static let mySettings = Page(path: "/my/settings", title: "企业设置", access: .enterprise)

    // Government: overview, reviews, queries.
    static let overview = Page(path: "/overview", title: "企业总览", access: .government)
    static let reviews = Page(path: "/reviews", title: "审核", access: .government)
    /// One review queue: the same routes as `reviews`, opened on one kind (or its 全部 tab).
    static func reviews(_ kind: FilingKind, title: String, allTab: Bool = false) -> Page {
        Page(path: reviews.path, query: "kind=\(kind.rawValue)" + (allTab ? "&tab=all" : ""), title: title,
             access: reviews.access)
    }
    static let enterprises = Page(path: "/enterprises", title: "企业信息查询", access: .government)
    static let customQuery = Page(path: "/query", title: "自定义查询", access: .government)
    static var imports: Page { Page(path: "/imports", title: "数据导入", access: ImportController.access) }

    // 创新积分.
    static let schemes = Page(path: "/points/schemes", title: "积分方案", access: .pointsManagers)
    static let periods = Page(path: "/points/periods", title: "填报项目", access: .pointsManagers)
    static let expressList = Page(path: "/points/express-list", title: "企业快报名单", access: .pointsManagers)
    static let runs = Page(path: "/points/runs", title: "积分计算", access: .pointsManagers)
    static let results = Page(path: "/points/results", title: "积分结果查询", access: .government)
    static let rankings = Page(path: "/points/rankings", title: "优秀企业榜单", access: .government)
    static let estimates = Page(path: "/points/estimates", title: "积分测算", access: .government)

    // 查询统计 and 培育库.
    static let statistics = Page(path: "/statistics", title: "查询统计", access: .government)
    /// One statistics table under `statistics`.
    static func statistics(_ slug: String, title: String) -> Page {
        Page(path: statistics.path + "/" + slug, title: title, access: statistics.access)
    }
    static let libraries = Page(path: "/libraries", title: "培育库", access: .government)
    /// One library's page under `libraries`.
    static func library(_ id: LibraryID, title: String) -> Page {
        Page(path: libraries.path + "/" + id.rawValue, title: title, access: libraries.access)
    }

    // 系统管理, 安全管理, 安全审计 (三员分立).
    static let users = Page(path: "/admin/users", title: "用户管理", access: .platformAdmin)
    static let organizations = Page(path: "/admin/organizations", title: "机构管理", access: .platformAdmin)
    static let sms = Page(path: "/admin/sms", title: "短信记录", access: .platformAdmin)
    static let content = Page(path: "/admin/content", title: "内容管理", access: .contentEditors)
    static let security = Page(path: "/admin/security", title: "密码与锁定策略", access: .securityAdmin)
    static let securityRoles = Page(path: "/admin/security/roles", title: "角色分配", access: .securityAdmin)
    static let auditLog = Page(path: "/admin/audit", title: "操作日志", access: .auditAdmin)
    static let loginLog = Page(path: "/admin/logins", title: "登录日志", access: .auditAdmin)

    // 帮助 (M9): 账号变更 by e-mail code or by an administrator's approval, and the e-mail outbox.
    static let myAccountChange = Page(path: "/my/account-change", title: "账号变更", access: .enterpriseAccount)
    static let accountChanges = Page(path: "/admin/account-changes", title: "账号变更审核", access: .platformAdmin)
    static let emailOutbox = Page(path: "/admin/email", title: "邮件记录", access: .platformAdmin)
}

// 梯度培育 M8 (认定、到期与复核): the enterprise's 认定复核, the government's 认定企业 and 申报与认定统计.
extension Page {
    static let myRenewals = Page(path: "/my/renewals", title: "认定复核", access: .enterprise)
    static let recognitions = Page(path: "/cultivation/recognitions", title: "认定企业", access: .government)
    static let cultivationStatistics = Page(path: "/cultivation/statistics", title: "申报与认定统计", access: .government)
}

// 梯度培育 M6 (企业申报): the enterprise's applications and the provinces' application windows.
extension Page {
    static let myApplications = Page(path: "/my/applications", title: "企业申报", access: .enterprise)
    static let applicationWindows = Page(path: "/cultivation/windows", title: "申报时间维护",
                                         access: .applicationWindowManagers)
}

// 梯度培育 M3 (数字化水平评测): the enterprise's self-assessment and the questionnaires' administration.
extension Page {
    static let myDigital = Page(path: "/my/digital", title: "数字化水平评测", access: .enterprise)
    static let questionnaires = Page(path: "/admin/questionnaires", title: "评测问卷", access: .contentEditors)
}

// 定向政策推送 (D13): the enterprise's 政策匹配 and the officials' 政策匹配企业.
extension Page {
    static let myPolicies = Page(path: "/my/policies", title: "政策匹配", access: .enterprise)
    static let policyMatches = Page(path: "/policy-matches", title: "政策匹配企业", access: .government)
}

// 金融超市 (D12): the partner banks' products and applications, and the enterprise's 金融超市.
extension Page {
    static let financeProducts = Page(path: "/bank/products", title: "金融产品管理", access: .financePartners)
    static let financeApplications = Page(path: "/bank/applications", title: "融资申请", access: .financePartners)
    static let myFinance = Page(path: "/my/finance", title: "金融超市", access: .enterprise)
}

// 知识价值信用评级 (C6): the government list (申报事项, seed 004 §4.1) and the enterprise's own rating.
extension Page {
    static let creditRatings = Page(path: "/credit-ratings", title: "知识价值信用评级列表", access: .government)
    static let myCreditRating = Page(path: "/my/credit-rating", title: "知识价值信用评级", access: .enterprise)
}

// 知识产权公共服务 (D1): the enterprise's own records and the government list within scope (the public counts at
// `/ip` need no sign-in and are not a Page).
extension Page {
    static let myIP = Page(path: "/my/ip", title: "我的知识产权", access: .enterprise)
    static let ipRecords = Page(path: "/ip-records", title: "知识产权数据", access: .government)
}

// 待办事项 (T5): publishers' 待办发布 and 完成情况, recipients' 我的待办, and the officials' 我的消息.
extension Page {
    static let todoPublishing = Page(path: "/todos", title: "待办发布", access: .todoPublishers)
    static let myTodos = Page(path: "/my-todos", title: "我的待办", access: .todoRecipients)
    static let inbox = Page(path: "/inbox", title: "我的消息", access: .officials)
}

// 科技创新券 (C7, C8, seed 004 §4.2–4.3): 申领统计表 and 情况统计表 for government, 我的创新券 for the enterprise.
extension Page {
    static let voucherStatistics = Page(path: "/vouchers/statistics", title: "科技创新券申领统计表", access: .government)
    static let vouchers = Page(path: "/vouchers", title: "科技创新券情况统计表", access: .government)
    static let myVouchers = Page(path: "/my/vouchers", title: "我的创新券", access: .enterprise)
}

extension RoutesBuilder {
    /// The routes of `page`: under its path and behind its guard.
    func grouped(_ page: Page) -> any RoutesBuilder {
        grouped(AccessGuard(access: page.access)).grouped(page.components)
    }
}

import SeedbedDomain

/// Who may use a group of routes: the roles, and for enterprise accounts whether the registration must be
/// approved. Each audience is named once here; the route groups' guard (`AccessGuard`), the sidebar (`Menu`) and
/// the lists' export rights all read these values, so what a menu shows and what a guard admits cannot drift.
struct Access: Sendable, Hashable {
    /// What an enterprise account's registration must be for it to pass. Other roles ignore it.
    enum Approval: Sendable, Hashable {
        /// Any enterprise account, approved or not (its registration, its account).
        case any
        /// Only an enterprise whose registration is approved (`active`): filing, results, messages.
        case approved
    }

    let roles: Set<Role>
    var approval: Approval = .approved

    /// Whether `user` may use the routes behind this access.
    func admits(_ user: CurrentUser) -> Bool {
        guard roles.contains(user.role) else { return false }
        return approval == .any || !user.isUnapprovedEnterprise
    }

    /// Every signed-in account: the workbench, its password, its second factor, files it may read.
    static let signedIn = Access(roles: Set(Role.allCases), approval: .any)
    /// Government users and the platform administrator: queries, reviews, statistics, libraries, results.
    static let government = Access(roles: [.platformAdmin, .national, .province, .city, .county, .zone, .incubator])
    /// An approved enterprise on its own pages (我的…).
    static let enterprise = Access(roles: [.enterprise])
    /// Any enterprise account, also one whose registration waits, was refused or returned (注册进度).
    static let enterpriseAccount = Access(roles: [.enterprise], approval: .any)
    /// Who edits scoring schemes, filing periods and the express list, and computes runs: the national centre (and
    /// the platform administrator) for national ones, a zone for its own.
    static let pointsManagers = Access(roles: [.platformAdmin, .national, .zone])
    /// 申报时间维护: the platform administrator (any province), province accounts (their own), the national centre
    /// (reads them all).
    static let applicationWindowManagers = Access(roles: [.platformAdmin, .national, .province])
    /// 内容管理: the platform administrator and the national centre (its own sections).
    static let contentEditors = Access(roles: [.platformAdmin, .national])
    /// 用户、机构、短信记录: the system administrator (三员分立).
    static let platformAdmin = Access(roles: [.platformAdmin])
    /// 安全管理 (policy, unlocks, roles): the security administrator only (三员分立).
    static let securityAdmin = Access(roles: [.securityAdmin])
    /// 操作日志 and 登录日志: the audit administrator only, not even the system administrator (三员分立).
    static let auditAdmin = Access(roles: [.auditAdmin])
}

import Fluent
import SeedbedDomain
import Vapor

/// The signed-in person as every handler sees it, with the data scope already derived (DESIGN.md §3).
struct CurrentUser: Authenticatable, Sendable {
    let id: Int
    let account: String
    let name: String
    let role: Role
    let organizationID: Int?
    let organizationName: String?
    let organizationKind: OrganizationKind?
    let organizationRegionCode: String?
    let enterpriseID: Int?
    let enterpriseName: String?
    /// Where the enterprise's registration stands; nil for everyone else. Only an approved (`active`) enterprise
    /// files, sees results and gets the full menu.
    let enterpriseStatus: EnterpriseStatus?
    let scope: DataScope
    let mustChangePassword: Bool
    let passwordExpired: Bool
    /// Hash of the browser session, when signed in through one.
    let sessionID: String?
    /// The API token used, when signed in through one.
    let apiTokenID: Int?

    /// The key review queues use for this user's organisation (`county:500112`, `zone:7`, `national`).
    var reviewerKey: String? {
        guard let kind = organizationKind else { return nil }
        switch kind {
        case .national: return "national"
        case .zone, .incubator: return organizationID.map { "\(kind.rawValue):\($0)" }
        case .province, .city, .county: return organizationRegionCode.map { "\(kind.rawValue):\($0)" }
        }
    }

    /// Whether this is an enterprise account whose enterprise is not (or no longer) approved: it sees its
    /// registration state and what to do instead of a menu of pages that would refuse it.
    var isUnapprovedEnterprise: Bool { role == .enterprise && enterpriseStatus != .active }

    /// Whether the user must set a new password before doing anything else.
    var needsPasswordChange: Bool { mustChangePassword || passwordExpired }

    /// Loads an active user with organisation and enterprise; `nil` when the user is missing or disabled.
    static func load(userID: Int, on database: any Database, policy: PasswordPolicy, now: Date,
                     sessionID: String? = nil, apiTokenID: Int? = nil) async throws -> CurrentUser?
    {
        guard let user = try await User.find(userID, on: database), user.active, let id = user.id else { return nil }
        let role = user.role
        var organization: Organization?
        if let organizationID = user.organizationID {
            organization = try await Organization.find(organizationID, on: database)
            if organization?.active == false { return nil }
        }
        var enterprise: Enterprise?
        if let enterpriseID = user.enterpriseID {
            enterprise = try await Enterprise.find(enterpriseID, on: database)
        }
        let scope = DataScope.derive(role: role, organization: organization?.scopeOrganization,
                                     enterpriseID: role == .enterprise ? enterprise?.id : nil)
        return CurrentUser(
            id: id, account: user.account, name: user.name, role: role,
            organizationID: organization?.id, organizationName: organization?.name,
            organizationKind: organization?.kind, organizationRegionCode: organization?.regionCode,
            enterpriseID: enterprise?.id, enterpriseName: enterprise?.name,
            enterpriseStatus: enterprise?.status,
            scope: scope, mustChangePassword: user.mustChangePassword,
            passwordExpired: policy.isExpired(changedAt: user.passwordChangedAt, now: now),
            sessionID: sessionID, apiTokenID: apiTokenID)
    }
}

extension Request {
    /// The signed-in user, or a redirect to the login page (UI) / a 401 (API).
    func requireUser() throws -> CurrentUser {
        if let user = auth.get(CurrentUser.self) { return user }
        if SeedbedErrorMiddleware.wantsJSON(self) { throw AppError.unauthorized("缺少或无效的访问令牌") }
        var target = url.path
        if let query = url.query, !query.isEmpty { target += "?" + query }
        let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? Page.workbench.path
        let reason = storage[SessionExpiredKey.self] == true ? "&expired=1" : ""
        throw Abort.redirect(to: "/login?next=\(next)\(reason)")
    }

    /// The signed-in user if their role is one of `roles`; otherwise 403.
    func requireRole(_ roles: Set<Role>) throws -> CurrentUser {
        let user = try requireUser()
        guard roles.contains(user.role) else { throw AppError.forbidden() }
        return user
    }

    /// The data scope of the signed-in user; `.nothing` when nobody is signed in.
    var scope: DataScope { auth.get(CurrentUser.self)?.scope ?? .nothing }
}

/// Set when the request carried a session cookie whose session had timed out.
struct SessionExpiredKey: StorageKey { typealias Value = Bool }

import SeedbedDomain

/// Who must confirm signing in with a one-time code (等保三级: two factors for administrators). The three
/// administrator roles (三员) whenever `secondFactorRequired` is on; government accounts when
/// `SEEDBED_2FA_GOVERNMENT` is on; nobody else, though anyone may bind an authenticator on /account/2fa.
enum SecondFactorPolicy {
    /// Stored names of the administrator roles: 系统管理员 and, once the administrator role is split, 安全管理员
    /// and 审计管理员.
    static let administratorRoles: Set<String> = [Role.platformAdmin.rawValue, "security_admin", "audit_admin"]

    static func isAdministrator(_ role: Role) -> Bool {
        administratorRoles.contains(role.rawValue)
    }

    static func required(for role: Role, config: AppConfig) -> Bool {
        if isAdministrator(role) { return config.secondFactorRequired }
        return role.isGovernment && config.secondFactorForGovernment
    }
}

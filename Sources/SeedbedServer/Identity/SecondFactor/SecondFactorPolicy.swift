import SeedbedDomain

/// Who must confirm signing in with a one-time code (等保三级: two factors for administrators). The three
/// administrator roles (三员) whenever `secondFactorRequired` is on; government accounts when
/// `SEEDBED_2FA_GOVERNMENT` is on; nobody else, though anyone may bind an authenticator on /account/2fa.
enum SecondFactorPolicy {
    static func required(for role: Role, config: AppConfig) -> Bool {
        if role.isAdministrator { return config.secondFactorRequired }
        return role.isGovernment && config.secondFactorForGovernment
    }
}

import Foundation
import SeedbedDomain
import Vapor

/// Everything the platform reads from its environment, read once at start (`configure`) and reached through
/// `app.config` / `req.config`.
public struct AppConfig: Sendable {
    /// Where the data lives.
    public enum DatabaseLocation: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory(identifier: String)
        case postgres(url: String)

        /// A short description without credentials, for logs and the start-up banner.
        public var redacted: String {
            switch self {
            case .sqliteFile(let path): "sqlite:\(path)"
            case .sqliteMemory: "sqlite (memory)"
            case .postgres(let url):
                if let components = URLComponents(string: url) {
                    "postgres://\(components.host ?? "?"):\(components.port ?? 5432)\(components.path)"
                } else {
                    "postgres"
                }
            }
        }

        public var isPostgres: Bool {
            if case .postgres = self { return true }
            return false
        }
    }

    public var database: DatabaseLocation
    /// Login captcha; `SEEDBED_CAPTCHA=off` switches it off for automated tests and SSO front-ends.
    public var captchaEnabled: Bool
    /// Failed logins for one account within `lockWindow` that lock it.
    public var accountLockThreshold: Int
    /// Failed logins from one IP address within `lockWindow` that lock it.
    public var ipLockThreshold: Int
    public var lockWindow: TimeInterval
    public var lockDuration: TimeInterval
    public var passwordPolicy: PasswordPolicy
    public var sessionIdleTimeout: TimeInterval
    /// Days audit entries are kept; never below 180, however it is set.
    public var auditRetentionDays: Int {
        get { storedAuditRetentionDays }
        set { storedAuditRetentionDays = max(Self.minimumAuditRetentionDays, newValue) }
    }
    private var storedAuditRetentionDays: Int = 180
    public var bcryptCost: Int
    /// Take the client address from `X-Forwarded-For` and the scheme from `X-Forwarded-Proto` (behind a trusted
    /// reverse proxy only).
    public var trustProxyHeaders: Bool
    /// Mark cookies `Secure` even when the request does not look like TLS (TLS terminated elsewhere).
    public var forceSecureCookies: Bool
    /// Demo mode: demo accounts with the published demo password exist only in this mode.
    public var demo: Bool
    public var demoEnterprises: Int
    /// Captcha lifetime.
    public var captchaLifetime: TimeInterval
    /// Lifetime and tries of a password-reset SMS code.
    public var resetCodeLifetime: TimeInterval
    public var resetCodeMaxAttempts: Int
    /// Anonymous forms (找回密码, 企业注册) one address may post within an hour: they send texts and create
    /// accounts, so nobody may run them in a loop.
    public var anonymousFormsPerHour = 10
    /// Where uploaded and generated files are kept.
    public enum FileStoreLocation: Sendable, Equatable {
        case directory(String)
        case database
    }

    public var fileStore: FileStoreLocation = .directory("data/files")
    /// Node-local directory where the overview snapshot is kept between restarts (`SEEDBED_CACHE_DIR`, `off` for
    /// none), so a restart answers 企业总览 at once instead of rebuilding from rows. Nil (no cache) unless read
    /// from the environment, whose default is `data/cache`; an in-memory SQLite database never uses one.
    public var snapshotCacheDirectory: String?
    /// Largest upload (import workbooks, documents) in bytes.
    public var uploadMaxBytes: Int
    /// Largest document attached to a filing (licence, proof), as at registration.
    public var filingFileMaxBytes = 20 * 1024 * 1024
    /// Rows up to which 导出 Excel answers with the file at once; a larger export runs as a background job with a
    /// progress bar (`SEEDBED_EXPORT_DIRECT_ROWS`; 0 sends every export to a job).
    public var exportDirectRows = 10_000
    /// How long a request waits for a database connection before it is refused with 503 (系统繁忙). A burst larger
    /// than the pool queues; past this wait the server sheds the load instead of answering ever later.
    public var databasePoolTimeout: TimeInterval = 10
    /// The enterprise overview's list line and score bands (`SEEDBED_OVERVIEW_MIN_SCORE`, `SEEDBED_SCORE_BANDS`).
    public var overview = OverviewSettings()
    /// `/metrics` access, drain on SIGTERM, JSON logs and the public page cache (`SEEDBED_METRICS_TOKEN`,
    /// `SEEDBED_DRAIN_SECONDS`, `SEEDBED_LOG_FORMAT`, `SEEDBED_PUBLIC_CACHE*`).
    public var observability = ObservabilitySettings()
    /// The three administrator roles confirm signing in with a one-time code (`SEEDBED_2FA`). Unset, it is on,
    /// except in demo mode, where a newcomer must be able to try the demo administrator at once.
    public var secondFactorRequired: Bool {
        get { secondFactorSetting ?? !demo }
        set { secondFactorSetting = newValue }
    }
    private var secondFactorSetting: Bool?
    /// Government accounts (national to incubator) too need the one-time code (`SEEDBED_2FA_GOVERNMENT`).
    public var secondFactorForGovernment = false
    /// The key personal data is encrypted with (`SEEDBED_DATA_KEY` or `SEEDBED_DATA_KEY_FILE`).
    public var dataKey: DataKeySource = .unset
    /// Months before a recognition's end date from which 认定到期 reminders go out and 复核 opens
    /// (`SEEDBED_RECOGNITION_REMINDER_MONTHS`, 0–36).
    public var recognitionReminderMonths = RecognitionTerm.defaultLeadMonths

    public static let minimumAuditRetentionDays = 180

    public init(
        database: DatabaseLocation = .sqliteFile(path: "data/seedbed.sqlite"),
        captchaEnabled: Bool = true,
        accountLockThreshold: Int = 5,
        ipLockThreshold: Int = 20,
        lockWindow: TimeInterval = 15 * 60,
        lockDuration: TimeInterval = 15 * 60,
        passwordPolicy: PasswordPolicy = PasswordPolicy(),
        sessionIdleTimeout: TimeInterval = 30 * 60,
        auditRetentionDays: Int = 180,
        bcryptCost: Int = 11,
        trustProxyHeaders: Bool = false,
        forceSecureCookies: Bool = false,
        demo: Bool = false,
        demoEnterprises: Int = 3000,
        captchaLifetime: TimeInterval = 120,
        resetCodeLifetime: TimeInterval = 300,
        resetCodeMaxAttempts: Int = 5,
        uploadMaxBytes: Int = 64 * 1024 * 1024
    ) {
        self.database = database
        self.captchaEnabled = captchaEnabled
        self.accountLockThreshold = accountLockThreshold
        self.ipLockThreshold = ipLockThreshold
        self.lockWindow = lockWindow
        self.lockDuration = lockDuration
        self.passwordPolicy = passwordPolicy
        self.sessionIdleTimeout = sessionIdleTimeout
        self.storedAuditRetentionDays = max(Self.minimumAuditRetentionDays, auditRetentionDays)
        self.bcryptCost = bcryptCost
        self.trustProxyHeaders = trustProxyHeaders
        self.forceSecureCookies = forceSecureCookies
        self.demo = demo
        self.demoEnterprises = demoEnterprises
        self.captchaLifetime = captchaLifetime
        self.resetCodeLifetime = resetCodeLifetime
        self.resetCodeMaxAttempts = resetCodeMaxAttempts
        self.uploadMaxBytes = uploadMaxBytes
    }

    /// Reads the configuration from environment variables; a malformed value is an error naming the variable,
    /// so a typo never silently falls back to a default.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var config = AppConfig()
        if let url = env["DATABASE_URL"], !url.isEmpty {
            config.database = try parseDatabaseURL(url)
        }
        if let captcha = env["SEEDBED_CAPTCHA"] {
            switch captcha.lowercased() {
            case "off", "0", "false", "no": config.captchaEnabled = false
            case "on", "1", "true", "yes", "": config.captchaEnabled = true
            default: throw ConfigError.invalid("SEEDBED_CAPTCHA", captcha)
            }
        }
        func int(_ name: String, _ apply: (Int) -> Void) throws {
            guard let raw = env[name], !raw.isEmpty else { return }
            guard let value = InputNumber.integer(raw, in: 0...100_000_000) else { throw ConfigError.invalid(name, raw) }
            apply(value)
        }
        try int("SEEDBED_LOCK_ACCOUNT_ATTEMPTS") { config.accountLockThreshold = max(1, $0) }
        try int("SEEDBED_LOCK_IP_ATTEMPTS") { config.ipLockThreshold = max(1, $0) }
        try int("SEEDBED_LOCK_WINDOW_MINUTES") { config.lockWindow = Double(max(1, $0)) * 60 }
        try int("SEEDBED_LOCK_MINUTES") { config.lockDuration = Double(max(1, $0)) * 60 }
        try int("SEEDBED_PASSWORD_MAX_AGE_DAYS") { config.passwordPolicy.maximumAgeDays = $0 }
        try int("SEEDBED_SESSION_IDLE_MINUTES") { config.sessionIdleTimeout = Double(max(1, $0)) * 60 }
        try int("SEEDBED_AUDIT_RETENTION_DAYS") { config.auditRetentionDays = $0 }
        try int("SEEDBED_BCRYPT_COST") { config.bcryptCost = min(16, max(4, $0)) }
        try int("SEEDBED_DEMO_ENTERPRISES") { config.demoEnterprises = $0 }
        try int("SEEDBED_EXPORT_DIRECT_ROWS") { config.exportDirectRows = $0 }
        try int("SEEDBED_DB_POOL_TIMEOUT_SECONDS") { config.databasePoolTimeout = Double(min(600, max(1, $0))) }
        try int("SEEDBED_RECOGNITION_REMINDER_MONTHS") { config.recognitionReminderMonths = min($0, 36) }
        config.observability = try ObservabilitySettings.fromEnvironment(env)
        switch env["SEEDBED_CACHE_DIR"] {
        case .none, "": config.snapshotCacheDirectory = "data/cache"
        case .some(let value) where ["off", "none", "0"].contains(value.lowercased()): config.snapshotCacheDirectory = nil
        case .some(let value): config.snapshotCacheDirectory = value
        }
        if let store = env["SEEDBED_FILE_STORE"], !store.isEmpty {
            config.fileStore = store == "database" ? .database : .directory(store)
        }
        if let raw = env["SEEDBED_OVERVIEW_MIN_SCORE"], !raw.isEmpty {
            guard let value = Double(raw), value.isFinite, value >= 0 else {
                throw ConfigError.invalid("SEEDBED_OVERVIEW_MIN_SCORE", raw)
            }
            config.overview.listMinScore = value
        }
        if let raw = env["SEEDBED_SCORE_BANDS"], !raw.isEmpty {
            let bounds = raw.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            let values = bounds.compactMap { $0 }
            guard values.count == bounds.count, TierScale.areValidBands(values) else {
                throw ConfigError.invalid("SEEDBED_SCORE_BANDS", raw)
            }
            config.overview.scoreBands = values
        }
        if let key = env["SEEDBED_DATA_KEY"], !key.isEmpty {
            config.dataKey = .base64(key)
        } else if let path = env["SEEDBED_DATA_KEY_FILE"], !path.isEmpty {
            config.dataKey = .file(path)
        }
        for (name, apply) in [("SEEDBED_2FA", { (on: Bool) in config.secondFactorRequired = on }),
                              ("SEEDBED_2FA_GOVERNMENT", { (on: Bool) in config.secondFactorForGovernment = on })] {
            guard let raw = env[name], !raw.isEmpty else { continue }
            switch raw.lowercased() {
            case "on", "1", "true", "yes": apply(true)
            case "off", "0", "false", "no": apply(false)
            default: throw ConfigError.invalid(name, raw)
            }
        }
        config.trustProxyHeaders = flag(env["SEEDBED_TRUST_PROXY"])
        config.forceSecureCookies = flag(env["SEEDBED_SECURE_COOKIES"])
        return config
    }

    private static func flag(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }

    /// `sqlite:PATH`, `sqlite::memory:` or `postgres://…` / `postgresql://…`.
    public static func parseDatabaseURL(_ url: String) throws -> DatabaseLocation {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return .postgres(url: url)
        }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            if path == ":memory:" || path == "memory" { return .sqliteMemory(identifier: UUID().uuidString) }
            guard !path.isEmpty else { throw ConfigError.invalid("DATABASE_URL", url) }
            return .sqliteFile(path: path)
        }
        throw ConfigError.invalid("DATABASE_URL", url)
    }
}

/// A configuration value that cannot be used.
public enum ConfigError: Error, CustomStringConvertible {
    case invalid(String, String)

    public var description: String {
        switch self {
        case .invalid(let name, let value): "环境变量 \(name) 的值“\(value)”无效"
        }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration read at start.
    public var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    /// The configuration read at start, with the security administrator's password and lock policy over it
    /// (`SecurityPolicyMiddleware`).
    public var config: AppConfig { storage[EffectiveConfigKey.self] ?? application.config }
}

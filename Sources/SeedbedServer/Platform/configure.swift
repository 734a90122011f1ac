import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SeedbedDomain
import Vapor

/// Wires the application: database, migrations, middleware, routes and commands. Reads nothing from the
/// environment itself: `config` was read once by the caller.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    app.clock = AppClock()
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.dummyPasswordHash = try Bcrypt.hash(RandomToken.make(), cost: config.bcryptCost)
    app.routes.defaultMaxBodySize = "2mb"
    app.http.server.configuration.serverName = nil

    // The blocking work — SQLite statements, file reads — runs on the application's own thread pool, not the
    // process-wide one of one thread per core: on two cores, two SQLite statements waiting on a lock held the whole
    // shared pool, so every other statement (of this app, and of every other app in the test process) stalled
    // behind them until the connection pool's wait ran out (a 5-minute freeze in the fresh-clone CI run).
    app.threadPool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 4))
    try configureDatabase(app, config.database, poolTimeout: config.databasePoolTimeout)
    // A configured key is checked now; without one, the command settles it once `--demo` is known.
    if config.dataKey != .unset || config.demo { try app.preparePersonalDataKey() }
    addMigrations(app)

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    // Anonymous public pages from rendered bytes: a kept page is answered here, with the headers it was rendered
    // with; anything else goes through the whole chain below.
    app.middleware.use(PublicPageCacheMiddleware())
    app.middleware.use(SeedbedErrorMiddleware(environment: app.environment))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(SecurityPolicyMiddleware())
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(FlashClearingMiddleware())
    app.lifecycle.use(JobWorkerLifecycle())

    app.smsGateway = OutboxSMSGateway(keyring: app.personalDataKeyring)
    app.emailGateway = OutboxEmailGateway(keyring: app.personalDataKeyring)
    app.secretStore = SecretStore()
    app.securityPolicies = SecurityPolicyStore()
    app.dashboard = DashboardStore(settings: config.overview, cache: SnapshotCache.configured(config), logger: app.logger)
    app.listCounts = ListCounts()
    app.fragments = RenderedFragments()
    app.overviewResults = KeptValues()
    app.publicPageCache = PublicPageCache(settings: config.observability)
    // Vapor reports every request through swift-metrics; /metrics renders it (once per process, however many apps).
    PrometheusMetrics.bootstrap()
    app.jobs = JobRunner()
    app.jobs.register(ExportJob())
    app.jobs.register(ImportValidationJob())
    app.jobs.register(ImportCommitJob())
    app.jobs.register(ScoringRunJob())
    app.jobs.register(SchemeTrialJob())
    app.jobs.register(CreditRatingJob())
    switch config.fileStore {
    case .database: app.fileStore = DatabaseFileStore()
    case .directory(let path): app.fileStore = DirectoryFileStore(root: URL(fileURLWithPath: path))
    }
    try routes(app)
    registerCommands(app)
    try app.requireServices()

    if !config.captchaEnabled {
        app.logger.warning("登录验证码已关闭（SEEDBED_CAPTCHA=off）：仅用于自动化测试或前置统一身份认证的部署")
    }
}

func configureDatabase(_ app: Application, _ location: AppConfig.DatabaseLocation, poolTimeout: TimeInterval = 10) throws {
    let timeout = TimeAmount.milliseconds(Int64(min(600, max(1, poolTimeout)) * 1000))
    switch location {
    case .sqliteFile(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        app.databases.use(.sqlite(SQLiteConfiguration(storage: .file(path: path)), connectionPoolTimeout: timeout,
                                  sqlLogLevel: .trace), as: .sqlite)
    case .sqliteMemory(let identifier):
        app.databases.use(.sqlite(SQLiteConfiguration(storage: .memory(identifier: identifier)),
                                  connectionPoolTimeout: timeout, sqlLogLevel: .trace), as: .sqlite)
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        if !url.contains("sslmode=") { postgres.coreConfiguration.tls = .disable }
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4,
                                    connectionPoolTimeout: timeout, sqlLogLevel: .trace), as: .psql)
    }
}

/// Every migration, in order. Append only: a shipped migration is never edited.
func addMigrations(_ app: Application) {
    app.migrations.add(CreateSettings())
    app.migrations.add(CreateOrganizations())
    app.migrations.add(SeedRegionalOrganizations())
    app.migrations.add(CreateEnterprises())
    app.migrations.add(CreateUsers())
    app.migrations.add(CreatePasswordHistory())
    app.migrations.add(CreateSessions())
    app.migrations.add(CreateLoginAttempts())
    app.migrations.add(CreateLoginLocks())
    app.migrations.add(CreateCaptchas())
    app.migrations.add(CreatePasswordResets())
    app.migrations.add(CreateAPITokens())
    app.migrations.add(CreateAuditLog())
    app.migrations.add(CreateSMSOutbox())
    app.migrations.add(CreateFiles())
    app.migrations.add(CreateJobs())
    app.migrations.add(CreateImportBatches())
    app.migrations.add(CreateFilings())
    app.migrations.add(CreateEnterpriseFacts())
    app.migrations.add(CreateProducts())
    app.migrations.add(CreateRegistryData())
    app.migrations.add(CreateRecognitions())
    app.migrations.add(CreatePoints())
    app.migrations.add(SeedDefaultScheme())
    app.migrations.add(CreatePointsFiling())
    app.migrations.add(CreateArticles())
    app.migrations.add(CreateRateLimits())
    app.migrations.add(CreateSecondFactors())
    app.migrations.add(AddSealedPhones())
    app.migrations.add(SealPlainPhones(keyring: app.personalDataKeyring))
    app.migrations.add(AddSMSCodeHash())
    app.migrations.add(MaskSMSOutbox())
    app.migrations.add(AddReviewDecisionIP())
    app.migrations.add(CreateQualificationRecords())
    app.migrations.add(CreateQuestionnaires())
    app.migrations.add(SeedStandardQuestionnaires())
    app.migrations.add(CreateDigitalAssessments())
    app.migrations.add(AddRecognitionStatus())
    app.migrations.add(CreateApplicationWindows())
    app.migrations.add(CreateApplicationEvidence())
    app.migrations.add(AddMessageUnreadIndex())
    app.migrations.add(AddArticleLevels())
    app.migrations.add(CreateAccountChanges())
    app.migrations.add(CreateIPRecords())
    app.migrations.add(CreatePolicyMatching())
    app.migrations.add(CreateFinance())
    app.migrations.add(CreateCreditRatings())
    app.migrations.add(CreateInnovationVouchers())
    app.migrations.add(CreateTodos())
    app.migrations.add(AddEnterpriseListIndexes())
    app.migrations.add(WidenScoreResultOrderIndex())
    app.migrations.add(DropRedundantEnterpriseIndexes())
    app.migrations.add(DropRedundantMessageIndex())
    app.migrations.add(PartitionScoreResults())
    app.migrations.add(ChunkScoreBreakdowns())
}

func registerCommands(_ app: Application) {
    app.asyncCommands.use(SeedbedServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(InstitutionCommand(), as: "institution")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.asyncCommands.use(ScoreCommand(), as: "score")
    app.asyncCommands.use(KeyCommand(), as: "key")
    app.asyncCommands.use(CultivationCommand(), as: "cultivation")
    app.asyncCommands.use(CreditRatingCommand(), as: "credit-rating")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
}

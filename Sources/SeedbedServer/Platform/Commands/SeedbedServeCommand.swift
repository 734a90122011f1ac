import Fluent
import SQLKit
import Vapor

/// `seedbed serve [--hostname H] [--port P] [--demo]`: migrates the database, loads demo data on an empty
/// database in demo mode, prints where the platform is and who can sign in, then serves.
struct SeedbedServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "监听地址（默认 127.0.0.1）")
        var hostname: String?
        @Option(name: "port", short: "p", help: "监听端口（默认 8080）")
        var port: Int?
        @Flag(name: "demo", help: "演示模式：空数据库时载入演示数据，启用演示账号（密码 Demo@2026）")
        var demo: Bool
    }

    var help: String { "启动平台（首次启动自动建表）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.demo { app.config.demo = true }
        // Without a data key the platform would store phones it cannot protect: refuse to start (demo mode makes one).
        try app.preparePersonalDataKey()
        try await Maintenance.migrate(app)
        if app.config.demo {
            try await DemoCommand.loadIfEmpty(app, console: context.console)
        }
        let host = signature.hostname ?? "127.0.0.1"
        let port = signature.port ?? 8080
        context.console.print("")
        context.console.print("科技企业创新积分与梯度培育平台已启动：http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/")
        context.console.print("数据库：\(app.config.database.redacted)")
        if app.config.demo {
            context.console.print("演示账号（密码均为 \(DemoAccounts.password)，仅演示模式可用）：")
            for account in DemoAccounts.all {
                context.console.print("  \(account.account.padding(toLength: 10, withPad: " ", startingAt: 0)) \(account.role.label) · \(account.description)")
            }
        } else if try await User.query(on: app.db).count() == 0 {
            context.console.print("尚无任何账号：请运行 `seedbed user create-admin` 创建平台管理员。")
        }
        if !app.config.captchaEnabled {
            context.console.print("注意：登录验证码已关闭（SEEDBED_CAPTCHA=off）。")
        }
        if !app.config.secondFactorRequired {
            context.console.print("注意：管理员登录不要求动态口令（演示模式默认如此；SEEDBED_2FA=on 可开启）。")
        }
        Maintenance.start(app)
        RecognitionExpiry.start(app)
        app.jobs.start(app)
        // The overview's snapshot of a million enterprises takes seconds: restore or build it while the server
        // starts, so the first user to open 企业总览 does not wait for it (a request arriving earlier joins the same
        // build). Then the library pages' base (24 s at 1 M in release), so the first 培育库 page does not wait.
        let (store, libraries, db, logger) = (app.dashboard, app.libraries, app.db, app.logger)
        Task {
            // The snapshot and the library pages' base this node wrote before it stopped answer at once (read side
            // by side); a build or load runs only when the data moved on since (the old one is served meanwhile)
            // or there is none.
            async let librariesRestored = libraries.restore(on: db)
            do {
                if await !store.restore(on: db) { try await store.rebuild(on: db) }
            } catch {
                logger.warning("overview snapshot not built at start: \(String(reflecting: error))")
            }
            _ = await librariesRestored
            do {
                try await libraries.warm(on: db)
            } catch {
                logger.warning("library data not loaded at start: \(String(reflecting: error))")
            }
        }
        // Vapor's own serve command does the serving; its input is the executable name and the flags.
        let input = ["seedbed", "--hostname", host, "--port", String(port)]
        var serveContext = CommandContext(console: context.console, input: CommandInput(arguments: input))
        serveContext.application = app
        try await app.servers.asyncCommand.run(using: &serveContext)
        // SIGTERM drains (/readyz 503 for SEEDBED_DRAIN_SECONDS) before the listener closes; see GracefulDrain.
        GracefulDrain.install(app, drainSeconds: app.config.observability.drainSeconds)
    }
}

/// Periodic housekeeping: expired captchas, sessions and reset codes, import batches nobody confirmed, and the
/// audit retention sweep.
package enum Maintenance {
    /// SQLite: write-ahead logging lets readers and the writer work at once.
    package static func prepareDatabase(_ app: Application) async throws {
        guard case .sqliteFile = app.config.database, let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    /// The database ready for `serve`, `demo` and `migrate`: prepared, migrated, and with any foreign keys a bulk
    /// load that died half-way had set aside put back (`ForeignKeySuspension`).
    static func migrate(_ app: Application) async throws {
        try await prepareDatabase(app)
        try await app.autoMigrate()
        try await ForeignKeySuspension.restore(on: app.db)
    }

    static func start(_ app: Application) {
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .minutes(10)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await sweep(app)
                } catch {
                    app.logger.warning("housekeeping failed: \(String(reflecting: error))")
                }
            }
        }
    }

    static func sweep(_ app: Application) async throws {
        let now = app.clock.now()
        let db = app.db
        try await CaptchaChallenge.query(on: db).filter(\.$expiresAt < now).delete()
        try await UserSession.query(on: db).filter(\.$lastSeenAt < now.addingTimeInterval(-app.config.sessionIdleTimeout)).delete()
        try await PasswordResetCode.query(on: db).filter(\.$expiresAt < now.addingTimeInterval(-86_400)).delete()
        try await LoginLock.query(on: db).filter(\.$lockedUntil < now.addingTimeInterval(-86_400)).delete()
        try await AuditLogger.sweep(on: db, retentionDays: app.config.auditRetentionDays, now: now)
        try await Files(app: app, db: db).sweepExpired(now: now)
        try await ImportBatch.settle(on: db, now: now)
        let loginRetention = now.addingTimeInterval(-Double(max(180, app.config.auditRetentionDays)) * 86_400)
        try await LoginAttempt.query(on: db).filter(\.$at < loginRetention).delete()
    }
}

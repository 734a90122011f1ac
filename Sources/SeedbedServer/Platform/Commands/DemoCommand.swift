import Fluent
import SeedbedDomain
import Vapor

/// `seedbed demo --enterprises N [--seed S]`: loads realistic synthetic data (demo organisations, accounts and
/// N enterprises) into the configured database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "enterprises", short: "n", help: "生成的企业数量（默认 3000）")
        var enterprises: Int?
        @Option(name: "seed", help: "随机种子（相同种子生成相同数据）")
        var seed: Int?
    }

    var help: String { "载入演示数据（演示机构、账号与企业）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.enterprises ?? app.config.demoEnterprises
        guard count >= 0, count <= 5_000_000 else {
            context.console.error("企业数量须在 0–5,000,000 之间")
            return
        }
        // Demo data is demo mode's: without a configured key it shares the key file `serve --demo` uses.
        app.config.demo = true
        try app.preparePersonalDataKey()
        try await Maintenance.migrate(app)
        let existing = try await Enterprise.query(on: app.db).count()
        let seed = UInt64(signature.seed ?? (2026 + existing))
        try await load(app, enterprises: count, seed: seed, console: context.console)
    }

    /// Demo mode on an empty database: organisations, accounts and the configured number of enterprises.
    static func loadIfEmpty(_ app: Application, console: any Console) async throws {
        let existing = try await Enterprise.query(on: app.db).count()
        if existing == 0 {
            try await DemoCommand().load(app, enterprises: app.config.demoEnterprises, seed: 2026, console: console)
        } else {
            let loader = DemoDataLoader(database: app.db, logger: app.logger, now: app.clock.now(),
                                        cipher: try app.personalData)
            let zones = try await loader.ensureOrganizations()
            try await loader.ensureAccounts(passwordHash: try await app.password.async.hash(DemoAccounts.password),
                                            zoneIDs: zones)
            try await ContentDemo.ensure(on: app.db, now: app.clock.now())
        }
    }

    /// From this many enterprises into an empty database, the foreign keys of the tables the demo fills are set
    /// aside during the load and validated once at the end (`ForeignKeySuspension`).
    static let suspendForeignKeysFrom = 100_000
    static let bulkTables = [Enterprise.schema, EnterpriseFacts.schema, CreditRatings.schema, EnterpriseMessage.schema]

    private func load(_ app: Application, enterprises count: Int, seed: UInt64, console: any Console) async throws {
        let started = Date()
        let empty = try await Enterprise.query(on: app.db).count() == 0
        let bulk = count >= Self.suspendForeignKeysFrom && empty
        if bulk { try await ForeignKeySuspension.suspend(tables: Self.bulkTables, on: app.db) }
        let inserted: Int
        do {
            inserted = try await fill(app, enterprises: count, seed: seed, console: console, started: started)
        } catch {
            if bulk { _ = try? await ForeignKeySuspension.restore(on: app.db) }
            throw error
        }
        if bulk {
            let begun = Date()
            try await ForeignKeySuspension.restore(on: app.db)
            console.print("  外键校验用时 \(String(format: "%.1f", Date().timeIntervalSince(begun))) 秒")
        }
        let seconds = Date().timeIntervalSince(started)
        console.print("演示数据已载入：新增企业 \(inserted) 家，用时 \(String(format: "%.1f", seconds)) 秒")
    }

    /// Everything the demo loads; returns the enterprises added.
    private func fill(_ app: Application, enterprises count: Int, seed: UInt64, console: any Console,
                      started: Date) async throws -> Int {
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: app.clock.now(),
                                    cipher: try app.personalData)
        let zones = try await loader.ensureOrganizations()
        console.print("正在生成 \(count) 家演示企业……")
        var lastReport = 0
        // Up to 20,000 enterprises get full filing histories; larger loads get facts only (DESIGN: demo keeps
        // working at a million enterprises).
        let withFilings = count <= 20_000
        let inserted = try await loader.loadEnterprises(count: count, seed: seed, zoneIDs: zones, withFacts: !withFilings) { done in
            if done - lastReport >= 100_000 || done == count {
                console.print("  已写入 \(done)/\(count)")
                lastReport = done
            }
        }
        if withFilings {
            console.print("正在生成基本信息、年报与审核记录……")
            try await loader.loadFilings()
        }
        console.print("  企业与事实数据用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒")
        // Each later step says how long it took when that is long enough to matter (at a million enterprises).
        func step(_ label: String, _ body: () async throws -> Void) async throws {
            let begun = Date()
            try await body()
            let seconds = Date().timeIntervalSince(begun)
            if seconds >= 1 { console.print("  \(label)用时 \(String(format: "%.1f", seconds)) 秒") }
        }
        try await step("演示账号") {
            try await loader.ensureAccounts(passwordHash: try await app.password.async.hash(DemoAccounts.password),
                                            zoneIDs: zones)
        }
        try await step("演示积分") { try await DemoScores.publish(app, console: console) }
        try await step("内容") { try await ContentDemo.ensure(on: app.db, now: app.clock.now()) }
        try await step("账号变更") { try await AccountChangeDemo.load(app) }
        try await step("数字化评估") { try await DigitalAssessmentDemo.load(app) }
        try await step("培育申报") { try await ApplicationDemo.load(app) }
        try await step("认定") { try await RecognitionDemo.load(app) }
        try await step("待办") { try await TodoDemo.load(app) }
        try await step("知识产权") { try await IPDemo.load(app) }
        try await step("金融") { try await FinanceDemo.load(app) }
        try await step("政策") { try await PolicyDemo.load(app) }
        try await step("信用评级") { try await CreditRatingDemo.load(app) }
        try await step("创新券") { try await VoucherDemo.load(app) }
        try await DashboardVersion.bump(on: app.db)
        return inserted
    }
}

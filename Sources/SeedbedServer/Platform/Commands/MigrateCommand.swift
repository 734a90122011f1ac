import Fluent
import Vapor

/// `seedbed migrate`: brings the configured database to the current schema, without asking (deployment scripts
/// run it unattended), and says what it did.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "执行数据库迁移（建表与升级，已执行的迁移不会重复执行）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Maintenance.migrate(app)
        context.console.print("数据库迁移完成：\(app.config.database.redacted)")
    }
}

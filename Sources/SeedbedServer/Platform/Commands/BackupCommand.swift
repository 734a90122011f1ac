import Foundation
import Vapor

/// `seedbed backup --to FILE [--verify]`: a consistent copy of the configured database (SQLite `VACUUM INTO`,
/// PostgreSQL `pg_dump --format=custom`) with a manifest of per-table row counts and checksums beside it; `--verify`
/// restores it into a scratch database and compares. `seedbed backup --verify --from FILE` compares the configured
/// database with a backup's manifest, `--verify --against URL` with another database. Exits non-zero on any
/// difference.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "备份文件路径（不会覆盖已有文件；清单写在 <文件>.manifest.json）")
        var to: String?
        @Flag(name: "verify", help: "校验：与 --to 同用时备份后恢复到临时数据库逐表比对；与 --from / --against 同用时比对当前数据库")
        var verify: Bool
        @Option(name: "from", help: "与该备份文件的清单比对当前数据库（例如恢复之后）")
        var from: String?
        @Option(name: "against", help: "与另一个数据库比对当前数据库：sqlite:路径 或 postgres://…")
        var against: String?
    }

    var help: String {
        "备份数据库：backup --to 文件 [--verify]；校验：backup --verify --from 备份文件 | --against 数据库URL"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await exitingOnFailure(context) {
            let app = context.application
            let backup = DatabaseBackup(app: app)
            if let to = signature.to, !to.isEmpty {
                let file = URL(fileURLWithPath: to)
                let manifest = try await backup.backup(to: file)
                let rows = manifest.tables.reduce(0) { $0 + $1.rows }
                context.console.print("已备份 \(app.config.database.redacted) → \(file.path)（\(manifest.tables.count) 张表，\(rows) 行）")
                context.console.print("清单 / manifest: \(BackupManifest.url(for: file).path)")
                guard signature.verify else { return }
                let restored = try await backup.roundTrip(file)
                try report(ChecksumComparison(expected: manifest.tables, actual: restored), context: context,
                           expected: "backup", actual: "restored")
            } else if let from = signature.from, !from.isEmpty {
                let manifest = try BackupManifest.read(beside: URL(fileURLWithPath: from))
                let current = try await TableWalker.checksums(app.db)
                try report(ChecksumComparison(expected: manifest.tables, actual: current), context: context,
                           expected: "backup", actual: "database")
            } else if let against = signature.against, !against.isEmpty {
                let other = try await backup.checksums(of: AppConfig.parseDatabaseURL(against))
                let current = try await TableWalker.checksums(app.db)
                try report(ChecksumComparison(expected: other, actual: current), context: context,
                           expected: "other", actual: "database")
            } else {
                throw BackupError.missing("--to FILE | --verify --from FILE | --verify --against URL")
            }
        }
    }
}

/// `seedbed restore --from FILE [--force]`: replaces the configured database's contents with a backup (stop the
/// nodes first), then compares every table with the backup's manifest and exits non-zero on a difference.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "备份文件路径（须有同名 .manifest.json 清单）")
        var from: String?
        @Flag(name: "force", help: "目标数据库不为空时也覆盖")
        var force: Bool
    }

    var help: String { "从备份文件恢复数据库（目标非空时须加 --force），恢复后逐表校验" }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await exitingOnFailure(context) {
            guard let from = signature.from, !from.isEmpty else { throw BackupError.missing("--from FILE") }
            let app = context.application
            let file = URL(fileURLWithPath: from)
            let manifest = try await DatabaseBackup(app: app).restore(from: file, force: signature.force)
            context.console.print("已恢复 \(file.path) → \(app.config.database.redacted)")
            let restored = try await TableWalker.checksums(app.db)
            try report(ChecksumComparison(expected: manifest.tables, actual: restored), context: context,
                       expected: "backup", actual: "restored")
        }
    }
}

/// Prints the comparison and throws (a non-zero exit) when any table differs.
private func report(_ comparison: ChecksumComparison, context: CommandContext, expected: String, actual: String) throws {
    context.console.print(comparison.render(expectedLabel: expected, actualLabel: actual))
    if comparison.mismatches > 0 { throw BackupError.mismatch(comparison.mismatches) }
}

/// Runs `body`; a failure is printed as it is (Chinese and English) and ends the process with status 1 at once, so
/// a script or cron job sees the failure without a crash report.
private func exitingOnFailure(_ context: CommandContext, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        context.console.error(String(describing: error))
        exit(1)
    }
}

import Foundation
import Logging
import SeedbedBench
import Vapor

// The benchmarks need no configured platform: each command opens what it measures (a temporary SQLite file, the
// PostgreSQL named by `--database`) itself, so nothing here touches `DATABASE_URL` or the data folder.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    try await app.asyncBoot()
    var context = CommandContext(console: app.console, input: app.environment.commandInput)
    context.application = app
    try await app.console.run(BenchCommand(), with: context)
} catch {
    // Usage was printed already for a missing or unknown command; exit without a crash report.
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()

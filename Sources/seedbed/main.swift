import Logging
import SeedbedServer
import Vapor

var environment = try Environment.detect()
// Text logs, or one JSON object per line with SEEDBED_LOG_FORMAT=json.
try SeedbedLogging.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    try await configure(app, config: AppConfig.fromEnvironment())
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()

import Fluent
import SQLKit
import Vapor

/// `GET /healthz`: 200 with the database reachable, 503 otherwise. For load balancers and monitoring.
struct HealthController: RouteCollection {
    struct Health: Content {
        let status: String
        let database: String
        let time: Date
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
    }

    @Sendable func health(req: Request) async throws -> Response {
        var databaseStatus = "ok"
        do {
            guard let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
            _ = try await sql.raw("SELECT 1 AS ok").first()
        } catch {
            databaseStatus = "unavailable"
            req.logger.error("health check: database unavailable: \(String(reflecting: error))")
        }
        let body = Health(status: databaseStatus == "ok" ? "ok" : "degraded", database: databaseStatus, time: req.now)
        let response = Response(status: databaseStatus == "ok" ? .ok : .serviceUnavailable)
        try response.content.encode(body, as: .json)
        return response
    }
}

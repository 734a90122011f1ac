import Fluent
import SQLKit
import Vapor

/// `GET /healthz`: 200 with the database reachable, 503 otherwise — is the process alive (restart it if not).
/// `GET /readyz`: 200 when this node should get traffic — not draining, the database answers and every migration is
/// applied — and 503 with `{"status":"unavailable","reason":…}` otherwise; the proxy's health check (nginx,
/// haproxy) polls this one, so a node that is stopping leaves the rotation before it closes.
struct HealthController: RouteCollection {
    struct Readiness: Content {
        let status: String
        let reason: String?
        let message: String?
        /// The overview snapshot this node holds: `built` or `building` (informative; not a condition).
        let snapshot: String
        let time: Date
    }

    struct Health: Content {
        let status: String
        let database: String
        let time: Date
    }

    /// The operations endpoints: answered without the sign-in, policy or CSRF machinery in front of pages.
    static let probePaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
    }

    @Sendable func ready(req: Request) async throws -> Response {
        let failure = await req.application.readiness.check(req.application)
        let snapshot = await req.application.dashboard.currentSnapshotStatus() == nil ? "building" : "built"
        let body = Readiness(status: failure == nil ? "ready" : "unavailable", reason: failure?.reason.rawValue,
                             message: failure?.detail, snapshot: snapshot, time: req.now)
        let response = Response(status: failure == nil ? .ok : .serviceUnavailable)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        try response.content.encode(body, as: .json)
        return response
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

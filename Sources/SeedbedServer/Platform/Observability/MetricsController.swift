import Fluent
import Foundation
import NIOCore
import Prometheus
import SQLKit
import Vapor

/// `GET /metrics`: Prometheus text format. The request counters and latency histograms are Vapor's own, per route
/// pattern and status class, kept in the process's registry (`PrometheusMetrics`); the node's state (job queue,
/// dashboard snapshot, content version, database, draining) is read at scrape time into a registry of its own, so
/// each scrape shows this application's values. Nothing personal is ever a label: routes are patterns, never
/// addresses, and no account, enterprise or address appears.
///
/// Who may read it: a caller on the loopback interface that did not come through a proxy (no `X-Forwarded-For`,
/// `Forwarded` or `X-Real-IP`), or anybody presenting `Authorization: Bearer <SEEDBED_METRICS_TOKEN>`.
struct MetricsController: RouteCollection {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: metrics)
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        guard Self.mayRead(req, token: req.application.config.observability.metricsToken) else {
            var headers = HTTPHeaders()
            headers.contentType = .plainText
            headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            return Response(status: .unauthorized, headers: headers,
                            body: .init(string: "metrics: loopback or Authorization: Bearer <SEEDBED_METRICS_TOKEN>\n"))
        }
        var bytes = PrometheusMetrics.registry.emitToBuffer()
        let node = PrometheusCollectorRegistry()
        await NodeGauges.collect(into: node, app: req.application, now: Date())
        node.emit(into: &bytes)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: Self.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }

    /// Loopback without a proxy in between, or the configured bearer token (compared in constant time).
    static func mayRead(_ req: Request, token: String?) -> Bool {
        if let token, let presented = req.headers.bearerAuthorization?.token {
            return CSRFMiddleware.constantTimeEquals(presented, token)
        }
        let proxied = ["X-Forwarded-For", "Forwarded", "X-Real-IP"].contains { req.headers.contains(name: $0) }
        guard !proxied, let peer = req.remoteAddress else { return false }
        return isLoopback(peer)
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .unixDomainSocket: return true
        case .v4: return address.ipAddress?.hasPrefix("127.") ?? false
        case .v6:
            guard let ip = address.ipAddress?.lowercased() else { return false }
            return ip == "::1" || ip.hasPrefix("::ffff:127.")
        }
    }
}

/// The node's state as gauges, read at scrape time.
enum NodeGauges {
    static func collect(into registry: PrometheusCollectorRegistry, app: Application, now: Date) async {
        let draining = app.readiness.isDraining
        gauge(registry, "seedbed_draining", help: "1 while this node drains before stopping")
            .set(to: draining ? 1 : 0)

        let started = DispatchTime.now().uptimeNanoseconds
        var databaseUp = false
        if let sql = app.db as? any SQLDatabase, (try? await sql.raw("SELECT 1 AS ok").first()) != nil {
            databaseUp = true
        }
        gauge(registry, "seedbed_database_up", help: "1 when the database answered SELECT 1 during this scrape")
            .set(to: databaseUp ? 1 : 0)
        gauge(registry, "seedbed_database_ping_seconds", help: "Round trip of SELECT 1 during this scrape")
            .set(to: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        if databaseUp {
            await jobs(into: registry, db: app.db, now: now)
            if let version = try? await ContentVersion.current(on: app.db) {
                gauge(registry, "seedbed_content_version", help: "Stored version of the public content")
                    .set(to: Double(version))
            }
            if let version = try? await DashboardVersion.current(on: app.db) {
                gauge(registry, "seedbed_dashboard_version_stored",
                      help: "Data version stored in the database (settings.dashboard_version)")
                    .set(to: Double(version))
            }
        }
        if let snapshot = await app.dashboard.currentSnapshotStatus() {
            gauge(registry, "seedbed_dashboard_snapshot_version",
                  help: "Data version of the overview snapshot this node holds")
                .set(to: Double(snapshot.version))
            gauge(registry, "seedbed_dashboard_snapshot_age_seconds",
                  help: "Seconds since this node's overview snapshot was built")
                .set(to: max(0, now.timeIntervalSince(snapshot.builtAt)))
        }
        let cache = app.publicPageCache.statistics()
        gauge(registry, "seedbed_public_cache_entries", help: "Rendered public pages held by this node")
            .set(to: Double(cache.entries))
        gauge(registry, "seedbed_public_cache_bytes", help: "Bytes of rendered public pages held (plain and gzip)")
            .set(to: Double(cache.bytes))
        let counts = [("seedbed_public_cache_hits_total", cache.hits, "Public pages answered from the cache"),
                      ("seedbed_public_cache_misses_total", cache.misses, "Public pages rendered for the cache")]
        for (name, value, help) in counts {
            registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help))
                .increment(by: Int64(value))
        }
    }

    /// A gauge named as given (no unit suffix added), with its HELP line.
    private static func gauge(_ registry: PrometheusCollectorRegistry, _ name: String,
                              labels: [(String, String)] = [], help: String) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help),
                           labels: labels)
    }

    private static func jobs(into registry: PrometheusCollectorRegistry, db: any Database, now: Date) async {
        for status in [JobStatus.queued, .running] {
            guard let count = try? await Job.query(on: db).filter(\.$status == status).count() else { continue }
            gauge(registry, "seedbed_jobs", labels: [("status", status.rawValue)],
                  help: "Jobs in the shared queue by status")
                .set(to: Double(count))
        }
        let oldest = try? await Job.query(on: db).filter(\.$status == .queued).sort(\.$id).first()
        gauge(registry, "seedbed_jobs_oldest_queued_age_seconds",
              help: "Seconds the oldest queued job has waited (0 with an empty queue)")
            .set(to: oldest.map { max(0, now.timeIntervalSince($0.createdAt)) } ?? 0)
    }
}

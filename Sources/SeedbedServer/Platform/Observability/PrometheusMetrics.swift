import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The process's swift-metrics backend: one Prometheus registry, bootstrapped once however many `Application`s
/// the process makes (the tests make hundreds; `MetricsSystem.bootstrap` may run only once). Vapor reports every
/// request through swift-metrics (`http_requests_total`, `http_request_errors_total`,
/// `http_request_duration_seconds`, labelled with the route's pattern such as `/enterprises/:id` and
/// `vapor_route_undefined` for addresses without a route), so the label set stays bounded whatever is asked.
enum PrometheusMetrics {
    /// The registry behind `MetricsSystem`; reading it bootstraps the system the first time (a static `let` is
    /// initialised exactly once, thread-safely).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = sanitize
        factory.defaultDurationHistogramBuckets = latencyBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Request latency buckets, 1 ms to 10 s (the page targets are stated at 200 ms).
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Makes sure the backend is in place (called from `configure`, before the first request).
    static func bootstrap() {
        _ = registry
    }

    /// Vapor labels requests with the exact status code; the class (`2xx` … `5xx`) is what an alert needs, and it
    /// keeps the series per route at five.
    @Sendable static func sanitize(_ name: String, _ labels: [(String, String)]) -> (String, [(String, String)]) {
        guard name.hasPrefix("http_request") else { return (name, labels) }
        return (name, labels.map { label in
            guard label.0 == "status" else { return label }
            return (label.0, statusClass(label.1))
        })
    }

    static func statusClass(_ code: String) -> String {
        guard let first = code.first, code.count == 3, ("1"..."5").contains(first) else { return "other" }
        return "\(first)xx"
    }
}

import Foundation
import SeedbedDomain

/// Operations settings, read once at start with the rest of `AppConfig`: who may read `/metrics`, how long a
/// stopping node keeps answering while the load balancer notices `/readyz` is 503, the log format, and the
/// public page cache.
public struct ObservabilitySettings: Sendable, Equatable {
    /// A bearer token that lets a remote scraper read `/metrics` (`SEEDBED_METRICS_TOKEN`). Without one, only a
    /// caller on the loopback interface that did not come through a proxy may read it.
    public var metricsToken: String?
    /// Seconds between SIGTERM and closing the listener (`SEEDBED_DRAIN_SECONDS`, default 5): `/readyz` answers
    /// 503 meanwhile, so the proxy stops sending new requests; requests in flight then finish before the exit.
    public var drainSeconds: Int = 5
    /// One JSON object per log line instead of text (`SEEDBED_LOG_FORMAT=json`).
    public var jsonLogs = false
    /// Anonymous public pages answered from rendered bytes (`SEEDBED_PUBLIC_CACHE=off` renders every request).
    public var publicCacheEnabled = true
    /// How often a node asks the database whether the content version moved
    /// (`SEEDBED_PUBLIC_CACHE_CHECK_SECONDS`).
    public var publicCacheCheckInterval: TimeInterval = 2
    /// A cached page older than this is rendered again even without a version change: pages that also show data
    /// edited outside the content pages (`SEEDBED_PUBLIC_CACHE_MAX_AGE_SECONDS`).
    public var publicCacheMaximumAge: TimeInterval = 60

    public init() {}

    /// Reads the settings; a malformed value is an error naming the variable.
    static func fromEnvironment(_ env: [String: String]) throws -> ObservabilitySettings {
        var settings = ObservabilitySettings()
        if let token = env["SEEDBED_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 16 else {
                throw ConfigError.invalid("SEEDBED_METRICS_TOKEN", "（至少 16 个字符）")
            }
            settings.metricsToken = token
        }
        func seconds(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let raw = env[name], !raw.isEmpty else { return nil }
            guard let value = InputNumber.integer(raw, in: range) else { throw ConfigError.invalid(name, raw) }
            return value
        }
        if let value = try seconds("SEEDBED_DRAIN_SECONDS", in: 0...600) { settings.drainSeconds = value }
        if let value = try seconds("SEEDBED_PUBLIC_CACHE_CHECK_SECONDS", in: 0...3600) {
            settings.publicCacheCheckInterval = TimeInterval(value)
        }
        if let value = try seconds("SEEDBED_PUBLIC_CACHE_MAX_AGE_SECONDS", in: 1...86_400) {
            settings.publicCacheMaximumAge = TimeInterval(value)
        }
        if let raw = env["SEEDBED_LOG_FORMAT"], !raw.isEmpty {
            switch raw.lowercased() {
            case "json": settings.jsonLogs = true
            case "text": settings.jsonLogs = false
            default: throw ConfigError.invalid("SEEDBED_LOG_FORMAT", raw)
            }
        }
        if let raw = env["SEEDBED_PUBLIC_CACHE"], !raw.isEmpty {
            switch raw.lowercased() {
            case "on", "1", "true", "yes": settings.publicCacheEnabled = true
            case "off", "0", "false", "no": settings.publicCacheEnabled = false
            default: throw ConfigError.invalid("SEEDBED_PUBLIC_CACHE", raw)
            }
        }
        return settings
    }
}

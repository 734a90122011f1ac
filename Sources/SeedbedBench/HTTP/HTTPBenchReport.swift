import Foundation
import SeedbedDomain

/// What `seedbed-bench http` prints: one line per (page, role) with latency percentiles, throughput and errors,
/// then one summary line. Pure values, so the shape of the lines is tested without a server.
enum HTTPBenchReport {
    /// The latency percentile of `sorted` (ascending, milliseconds) by nearest rank: the smallest value with at
    /// least `p` % of the samples at or below it. NaN for no samples.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty, p.isFinite else { return .nan }
        let rank = Int((min(max(p, 0), 100) / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// One (page, role) of the mix after the run.
    struct PageLine: Sendable, Hashable {
        var page: String
        var path: String
        var role: String
        var account: String
        /// Latency of every answered request, milliseconds, in any order.
        var latencies: [Double]
        /// Requests that failed: a status other than 200, a dropped connection, a timeout.
        var errors: Int
        /// How long the mix ran, seconds (every page shares the same connections for the same time).
        var seconds: Double

        var jsonLine: String {
            let sorted = latencies.sorted()
            return JSONLine([
                ("page", .text(page)), ("role", .text(role)),
                ("p50_ms", .number(HTTPBenchReport.percentile(sorted, 50), digits: 1)),
                ("p95_ms", .number(HTTPBenchReport.percentile(sorted, 95), digits: 1)),
                ("p99_ms", .number(HTTPBenchReport.percentile(sorted, 99), digits: 1)),
                ("rps", .number(seconds > 0 ? Double(latencies.count) / seconds : .nan, digits: 1)),
                ("errors", .integer(errors)),
                ("requests", .integer(latencies.count + errors)), ("path", .text(path)), ("account", .text(account)),
            ]).text
        }
    }

    /// The closing line: the server's memory, how long until 企业总览 answered, and the public home beside nginx.
    struct Summary: Sendable, Hashable {
        /// The server's resident memory at the end (VmRSS), MB.
        var rssMB: Double
        /// The server's peak resident memory (VmHWM), MB.
        var peakRSSMB: Double
        /// From spawning the restarted server until 企业总览 answered.
        var coldStartSeconds: Double
        /// The same for the run's first start, with no snapshot file yet.
        var firstStartSeconds: Double? = nil
        /// From spawning the restarted server until a national library page answered too.
        var fullServiceSeconds: Double? = nil
        var homeRPS: Double
        /// nil where nginx is not installed (or did not start).
        var nginxRPS: Double?
        var enterprises: Int
        var connections: Int
        var seconds: Double

        var jsonLine: String {
            let ratio: Double = nginxRPS.map { $0 > 0 ? homeRPS / $0 : .nan } ?? .nan
            return JSONLine([
                ("rss_mb", .number(rssMB, digits: 1)), ("cold_start_seconds", .number(coldStartSeconds, digits: 2)),
                ("home_rps", .number(homeRPS, digits: 1)), ("nginx_rps", .number(nginxRPS ?? .nan, digits: 1)),
                ("home_vs_nginx", .number(ratio, digits: 3)), ("rss_peak_mb", .number(peakRSSMB, digits: 1)),
                ("first_start_seconds", .number(firstStartSeconds ?? .nan, digits: 2)),
                ("full_service_seconds", .number(fullServiceSeconds ?? .nan, digits: 2)),
                ("enterprises", .integer(enterprises)), ("connections", .integer(connections)),
                ("seconds", .number(seconds, digits: 1)),
            ]).text
        }
    }
}

/// A flat JSON object with its keys in the given order (the figures read left to right as the issue names
/// them). Non-finite numbers are `null`.
struct JSONLine: Sendable {
    enum Value: Sendable {
        case text(String)
        case integer(Int)
        case number(Double, digits: Int)
        case bool(Bool)
    }

    let fields: [(String, Value)]

    init(_ fields: [(String, Value)]) { self.fields = fields }

    var text: String {
        "{" + fields.map { "\(Self.quoted($0.0)):\(Self.render($0.1))" }.joined(separator: ",") + "}"
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case .text(let text): quoted(text)
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number, let digits):
            number.isFinite ? String(format: "%.\(max(0, min(digits, 9)))f", number) : "null"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        JSONText.appendString(text, to: &out)
        return out
    }
}

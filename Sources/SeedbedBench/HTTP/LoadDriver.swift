import Foundation
import NIOCore
import NIOHTTP1

/// The load generator: C connections, each one task sending one request after another for S seconds. Each
/// connection walks the whole mix in order from its own starting point, so every (page, role) gets about as
/// many requests as the others, whatever it costs. A request counts when its whole response has arrived:
/// its latency when the status is 200, an error otherwise (a dropped connection or a timeout too, after which
/// the connection is opened again).
struct LoadDriver: Sendable {
    let host: String
    let port: Int
    let group: any EventLoopGroup
    let connections: Int
    let seconds: Int

    struct Result: Sendable {
        let entries: [PageMix.Entry]
        /// Per entry: latencies (ms) of the 200 answers.
        let latencies: [[Double]]
        let errors: [Int]
        /// From the first request to the last response, seconds.
        let seconds: Double

        func requests(of entry: PageMix.Entry) -> Double {
            guard let index = entries.firstIndex(of: entry) else { return 0 }
            return Double(latencies[index].count)
        }

        var lines: [String] {
            entries.indices.map { index in
                let entry = entries[index]
                return HTTPBenchReport.PageLine(page: entry.page, path: entry.path, role: entry.account.role,
                                                account: entry.account.account, latencies: latencies[index],
                                                errors: errors[index], seconds: seconds).jsonLine
            }
        }
    }

    private struct Tally: Sendable {
        var latencies: [[Double]]
        var errors: [Int]
    }

    func run(_ entries: [PageMix.Entry], sessions: [String: String]) async throws -> Result {
        guard !entries.isEmpty else { return Result(entries: [], latencies: [], errors: [], seconds: 0) }
        let headers: [HTTPHeaders] = entries.map { entry in
            guard let cookie = sessions[entry.account.account], !cookie.isEmpty else { return [:] }
            return ["Cookie": cookie]
        }
        // Connections are open before the clock starts: the figures are of requests, not of connecting.
        var opened: [HTTPConnection] = []
        for _ in 0..<connections {
            opened.append(try await HTTPConnection.connect(host: host, port: port, group: group))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        let count = entries.count
        let workers = opened.count
        let tallies = await withTaskGroup(of: Tally.self) { tasks in
            for (worker, connection) in opened.enumerated() {
                tasks.addTask { [host, port, group] in
                    var tally = Tally(latencies: Array(repeating: [], count: count),
                                      errors: Array(repeating: 0, count: count))
                    var connection: HTTPConnection? = connection
                    var index = worker * count / max(workers, 1)
                    while clock.now < deadline {
                        let slot = index % count
                        index += 1
                        if connection == nil {
                            connection = try? await HTTPConnection.connect(host: host, port: port, group: group)
                        }
                        guard let open = connection else {
                            tally.errors[slot] += 1
                            try? await Task.sleep(for: .milliseconds(100))
                            continue
                        }
                        let sent = clock.now
                        do {
                            let reply = try await open.send(.GET, entries[slot].path, headers: headers[slot])
                            let elapsed = (clock.now - sent).milliseconds
                            if reply.status == 200 {
                                tally.latencies[slot].append(elapsed)
                            } else {
                                tally.errors[slot] += 1
                            }
                            if reply.closesConnection {
                                await open.close()
                                connection = nil
                            }
                        } catch {
                            tally.errors[slot] += 1
                            await open.close()
                            connection = nil
                        }
                    }
                    await connection?.close()
                    return tally
                }
            }
            var all: [Tally] = []
            for await tally in tasks { all.append(tally) }
            return all
        }
        let elapsed = (clock.now - start).seconds
        var latencies = Array(repeating: [Double](), count: count)
        var errors = Array(repeating: 0, count: count)
        for tally in tallies {
            for slot in 0..<count {
                latencies[slot] += tally.latencies[slot]
                errors[slot] += tally.errors[slot]
            }
        }
        return Result(entries: entries, latencies: latencies, errors: errors, seconds: elapsed)
    }
}

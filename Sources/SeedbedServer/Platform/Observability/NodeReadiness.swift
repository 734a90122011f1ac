import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Whether this node should get traffic (`GET /readyz`), apart from whether it is alive (`GET /healthz`). Ready
/// means: not draining, the database answers, and every migration this binary knows is applied. A node that is
/// stopping drains: it turns not-ready first, so the proxy stops sending new requests, then finishes what it has.
final class NodeReadiness: Sendable {
    /// Why a node is not ready, as `/readyz` names it.
    enum Reason: String, Sendable {
        case draining, databaseUnavailable = "database_unavailable", migrationsPending = "migrations_pending"
    }

    private let draining = NIOLockedValueBox(false)
    /// Once every migration was seen applied it stays so for this binary: later checks skip the query.
    private let migrated = NIOLockedValueBox(false)

    var isDraining: Bool { draining.withLockedValue { $0 } }

    /// Turns the node not-ready for good (SIGTERM, or a test).
    func beginDraining() {
        draining.withLockedValue { $0 = true }
    }

    /// Nil when ready, otherwise the first reason it is not.
    func check(_ app: Application) async -> (reason: Reason, detail: String)? {
        if isDraining { return (.draining, "节点正在停止，不再接收新请求") }
        do {
            guard let sql = app.db as? any SQLDatabase else { return (.databaseUnavailable, "数据库不支持 SQL") }
            _ = try await sql.raw("SELECT 1 AS ok").first()
        } catch {
            app.logger.warning("readiness: database unavailable: \(String(reflecting: error))")
            return (.databaseUnavailable, "数据库无法连接")
        }
        if !migrated.withLockedValue({ $0 }) {
            do {
                let pending = try await app.migrator.previewPrepareBatch().get()
                guard pending.isEmpty else {
                    return (.migrationsPending, "还有 \(pending.count) 个数据库迁移未执行")
                }
                migrated.withLockedValue { $0 = true }
            } catch {
                return (.migrationsPending, "数据库尚未建表")
            }
        }
        return nil
    }
}

extension Application {
    private struct NodeReadinessKey: StorageKey { typealias Value = NodeReadiness }

    /// This node's readiness and drain state.
    var readiness: NodeReadiness {
        get {
            if let existing = storage[NodeReadinessKey.self] { return existing }
            let fresh = NodeReadiness()
            storage[NodeReadinessKey.self] = fresh
            return fresh
        }
        set { storage[NodeReadinessKey.self] = newValue }
    }
}

/// Graceful stop for `seedbed serve`. Vapor's serve command ends the process as soon as SIGTERM or SIGINT
/// arrives; this takes the signals over: the node drains (`/readyz` 503) for `drainSeconds` so the proxy takes it
/// out of rotation, then the application stops, and Vapor's server closes the listener and lets requests in flight
/// finish before the process exits. A second signal stops at once.
enum GracefulDrain {
    /// Replaces what `app.execute()` waits for with a stop this controls; call right after the server started.
    static func install(_ app: Application, drainSeconds: Int) {
        let promise = app.eventLoopGroup.next().makePromise(of: Void.self)
        app.running = .start(using: promise)
        let queue = DispatchQueue(label: "seedbed.drain")
        let signalled = NIOLockedValueBox(0)
        let stopped = NIOLockedValueBox(false)
        let stop: @Sendable () -> Void = {
            let first = stopped.withLockedValue { done in
                defer { done = true }
                return !done
            }
            if first { promise.succeed(()) }
        }
        for code in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: code, queue: queue)
            source.setEventHandler {
                let count = signalled.withLockedValue { value -> Int in
                    value += 1
                    return value
                }
                guard count == 1 else { return stop() }
                app.readiness.beginDraining()
                let delay = code == SIGINT ? 0 : drainSeconds
                app.logger.notice("draining: /readyz answers 503; stopping in \(delay) s")
                queue.asyncAfter(deadline: .now() + .seconds(delay)) {
                    app.logger.notice("drained: closing the listener after the requests in flight")
                    stop()
                }
            }
            source.resume()
            SignalSources.shared.keep(source)
        }
    }
}

/// Keeps the signal sources alive for the life of the process (a released source stops delivering).
private final class SignalSources: @unchecked Sendable {
    static let shared = SignalSources()
    private let lock = NIOLock()
    private var sources: [any DispatchSourceSignal] = []

    func keep(_ source: any DispatchSourceSignal) {
        lock.withLock { sources.append(source) }
    }
}

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain
import SQLKit
import Vapor

/// What a job handler gets: the database, the owner as they are now (with their data scope), the payload,
/// and a way to report progress.
struct JobContext: Sendable {
    let application: Application
    let jobID: Int
    let owner: CurrentUser
    let payload: String
    let now: @Sendable () -> Date

    var db: any Database { application.db }
    var logger: Logger { application.logger }

    /// Decodes the payload the job was queued with.
    func decodePayload<P: Decodable>(_ type: P.Type) throws -> P {
        try JSONDecoder().decode(P.self, from: Data(payload.utf8))
    }

    /// Reports progress; also the job's heartbeat, so call it at least every minute on long work.
    func progress(done: Int, total: Int, message: String? = nil) async throws {
        guard let sql = application.db as? any SQLDatabase else { return }
        var update = sql.update(Job.schema)
            .set("progress_done", to: done).set("progress_total", to: total).set("heartbeat_at", to: now())
        if let message { update = update.set("message", to: message) }
        try await update.where("id", .equal, jobID).run()
    }
}

/// How a job ended well: a result for the page to show, an optional file to download, a line of text.
struct JobOutcome: Sendable {
    var result: String?
    var outputFileID: Int?
    var message: String
}

/// Runs one kind of job.
protocol JobHandler: Sendable {
    var kind: String { get }
    func run(_ context: JobContext) async throws -> JobOutcome
}

/// Queues, claims and runs jobs. One worker loop per node; on PostgreSQL any number of nodes share the queue
/// (`FOR UPDATE SKIP LOCKED`), on SQLite the single writer makes the claim atomic by itself. A job whose node
/// died is queued again once its heartbeat is stale, up to three attempts.
final class JobRunner: Sendable {
    static let staleAfter: TimeInterval = 120
    static let maxAttempts = 3

    let nodeID = "node-" + UUID().uuidString.prefix(8)
    private let handlers = NIOLockedValueBox<[String: any JobHandler]>([:])
    private let worker = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func register(_ handler: any JobHandler) {
        handlers.withLockedValue { $0[handler.kind] = handler }
    }

    /// Queues a job for `owner`; returns its id.
    func enqueue<P: Encodable>(kind: String, title: String, payload: P, owner: CurrentUser, on db: any Database,
                               now: Date) async throws -> Int {
        // A job nobody runs would wait for ever: refuse it now, naming what was not registered.
        guard handlers.withLockedValue({ $0[kind] }) != nil else {
            throw MissingServices(names: ["app.jobs.register(\(kind))"])
        }
        let data = try JSONEncoder().encode(payload)
        let job = Job(kind: kind, title: title, ownerID: owner.id, payload: String(decoding: data, as: UTF8.self), now: now)
        try await job.create(on: db)
        guard let id = job.id else { throw AppError(status: .internalServerError, code: "job", message: "任务创建失败") }
        return id
    }

    /// Claims the oldest queued job, or returns nil.
    func claim(on db: any Database, now: Date) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let row = try await sql.raw("""
            UPDATE jobs SET status = \(bind: JobStatus.running), claimed_by = \(bind: nodeID), started_at = \(bind: now),
                heartbeat_at = \(bind: now), attempts = attempts + 1
            WHERE id = (SELECT id FROM jobs WHERE status = \(bind: JobStatus.queued) ORDER BY id LIMIT 1\(unsafeRaw: lock))
              AND status = \(bind: JobStatus.queued)
            RETURNING id
            """).first()
        return try row?.decode(column: "id", as: Int.self)
    }

    /// Requeues jobs whose node stopped sending heartbeats; gives up after `maxAttempts`.
    /// Each is one conditional UPDATE: every node runs this, and reading the stale jobs then saving them let a
    /// slower node put back in the queue a job another node had meanwhile requeued and claimed again — run twice.
    func recoverStale(on db: any Database, now: Date) async throws {
        let cutoff = now.addingTimeInterval(-Self.staleAfter)
        try await Job.query(on: db).filter(\.$status == .running).filter(\.$heartbeatAt < cutoff)
            .filter(\.$attempts >= Self.maxAttempts)
            .set(\.$status, to: .failed).set(\.$message, to: "任务多次中断，已停止，请重新提交")
            .set(\.$finishedAt, to: now).update()
        try await Job.query(on: db).filter(\.$status == .running).filter(\.$heartbeatAt < cutoff)
            .set(\.$status, to: .queued).set(\.$message, to: "服务器重启，任务已重新排队").update()
    }

    /// Runs one claimed job to its end, recording success or a Chinese failure message.
    func run(jobID: Int, app: Application) async {
        let db = app.db
        do {
            guard let job = try await Job.find(jobID, on: db) else { return }
            guard let handler = handlers.withLockedValue({ $0[job.kind] }) else {
                try await finish(jobID, on: db, status: .failed, message: "未知的任务类型", now: app.clock.now())
                return
            }
            guard let owner = try await CurrentUser.load(userID: job.ownerID, on: db,
                                                         policy: app.config.passwordPolicy, now: app.clock.now())
            else {
                try await finish(jobID, on: db, status: .failed, message: "提交任务的账号已停用", now: app.clock.now())
                return
            }
            let clock = app.clock
            let context = JobContext(application: app, jobID: jobID, owner: owner, payload: job.payload,
                                     now: { clock.now() })
            let outcome = try await handler.run(context)
            guard let done = try await Job.find(jobID, on: db) else { return }
            done.status = .succeeded
            done.result = outcome.result
            done.outputFileID = outcome.outputFileID
            done.message = outcome.message
            done.finishedAt = app.clock.now()
            if done.progressTotal > 0 { done.progressDone = done.progressTotal }
            try await done.save(on: db)
        } catch {
            app.logger.report(error: error)
            let message = (error as? any CodedError)?.message ?? (error as? any LocalizedError)?.errorDescription
                ?? "任务执行出错，请稍后重试或联系管理员"
            try? await finish(jobID, on: db, status: .failed, message: message, now: app.clock.now())
        }
    }

    private func finish(_ jobID: Int, on db: any Database, status: JobStatus, message: String, now: Date) async throws {
        guard let job = try await Job.find(jobID, on: db) else { return }
        job.status = status
        job.message = message
        job.finishedAt = now
        try await job.save(on: db)
    }

    /// Runs every queued job now, one after another (tests, and `seedbed` commands that wait for their job).
    func drain(_ app: Application) async throws {
        while let id = try await claim(on: app.db, now: app.clock.now()) {
            await run(jobID: id, app: app)
        }
    }

    /// Starts this node's worker loop.
    func start(_ app: Application) {
        let task = Task { [self] in
            try? await recoverStale(on: app.db, now: app.clock.now())
            var idleRounds = 0
            while !Task.isCancelled {
                do {
                    if let id = try await claim(on: app.db, now: app.clock.now()) {
                        await run(jobID: id, app: app)
                        idleRounds = 0
                        continue
                    }
                    idleRounds += 1
                    if idleRounds % 60 == 0 { try await recoverStale(on: app.db, now: app.clock.now()) }
                } catch {
                    app.logger.warning("job worker: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        worker.withLockedValue { $0 = task }
    }

    func stop() {
        worker.withLockedValue { $0?.cancel() }
    }
}

extension Application {
    struct JobRunnerKey: StorageKey { typealias Value = JobRunner }

    /// Set by `configure`, which checks it is (`requireServices`). Without it, a runner with no handlers stands
    /// in, and it refuses every job.
    var jobs: JobRunner {
        get { storage[JobRunnerKey.self] ?? JobRunner() }
        set { storage[JobRunnerKey.self] = newValue }
    }
}

/// Stops the worker loop when the application shuts down.
struct JobWorkerLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        application.jobs.stop()
    }
}

import Fluent
import SQLKit
import Vapor

/// A piece of long work (import, large export, scoring run, estimation) stored in the database, so any node
/// may run it, its progress survives page reloads, and it survives a restart (DESIGN.md §6).
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "status") var status: JobStatus
    @Field(key: "owner_id") var ownerID: Int
    @Field(key: "payload") var payload: String
    @OptionalField(key: "result") var result: String?
    @Field(key: "progress_done") var progressDone: Int
    @Field(key: "progress_total") var progressTotal: Int
    @OptionalField(key: "message") var message: String?
    @OptionalField(key: "output_file_id") var outputFileID: Int?
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "heartbeat_at") var heartbeatAt: Date?

    init() {}

    init(kind: String, title: String, ownerID: Int, payload: String, now: Date) {
        self.kind = kind
        self.title = title
        self.status = .queued
        self.ownerID = ownerID
        self.payload = payload
        self.progressDone = 0
        self.progressTotal = 0
        self.attempts = 0
        self.createdAt = now
    }
}

/// Where a job is in its life; stored as its raw value in `jobs.status`.
enum JobStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, succeeded, failed

    var label: String {
        switch self {
        case .queued: "排队中"
        case .running: "进行中"
        case .succeeded: "已完成"
        case .failed: "失败"
        }
    }

    var isFinished: Bool { self == .succeeded || self == .failed }
}

import Fluent
import Foundation
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// A job that counts to its payload, reporting progress, and writes a text file as its output.
struct CountingJob: JobHandler {
    struct Payload: Codable { let count: Int; let fail: Bool }
    let kind = "test.count"

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        for step in stride(from: 0, through: payload.count, by: max(1, payload.count / 4)) {
            try await context.progress(done: step, total: payload.count)
        }
        if payload.fail { throw AppError.invalid("第 3 行数据有误") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try Data("%PDF-1.4 counted \(payload.count)".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try await Files(app: context.application, db: context.db)
            .keep(url, name: "计数结果.pdf", purpose: "export", owner: context.owner.id,
                  expiresAt: context.now().addingTimeInterval(86_400))
        return JobOutcome(result: JobResultView(figures: [.init(label: "计数", value: String(payload.count))]).encoded(),
                          outputFileID: file.id, message: "已完成计数")
    }
}

@Suite("后台任务与文件")
struct JobAndFileTests {
    @Test("任务排队、执行、显示进度与结果，只有提交人能查看和下载")
    func jobLifecycle() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            app.jobs.register(CountingJob())
            let owner = try await Fixtures.currentUser("city-dl", on: app)
            let id = try await app.jobs.enqueue(kind: "test.count", title: "计数任务", payload: CountingJob.Payload(count: 40, fail: false),
                                                owner: owner, on: app.db, now: app.clock.now())
            let browser = Browser(app)
            try await browser.login("city-dl")
            let queued = try await browser.get("/jobs/\(id)")
            #expect(queued.body.string.contains("排队中"))
            // Without JavaScript the page reloads itself; with it only app.js polls (a Refresh header would reload
            // the page under the poll and abort its request).
            #expect(queued.body.string.contains(#"<noscript><meta http-equiv="refresh" content="2"/></noscript>"#),
                    "an unfinished job page refreshes itself without JavaScript")
            #expect(queued.headers.first(name: "Refresh") == nil)

            try await app.jobs.drain(app)
            let done = try await browser.get("/jobs/\(id)")
            #expect(done.body.string.contains("已完成计数"))
            #expect(done.body.string.contains("40 / 40"))
            #expect(!done.body.string.contains("http-equiv=\"refresh\""))
            let status = try await browser.get("/jobs/\(id)/status")
            #expect(status.body.string.contains("\"finished\":true"))
            let download = try await browser.get("/jobs/\(id)/download")
            try expectDownload(download, named: "计数结果.pdf")
            #expect(download.body.string.contains("counted 40"))

            let stranger = Browser(app, ip: "10.0.0.2")
            try await stranger.login("county-yb")
            #expect(try await stranger.get("/jobs/\(id)").status == .notFound)
            #expect(try await stranger.get("/jobs/\(id)/download").status == .notFound)
        }
    }

    @Test("任务失败时显示中文原因")
    func jobFailure() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            app.jobs.register(CountingJob())
            let owner = try await Fixtures.currentUser("admin", on: app)
            let id = try await app.jobs.enqueue(kind: "test.count", title: "失败任务", payload: CountingJob.Payload(count: 4, fail: true),
                                                owner: owner, on: app.db, now: app.clock.now())
            try await app.jobs.drain(app)
            let job = try #require(try await Job.find(id, on: app.db))
            #expect(job.status == .failed)
            #expect(job.message == "第 3 行数据有误")
        }
    }

    @Test("节点中断的任务在心跳过期后重新排队，多次中断后停止")
    func staleJobsAreRecovered() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            app.jobs.register(CountingJob())
            let owner = try await Fixtures.currentUser("admin", on: app)
            let id = try await app.jobs.enqueue(kind: "test.count", title: "中断任务", payload: CountingJob.Payload(count: 4, fail: false),
                                                owner: owner, on: app.db, now: app.clock.now())
            for attempt in 1...JobRunner.maxAttempts {
                #expect(try await app.jobs.claim(on: app.db, now: app.clock.now()) == id, "attempt \(attempt)")
                #expect(try await app.jobs.claim(on: app.db, now: app.clock.now()) == nil, "a running job is not claimed twice")
                app.clock.advance(by: JobRunner.staleAfter + 1)
                try await app.jobs.recoverStale(on: app.db, now: app.clock.now())
            }
            let job = try #require(try await Job.find(id, on: app.db))
            #expect(job.status == .failed)
            #expect(job.message?.contains("多次中断") == true)
        }
    }

    @Test("服务（任务、文件存储、短信、邮件）由 configure 设置并在启动时检查；缺少时指明哪一项，不会悄悄换成新的默认实现")
    func servicesAreCheckedAtBoot() async throws {
        let bare = try await Application.make(.testing)
        do {
            #expect {
                try bare.requireServices()
            } throws: { error in
                (error as? MissingServices)?.names.count == 4
                    && String(describing: error).contains("app.fileStore")
            }
            #expect(bare.fileStore is UnconfiguredFileStore, "no directory under the working folder in its place")
            #expect(bare.smsGateway is UnconfiguredSMSGateway)
        }
        try await bare.asyncShutdown()

        try await withSeedbedApp { app in
            try app.requireServices()
            #expect(app.fileStore is DatabaseFileStore, "the store the configuration names")
            _ = try await Fixtures.make(app)
            let owner = try await Fixtures.currentUser("admin", on: app)
            await #expect(throws: MissingServices.self, "a job kind nobody runs is refused, not queued for ever") {
                try await app.jobs.enqueue(kind: "test.unregistered", title: "无人执行", payload: CountingJob.Payload(count: 1, fail: false),
                                           owner: owner, on: app.db, now: app.clock.now())
            }
            await #expect(throws: MissingServices.self) {
                try await UnconfiguredFileStore().open(sha256: "00", on: app.db)
            }
        }
    }

    @Test("上传文件按内容识别类型，不信任文件名", arguments: [
        ([UInt8]("%PDF-1.7 hello".utf8), FileKind.pdf),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .jpeg),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
    ])
    func sniffing(bytes: [UInt8], kind: FileKind) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + ".exe")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try FileKind.sniff(url) == kind)
    }

    @Test("不可识别的内容被拒绝，文件名被清理")
    func refusals() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + ".pdf")
        try Data("MZ this is not a pdf".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: AppError.self) { try FileKind.sniff(url) }
        #expect(Files.sanitise("../../etc/passwd<script>.pdf", kind: .pdf) == "etcpasswdscript.pdf")
        #expect(Files.sanitise("营业执照（副本）.JPG", kind: .jpeg) == "营业执照（副本）.jpg")
        #expect(Files.sanitise("....", kind: .png) == "file.png")
    }

    @Test("过期文件被清理")
    func expiredFilesAreSwept() async throws {
        try await withSeedbedApp { app in
            let url = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try Data("%PDF-1.4 x".utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let files = Files(app: app, db: app.db)
            let file = try await files.keep(url, name: "a.pdf", purpose: "export", owner: nil,
                                            expiresAt: app.clock.now().addingTimeInterval(86_400))
            app.clock.advance(by: 86_401)
            try await files.sweepExpired(now: app.clock.now())
            #expect(try await StoredFile.find(file.id, on: app.db) == nil)
            #expect(try await FileBlob.query(on: app.db).count() == 0)
        }
    }
}

import Fluent
import Plot
import Vapor

/// What a finished job shows beside its message: figures, and actions (links, or POST buttons such as
/// 确认导入). Handlers put it in the job's `result` as JSON.
struct JobResultView: Codable, Sendable {
    struct Figure: Codable, Sendable {
        let label: String
        let value: String
    }

    struct Action: Codable, Sendable {
        let label: String
        let href: String
        /// `post` renders a form with the CSRF token.
        let method: String
        let style: String
        var confirm: String?
    }

    var figures: [Figure] = []
    var actions: [Action] = []
    var notes: [String] = []

    func encoded() -> String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// 任务进度: one page per job, visible to its owner (and the system administrator, except exports: an export holds
/// a list its owner may read and the system administrator may not, such as the audit administrator's logs).
struct JobController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("jobs", ":id", use: show)
        routes.get("jobs", ":id", "status", use: status)
        routes.get("jobs", ":id", "download", use: download)
    }

    private func job(_ req: Request) async throws -> Job {
        let user = try req.requireUser()
        guard let job = try await Job.find(try req.requireID(), on: req.db),
              job.ownerID == user.id || (user.role == .platformAdmin && job.kind != ExportJob.kind)
        else { throw AppError.notFound("任务不存在或不属于您") }
        return job
    }

    @Sendable func show(req: Request) async throws -> Response {
        let job = try await job(req)
        let context = try await req.pageContext()
        let view = job.result.flatMap { try? JSONDecoder().decode(JobResultView.self, from: Data($0.utf8)) }
        return try await HTMLPage(JobViews.page(job, view: view, context: context)).encodeResponse(for: req)
    }

    struct StatusBody: Content {
        let id: Int
        let status: JobStatus
        let statusLabel: String
        let done: Int
        let total: Int
        let message: String?
        let finished: Bool
    }

    @Sendable func status(req: Request) async throws -> StatusBody {
        let job = try await job(req)
        return StatusBody(id: job.id ?? 0, status: job.status, statusLabel: job.status.label, done: job.progressDone,
                          total: job.progressTotal, message: job.message, finished: job.status.isFinished)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let job = try await job(req)
        guard let fileID = job.outputFileID, let file = try await StoredFile.find(fileID, on: req.db) else {
            throw AppError.notFound("文件已过期（导出文件保留 24 小时）或任务没有生成文件")
        }
        return try await req.files.download(file, for: req)
    }
}

enum JobViews {
    static func page(_ job: Job, view: JobResultView?, context: PageContext) -> HTML {
        let id = job.id ?? 0
        let percent = job.progressTotal > 0 ? min(100, job.progressDone * 100 / max(1, job.progressTotal)) : 0
        let tone: String
        switch job.status {
        case .succeeded: tone = "success"
        case .failed: tone = "danger"
        default: tone = "warning"
        }
        let body: Node<HTML.BodyContext> = .div(
            .class("narrow card job"), .id("job"), .data(named: "status-url", value: "/jobs/\(id)/status"),
            .data(named: "finished", value: job.status.isFinished ? "1" : "0"),
            .h1(.text(job.title)),
            .p(UI.badge(job.status.label, tone: tone)),
            progress(job, percent: percent),
            .unwrap(job.message) { .p(.class("job-message"), .text($0)) },
            .unwrap(view) { results($0, context: context) },
            .if(job.outputFileID != nil && job.status == .succeeded,
                .p(UI.buttonLink("下载文件", url: "/jobs/\(id)/download", style: "primary"))),
            .if(!job.status.isFinished, .p(.class("muted"), .text("任务在后台运行，可离开本页，稍后回来查看。"))),
            .if(!job.status.isFinished, reloadWithoutScript)
        )
        return Layout.shell("任务进度", context, body)
    }

    /// Without JavaScript an unfinished job's page reloads itself every 2 seconds. Inside <noscript>, so that with
    /// JavaScript app.js alone follows the job: a reload (as a `Refresh` header would force) would cut its polling
    /// short, abort the status request in flight and reset the progress bar.
    static var reloadWithoutScript: Node<HTML.BodyContext> {
        Tag.element("noscript", [], [Tag.void("meta", [("http-equiv", "refresh"), ("content", "2")])])
    }

    private static func progress(_ job: Job, percent: Int) -> Node<HTML.BodyContext> {
        guard !job.status.isFinished || job.progressTotal > 0 else { return .empty }
        return .div(
            .class("progress"),
            .element(named: "progress", nodes: [
                .attribute(named: "max", value: "100"), .attribute(named: "value", value: String(percent)),
                .attribute(named: "aria-label", value: "任务进度"), .text("\(percent)%"),
            ]),
            .span(.class("progress-text"), .text(job.progressTotal > 0
                ? "\(job.progressDone.formatted()) / \(job.progressTotal.formatted())（\(percent)%）"
                : "准备中……"))
        )
    }

    private static func results(_ view: JobResultView, context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .if(!view.figures.isEmpty, UI.details(view.figures.map { ($0.label, $0.value) })),
            .forEach(view.notes) { .p(.class("muted"), .text($0)) },
            .div(.class("form-actions"), .forEach(view.actions) { action in
                action.method == "post"
                    ? UI.actionButton(action.label, action: action.href, csrf: context.csrfToken, confirm: action.confirm,
                                      style: action.style)
                    : UI.buttonLink(action.label, url: action.href, style: action.style)
            })
        )
    }
}

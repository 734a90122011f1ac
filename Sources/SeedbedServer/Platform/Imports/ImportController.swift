import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 数据导入: download a template, upload, see the validation result with an error report, confirm.
struct ImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped(Page.imports)
        imports.get(use: center)
        imports.get(":kind", use: uploadPage)
        imports.get(":kind", "template", use: template)
        imports.on(.POST, ":kind", body: .collect(maxSize: "64mb"), use: upload)
        imports.get("batches", ":id", "errors", use: errors)
        imports.post("batches", ":id", "confirm", use: confirm)
    }

    /// Whoever may use at least one import kind; each kind checks its own roles again.
    static var access: Access { Access(roles: Set(ImportKinds.all.values.flatMap(\.roles))) }

    private func kind(_ req: Request) throws -> (any ImportKind, CurrentUser) {
        guard let kind = req.parameters.get("kind").flatMap({ ImportKinds.all[$0] }) else { throw AppError.notFound() }
        let user = try req.requireRole(kind.roles)
        return (kind, user)
    }

    @Sendable func center(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let kinds = ImportKinds.all.values.filter { $0.roles.contains(user.role) }.sorted { $0.id < $1.id }
        try await ImportBatch.settle(on: req.db, now: req.now, ownerID: user.id)
        let list = ImportBatchList().configured(for: user)
        return try await list.respond(req) { page, filter, viewer in
            ImportViews.center(kinds: kinds, list: list, page: page, filter: filter, viewer: viewer)
        }
    }

    @Sendable func uploadPage(req: Request) async throws -> HTMLPage {
        let (kind, _) = try kind(req)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("导入\(kind.title)", context, ImportViews.upload(kind, context: context, error: nil)))
    }

    @Sendable func template(req: Request) async throws -> Response {
        let (kind, user) = try kind(req)
        let columns = try await kind.columns(for: user, on: req.db)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-template-\(UUID().uuidString).xlsx")
        try req.application.spreadsheets.writeTemplate(
            TemplateSpec(sheetName: kind.title, columns: columns, instructions: kind.instructions, examples: []), to: url)
        return try await req.downloadXLSX(url, name: "\(kind.title)导入模板.xlsx")
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let (kind, user) = try kind(req)
        let context = try await req.pageContext()
        func fail(_ message: String) async throws -> Response {
            try await HTMLPage(Layout.shell("导入\(kind.title)", context, ImportViews.upload(kind, context: context, error: message)),
                               status: .unprocessableEntity).encodeResponse(for: req)
        }
        guard let file = (try? req.content.decode(Upload.self))?.file, file.data.readableBytes > 0 else {
            return try await fail("请选择要上传的 Excel 文件（.xlsx）")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: file.data).write(to: url)
        // The job reads the rows; what the package declares (a zip bomb's sizes) is refused here, before anything
        // is stored or queued.
        do {
            try req.application.spreadsheets.checkUpload(url, budget: .imports)
        } catch let problem as SpreadsheetProblem {
            return try await fail(problem.message)
        }
        let stored: StoredFile
        do {
            stored = try await req.files.keep(url, name: file.filename, purpose: "import-source", owner: user.id,
                                              allowed: [.xlsx], expiresAt: req.now.addingTimeInterval(7 * 86_400))
        } catch let error as AppError {
            return try await fail(error.message + "（.xls 等旧格式请在 Excel 中另存为 .xlsx）")
        }
        guard let fileID = stored.id else { throw AppError.invalid("文件保存失败") }
        let batch = ImportBatch()
        batch.kind = kind.id
        batch.ownerID = user.id
        batch.status = .validating
        batch.fileName = stored.name
        batch.sourceFileID = fileID
        batch.totalRows = 0
        batch.validRows = 0
        batch.invalidRows = 0
        batch.insertedRows = 0
        batch.createdAt = req.now
        try await batch.create(on: req.db)
        guard let batchID = batch.id else { throw AppError.invalid("批次创建失败") }
        let jobID = try await req.application.jobs.enqueue(
            kind: ImportValidationJob.kind, title: "校验\(kind.title)：\(stored.name)",
            payload: ImportValidationJob.Payload(batchID: batchID), owner: user, on: req.db, now: req.now)
        batch.validationJobID = jobID
        try await batch.save(on: req.db)
        try await req.audit.record(.create, targetType: "import_batch", targetID: String(batchID),
                                   detail: "上传\(kind.title)：\(stored.name)（\(stored.size) 字节）")
        return req.redirect(to: "/jobs/\(jobID)")
    }

    private func ownBatch(_ req: Request) async throws -> (ImportBatch, CurrentUser) {
        let user = try req.requireUser()
        guard let batch = try await ImportBatch.find(try req.requireID(), on: req.db), batch.ownerID == user.id else {
            throw AppError.notFound("导入批次不存在或不属于您")
        }
        return (batch, user)
    }

    @Sendable func errors(req: Request) async throws -> Response {
        let (batch, _) = try await ownBatch(req)
        guard let id = batch.errorFileID, let file = try await StoredFile.find(id, on: req.db) else {
            throw AppError.notFound("该批次没有错误报告，或报告已过期")
        }
        return try await req.files.download(file, for: req)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let (found, user) = try await ownBatch(req)
        try await ImportBatch.settle(on: req.db, now: req.now, ownerID: user.id)
        let batch = try await ImportBatch.find(found.id, on: req.db) ?? found
        guard let batchID = batch.id, let kind = ImportKinds.all[batch.kind], kind.roles.contains(user.role) else {
            throw AppError.notFound()
        }
        guard batch.status == .validated, batch.validRows > 0 else {
            let why = batch.status == .expired || batch.status == .failed ? "：" + (batch.message ?? "") : ""
            return req.redirect(to: "/imports", flash: Flash(kind: .warning,
                                                             message: "该批次当前状态为“\(batch.status.label)”，不能确认导入" + why))
        }
        // Exactly one confirmation wins, even from two tabs.
        try await ImportBatch.query(on: req.db).filter(\.$id == batchID)
            .filter(\.$status == .validated)
            .set(\.$status, to: .committing).update()
        guard let fresh = try await ImportBatch.find(batchID, on: req.db), fresh.status == .committing,
              fresh.commitJobID == nil
        else {
            return req.redirect(to: "/imports", flash: Flash(kind: .warning, message: "该批次已确认过"))
        }
        let jobID = try await req.application.jobs.enqueue(
            kind: ImportCommitJob.kind, title: "导入\(kind.title)：\(batch.fileName)（\(batch.validRows) 条）",
            payload: ImportCommitJob.Payload(batchID: batchID), owner: user, on: req.db, now: req.now)
        fresh.commitJobID = jobID
        try await fresh.save(on: req.db)
        return req.redirect(to: "/jobs/\(jobID)")
    }
}

enum ImportViews {
    static func center(kinds: [any ImportKind], list: ImportBatchList, page: Paged<ImportBatch>,
                       filter: ImportBatchList.Filter, viewer: ListViewer) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader("数据导入"),
            .section(.class("quick-links"), .forEach(kinds) { kind in
                .a(.class("quick-link card"), .href("/imports/\(kind.id)"), .text("导入\(kind.title)"))
            }),
            .h2(.text(list.title)),
            list.queryBar(filter, kinds: kinds),
            list.table(page, viewer: viewer, emptyText: "还没有导入记录"),
            UI.pagination(page.info, baseURL: "/imports", query: list.queryItems(filter))
        )
    }

    static func upload(_ kind: any ImportKind, context: PageContext, error: String?) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader("导入\(kind.title)", actions: [UI.buttonLink("返回", url: "/imports")]),
            .unwrap(error) { UI.alert($0) },
            .section(.class("card"),
                     .h2(.text("第一步：下载模板")),
                     .p(.text("模板由平台按数据字典生成：必填列以红色 * 标注，字典项带下拉列表，地区按列中批注填写（省市区县依次选择，或填写区县名称、代码），另有填写说明工作表。")),
                     .p(UI.buttonLink("下载导入模板", url: "/imports/\(kind.id)/template", style: "secondary"))),
            .section(.class("card"),
                     .h2(.text("第二步：上传填好的文件")),
                     .ul(.forEach(kind.instructions) { .li(.text($0)) }),
                     .form(
                        .method(.post), .action(UI.uploadAction("/imports/\(kind.id)", csrf: context.csrfToken)), .enctype(.multipartData), .class("stacked"),
                        UI.csrfField(context.csrfToken),
                        .div(.class("field"),
                             .label(.for("f-file"), .text("Excel 文件（.xlsx）"), .span(.class("req"), .text("*"))),
                             Tag.void("input", [("id", "f-file"), ("name", "file"), ("type", "file"), ("required", "required"),
                                                ("accept", ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])),
                        UI.submit("上传并校验")
                     ),
                     .p(.class("muted"), .text("上传后系统在后台逐行校验，可离开页面；校验结果确认后才写入数据。")))
        )
    }
}

import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 企业申报 (seed 002 §二(三), §三(三)): the open windows of the enterprise's province with 申报, the form
/// pre-filled from its approved facts with the evaluator's check before submission, 作证材料 (files or a zip),
/// 暂存 / 提交 through the one workflow, and the history with 详情 and 下载.
struct ApplicationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let applications = routes.grouped(Page.myApplications)
        applications.get(use: list)
        applications.post(use: start)
        applications.get(":id", use: show)
        applications.on(.POST, ":id", body: .collect(maxSize: "60mb"), use: save)
        applications.post(":id", "evidence", ":evidence", "delete", use: deleteEvidence)
        applications.get(":id", "download", use: download)
    }

    /// Most files one application keeps.
    static let evidenceLimit = 20
    static let allowedEvidence: Set<FileKind> = [.pdf, .jpeg, .png, .zip, .docx, .xlsx]

    /// The enterprise's own application; any other id (another enterprise's, another kind) reads as absent.
    static func own(_ req: Request, enterprise: Enterprise) async throws -> FilingRecord {
        guard let record = try await FilingRecord.find(try req.requireID(), on: req.db),
              record.enterpriseID == enterprise.id, ApplicationForm.kinds.contains(record.kind)
        else { throw AppError.notFound() }
        return record
    }

    /// A filing service that applies the application windows.
    static func service(_ req: Request) async throws -> FilingService {
        var service = FilingService(req)
        service.workflow = try await ApplicationWindows.workflow(on: req.db)
        return service
    }

    // MARK: List

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        guard let enterpriseID = enterprise.id else { throw AppError.notFound() }
        let service = try await Self.service(req)
        let today = service.today
        let context = try await service.context(for: enterprise)
        var offers: [ApplicationViews.Offer] = []
        for kind in ApplicationForm.kinds {
            let windows = try await ApplicationWindows.open(for: kind, regionCode: enterprise.regionCode, on: today, db: req.db)
            var blocker: String?
            do {
                try service.workflow.checkPrerequisites(kind, for: context)
            } catch {
                blocker = error.message
            }
            let existing = try await service.record(enterpriseID: enterpriseID, slot: FilingService.slot(kind, year: today.year))
            offers.append(ApplicationViews.Offer(kind: kind, windows: windows, blocker: blocker, existing: existing))
        }
        let records = try await FilingRecord.query(on: req.db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$kind ~~ ApplicationForm.kinds).sort(\.$id, .descending).all()
        let page = try await req.pageContext()
        return HTMLPage(Layout.shell("企业申报", page, ApplicationViews.list(
            offers: offers, records: records, province: ApplicationWindows.regionLabel(String(enterprise.regionCode.prefix(2))),
            hasDigital: context.hasDigitalAssessment, csrf: page.csrfToken)))
    }

    // MARK: Start

    /// 申报: a draft of this year's application of the kind, pre-filled; refused outside the window or before the
    /// prerequisites hold. An application already started opens.
    @Sendable func start(req: Request) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        guard let enterpriseID = enterprise.id else { throw AppError.notFound() }
        guard let kind = (try? req.content.get(String.self, at: "kind")).flatMap(FilingKind.init(rawValue:)),
              ApplicationForm.kinds.contains(kind)
        else {
            return req.redirect(to: Page.myApplications.path, flash: Flash(kind: .error, message: "请选择申报级别"))
        }
        let service = try await Self.service(req)
        let year = service.today.year
        let slot = FilingService.slot(kind, year: year)
        if let existing = try await service.record(enterpriseID: enterpriseID, slot: slot), let id = existing.id {
            return req.redirect(to: "\(Page.myApplications.path)/\(id)")
        }
        var values: [String: String] = [:]
        values[ApplicationForm.contactName.id.rawValue] = enterprise.contactName ?? ""
        if let sealed = enterprise.contactPhoneSealed, let phone = try? req.application.personalData.open(sealed) {
            values[ApplicationForm.contactPhone.id.rawValue] = phone
        }
        if let latest = try await EnterpriseFacts.years(enterpriseID: enterpriseID, scope: .all, on: req.db).first {
            values[ApplicationForm.factYear.id.rawValue] = String(latest)
        }
        do {
            let record = try await service.save(kind, year: year, slot: slot, enterprise: enterprise, values: values,
                                                actor: user, submit: false, expectedVersion: nil)
            return req.redirect(to: "\(Page.myApplications.path)/\(record.id ?? 0)?edit=1",
                                flash: Flash(kind: .success, message: "已创建\(kind.label)，请完善申报信息后提交"))
        } catch let error as any CodedError {
            return req.redirect(to: Page.myApplications.path, flash: Flash(kind: .error, message: error.message))
        }
    }

    // MARK: Show and edit

    @Sendable func show(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await Self.own(req, enterprise: enterprise)
        let service = try await Self.service(req)
        let values = try await service.document(record)?.values ?? [:]
        if req.query[String.self, at: "edit"] != nil, try await Self.editable(record, enterprise: enterprise, service: service) {
            return try await form(req, record: record, enterprise: enterprise, values: values, errors: FormErrors())
                .encodeResponse(for: req)
        }
        return try await detail(req, record: record, enterprise: enterprise, values: values).encodeResponse(for: req)
    }

    static func editable(_ record: FilingRecord, enterprise: Enterprise, service: FilingService) async throws -> Bool {
        guard record.status == .draft || record.status == .returned else { return false }
        let context = try await service.context(for: enterprise)
        return service.workflow.mayEdit(try record.filing(), by: context, on: service.today)
    }

    private func detail(_ req: Request, record: FilingRecord, enterprise: Enterprise, values: [String: String])
        async throws -> HTMLPage
    {
        let service = try await Self.service(req)
        let history = try await service.history(record)
        let names = try await OpinionNames.load(history, on: req.db)
        let evidence = try await ApplicationEvidence.of(filingID: record.id ?? 0, on: req.db)
        let check = try await ApplicationCheck.evaluate(record.kind, enterpriseID: record.enterpriseID, values: values,
                                                        on: Self.evaluationDay(record, today: service.today), db: req.db)
        let editable = try await Self.editable(record, enterprise: enterprise, service: service)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("申报详情", context, ApplicationViews.detail(
            record: record, values: values, evidence: evidence, check: check, history: history, names: names,
            editable: editable, csrf: context.csrfToken)))
    }

    /// The day an application is judged on: the day it was (last) submitted, today for a draft.
    static func evaluationDay(_ record: FilingRecord, today: LocalDate) -> LocalDate {
        guard record.status != .draft, let submitted = record.submittedAt else { return today }
        return LocalDate(chinaTimeOf: submitted)
    }

    private func form(_ req: Request, record: FilingRecord, enterprise: Enterprise, values: [String: String],
                      errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let service = try await Self.service(req)
        let history = try await service.history(record)
        let evidence = try await ApplicationEvidence.of(filingID: record.id ?? 0, on: req.db)
        let check = try await ApplicationCheck.evaluate(record.kind, enterpriseID: record.enterpriseID, values: values,
                                                        on: service.today, db: req.db)
        let facts: [FactID: Double]
        if let year = check?.year {
            facts = try await EnterpriseFacts.load(enterpriseID: record.enterpriseID, year: year,
                                                   scope: .enterprise(id: record.enterpriseID), on: req.db) ?? [:]
        } else {
            facts = [:]
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(record.kind.label, context, ApplicationViews.form(
            record: record, values: values, errors: errors, evidence: evidence, check: check, facts: facts,
            latestReason: history.latestReason, csrf: context.csrfToken)), status: status)
    }

    // MARK: Save and submit

    @Sendable func save(req: Request) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await Self.own(req, enterprise: enterprise)
        guard let definition = ApplicationForm.form(for: record.kind), let filingID = record.id else { throw AppError.notFound() }
        let service = try await Self.service(req)
        var values = try await service.document(record)?.values ?? [:]
        for field in definition.fields {
            let posted = (try? req.content.get(String.self, at: field.id.rawValue)) ?? ""
            values[field.id.rawValue] = String(posted.prefix(2000))
        }
        let submit = (try? req.content.get(String.self, at: "action")) == "submit"
        let expected = req.contentInteger("version", in: InputRange.version)
        var errors = FormErrors()
        let existing = try await ApplicationEvidence.of(filingID: filingID, on: req.db)
        let uploads = ((try? req.content.get([File].self, at: "evidence")) ?? []).filter { $0.data.readableBytes > 0 }
        var kept: [(file: StoredFile, name: String, entries: [String])] = []
        if existing.count + uploads.count > Self.evidenceLimit {
            errors["evidence"] = "作证材料最多 \(Self.evidenceLimit) 个文件，请删除不需要的文件或压缩为一个 zip 上传"
        } else {
            for upload in uploads {
                do {
                    kept.append(try await Self.keep(upload, req: req, user: user, enterprise: enterprise))
                } catch let error as AppError {
                    errors["evidence"] = "“\(upload.filename)”：\(error.message)"
                    break
                }
            }
        }
        if submit && existing.count + kept.count == 0 && errors["evidence"] == nil {
            errors["evidence"] = "请上传作证材料（多个文件或一个 zip 压缩包）"
        }
        let (validation, _) = service.validate(values, form: definition, submit: submit)
        for (key, message) in validation.all where errors[key] == nil { errors[key] = message }
        let shown = values
        let keptIDs = kept.compactMap(\.file.id)
        func refuse(_ errors: FormErrors) async throws -> Response {
            try await req.files.discard(ids: keptIDs)
            return try await form(req, record: record, enterprise: enterprise, values: shown, errors: errors,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        guard errors.isEmpty else { return try await refuse(errors) }
        do {
            try await service.save(record.kind, year: record.year, slot: record.slot, enterprise: enterprise,
                                   values: values, actor: user, submit: submit, expectedVersion: expected)
        } catch let error as FormErrors {
            return try await refuse(error)
        } catch let error as any CodedError {
            var errors = FormErrors()
            errors["_"] = error.message
            return try await refuse(errors)
        }
        for item in kept {
            let row = ApplicationEvidence()
            row.filingID = filingID
            row.fileID = item.file.id ?? 0
            row.originalName = item.name
            row.entries = String(decoding: try JSONEncoder().encode(item.entries), as: UTF8.self)
            row.createdAt = req.now
            try await row.create(on: req.db)
        }
        let target = "\(Page.myApplications.path)/\(filingID)" + (submit ? "" : "?edit=1")
        return req.redirect(to: target, flash: Flash(kind: .success, message: submit ? "已提交，等待审核" : "已暂存"))
    }

    /// Keeps one uploaded file: its type told from its content, a zip checked to be readable and its entries
    /// listed. The name the enterprise's computer gave it is kept as it is, whatever characters it holds.
    static func keep(_ upload: File, req: Request, user: CurrentUser, enterprise: Enterprise) async throws
        -> (file: StoredFile, name: String, entries: [String])
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-evidence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: upload.data).write(to: url)
        let kind = try FileKind.sniff(url)
        var entries: [String] = []
        if kind == .zip {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            guard let names = FileKind.centralDirectoryNames(handle) else {
                throw AppError.invalid("压缩包无法读取（目录缺失或已损坏），请重新压缩后上传", code: "zip_unreadable")
            }
            entries = names.filter { !$0.hasSuffix("/") }
        }
        let name = String(upload.filename.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        let stored = try await req.files.keep(url, name: name, purpose: "application-evidence", owner: user.id,
                                              subject: (enterprise.id ?? 0, enterprise.regionCode, enterprise.zoneID,
                                                        enterprise.incubatorID),
                                              allowed: allowedEvidence)
        return (stored, name.isEmpty ? stored.name : name, entries)
    }

    @Sendable func deleteEvidence(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await Self.own(req, enterprise: enterprise)
        let back = "\(Page.myApplications.path)/\(record.id ?? 0)?edit=1"
        guard let evidenceID = req.parameters.get("evidence").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let evidence = try await ApplicationEvidence.find(evidenceID, on: req.db), evidence.filingID == record.id
        else { throw AppError.notFound() }
        let service = try await Self.service(req)
        guard try await Self.editable(record, enterprise: enterprise, service: service) else {
            return req.redirect(to: back, flash: Flash(kind: .error, message: "申报已提交，不能删除作证材料"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除作证材料", message: "确定删除“\(evidence.originalName)”吗？",
                action: "\(Page.myApplications.path)/\(record.id ?? 0)/evidence/\(evidenceID)/delete", cancel: back,
                context: context)).encodeResponse(for: req)
        }
        let name = evidence.originalName
        try await evidence.delete(on: req.db)
        if let file = try await StoredFile.find(evidence.fileID, on: req.db) { try await req.files.discard(file) }
        try await req.audit.record(.delete, targetType: "filing:\(record.kind.rawValue)", targetID: record.id.map(String.init),
                                   detail: "删除作证材料：\(name)")
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已删除作证材料"))
    }

    // MARK: Download

    @Sendable func download(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await Self.own(req, enterprise: enterprise)
        return try await ApplicationExport.download(req, record: record, enterprise: enterprise)
    }
}

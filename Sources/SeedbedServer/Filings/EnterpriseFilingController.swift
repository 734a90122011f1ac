import Fluent
import Plot
import SeedbedDomain
import Vapor

/// The enterprise's own filings: 基本信息填报 (three steps) and 年度经营信息 / 科技信息年报 (a report per year, nine
/// tabs); 积分数据填报 lives with the points feature. Every state change goes through `FilingService`.
struct EnterpriseFilingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let basicInfo = routes.grouped(Page.myBasicInfo)
        basicInfo.get(use: self.basicInfo)
        basicInfo.post(use: saveBasicInfo)
        let reports = routes.grouped(Page.myAnnualReports)
        reports.get(use: annualReports)
        reports.post(use: createAnnualReport)
        reports.get(":year", use: annualReport)
        reports.post(":year", use: saveAnnualReport)
    }

    /// The signed-in enterprise account's enterprise, which must be registered and approved.
    static func ownEnterprise(_ req: Request) async throws -> (CurrentUser, Enterprise) {
        let user = try req.requireUser()
        guard let id = user.enterpriseID, let enterprise = try await Enterprise.find(id, on: req.db) else {
            throw AppError.notFound("您的账号尚未关联企业，请联系平台管理员")
        }
        guard enterprise.status == .active else {
            throw Self.notApproved(enterprise.status)
        }
        return (user, enterprise)
    }

    /// What an enterprise that is not approved is told instead of a bare 403: where its registration stands and
    /// what it can do.
    static func notApproved(_ status: EnterpriseStatus) -> AppError {
        var error: AppError
        switch status {
        case .pending:
            error = .forbidden("贵企业的注册正在审核（\(status.label)），审核通过后才能使用此功能。可在“注册进度”查看当前审核机构；被退回时按审批意见修改后重新提交。")
            error.next = .init(label: "查看注册进度", path: Page.myRegistration.path)
        case .rejected:
            error = .forbidden("贵企业的注册未通过审核，暂不能使用此功能。请在“注册进度”查看审批意见，修改后重新提交。")
            error.next = .init(label: "查看审批意见", path: Page.myRegistration.path)
        case .cancelled:
            error = .forbidden("贵企业已注销，不能再填报。如有疑问请联系所在区县科技管理部门。")
        case .active:
            error = .forbidden()
        }
        return error
    }

    // MARK: Basic info

    @Sendable func basicInfo(req: Request) async throws -> HTMLPage {
        let (user, enterprise) = try await Self.ownEnterprise(req)
        return try await InfoUpdateSettings.basicInfoPage(req, user: user, enterprise: enterprise)
            .render(step: req.queryInteger("step", in: InputRange.step))
    }

    @Sendable func saveBasicInfo(req: Request) async throws -> Response {
        let (user, enterprise) = try await Self.ownEnterprise(req)
        return try await InfoUpdateSettings.basicInfoPage(req, user: user, enterprise: enterprise).post()
    }

    // MARK: Annual reports

    static func reportYears(now: Date) -> [Int] {
        let year = LocalDate(chinaTimeOf: now).year
        return Array((year - 5)...(year - 1)).reversed()
    }

    @Sendable func annualReports(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await Self.ownEnterprise(req)
        let records = try await FilingRecord.query(on: req.db).filter(\.$enterpriseID == enterprise.id ?? 0)
            .filter(\.$kind == .annualReport).sort(\.$year, .descending).all()
        let taken = Set(records.compactMap(\.year))
        let free = Self.reportYears(now: req.now).filter { !taken.contains($0) }
        let context = try await req.pageContext()
        let rows: [[Node<HTML.BodyContext>]] = records.map { record in
            let status = record.status
            return [
                .text("\(record.year ?? 0) 年度"),
                UI.badge(status.label, tone: FilingViews.statusTone(status)),
                .text(AdminViews.time(record.updatedAt)),
                .a(.href("/my/annual-reports/\(record.year ?? 0)"),
                   .text(status == .draft || status == .returned ? "编辑" : "查看")),
            ]
        }
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader("年度经营信息（科技信息年报）",
                          actions: records.isEmpty ? [] : [UI.exportButton("/exports/\(AnnualReportList.id)")]),
            .if(!free.isEmpty, .form(
                .method(.post), .action(Page.myAnnualReports.path), .class("query-bar"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "填报年度", name: "year", value: String(free.first ?? 0),
                                   kind: .select(free.map { SelectOption(value: String($0), label: "\($0) 年度") }))),
                .div(.class("query-actions"), UI.submit("新增"))
            )),
            UI.table(columns: ["年度", "状态", "最近更新", "操作"], rows: rows, emptyText: "尚未填报年报，请先新增年度")
        )
        return HTMLPage(Layout.shell("年度经营信息", context, body))
    }

    @Sendable func createAnnualReport(req: Request) async throws -> Response {
        let (user, enterprise) = try await Self.ownEnterprise(req)
        let year = req.contentInteger("year", in: InputRange.year) ?? 0
        guard Self.reportYears(now: req.now).contains(year) else {
            return req.redirect(to: Page.myAnnualReports.path, flash: Flash(kind: .error, message: "请选择有效的填报年度"))
        }
        let service = FilingService(req)
        if try await service.record(enterpriseID: enterprise.id ?? 0, slot: FilingService.slot(.annualReport, year: year)) == nil {
            // The year chosen on 新增 is the report's 年报年度: the enterprise should not have to type it again.
            try await service.save(.annualReport, year: year, enterprise: enterprise,
                                   values: [AnnualReportForm.reportYear.id.rawValue: String(year)], actor: user, submit: false,
                                   expectedVersion: nil)
        }
        return req.redirect(to: "/my/annual-reports/\(year)", flash: Flash(kind: .success, message: "已新增 \(year) 年度年报，请逐页填写"))
    }

    private func year(_ req: Request) throws -> Int {
        guard let year = req.parameterInteger("year", in: 2000...2100) else {
            throw AppError.notFound()
        }
        return year
    }

    @Sendable func annualReport(req: Request) async throws -> HTMLPage {
        let (user, enterprise) = try await Self.ownEnterprise(req)
        let year = try year(req)
        return try await FilingPage(req: req, user: user, enterprise: enterprise, kind: .annualReport, year: year,
                                    title: "\(year) 年度科技信息年报", url: "/my/annual-reports/\(year)", mustExist: true)
            .render(step: req.queryInteger("step", in: InputRange.step))
    }

    @Sendable func saveAnnualReport(req: Request) async throws -> Response {
        let (user, enterprise) = try await Self.ownEnterprise(req)
        let year = try year(req)
        return try await FilingPage(req: req, user: user, enterprise: enterprise, kind: .annualReport, year: year,
                                    title: "\(year) 年度科技信息年报", url: "/my/annual-reports/\(year)", mustExist: true).post()
    }
}

/// One filing page of the enterprise: state, steps, form or read-only view, history; and its POST.
struct FilingPage {
    let req: Request
    let user: CurrentUser
    let enterprise: Enterprise
    let kind: FilingKind
    let year: Int?
    let title: String
    let url: String
    var mustExist = false
    /// The filing's slot when it is not the kind's (and year's) own, e.g. one per 填报项目.
    var slot: String?
    /// The workflow deciding when it may be filed (a 填报项目 carries its own window).
    var workflow = ReviewWorkflow.standard
    /// Values a first filing starts from, instead of the registry facts.
    var initialValues: [String: String]?
    /// Said above the form, e.g. where pre-filled values came from.
    var note: String?
    /// Why nothing may be filed here at all (a closed 填报项目), whatever the workflow says.
    var closedReason: String?
    /// Shown between the note and the form (the proof documents of a points filing, with their 删除).
    var extra: Node<HTML.BodyContext>?
    /// What a submission needs beyond the catalog's own rules (proof of basic data not pre-filled); checked on
    /// 提交 only, so 暂存 is always possible.
    var submitCheck: (([String: String]) -> FormErrors)?
    /// Fields whose value is computed elsewhere, with that value (a 资质数据 count derived from the records the
    /// enterprise lists): shown read-only with `derivedNote`, laid over the values on file, never taken from a post.
    var derivedValues: [String: String] = [:]
    var derivedNote: String?
    /// What the workflow knows of the enterprise (recognised, approved kinds, …), when the caller has read it in
    /// this request already (`InfoUpdateSettings.basicInfoPage`); read here otherwise.
    var enterpriseContext: FilingEnterprise?
    /// The form as this enterprise files it, read once per page (basic info asks the registry for it).
    private let formMemo = FormMemo()

    private var service: FilingService {
        var service = FilingService(req)
        service.workflow = workflow
        return service
    }

    private var filingSlot: String { slot ?? FilingService.slot(kind, year: year) }
    /// The form as this enterprise files it: basic info's registry fields without a registry value are its own
    /// to declare (企业自填).
    private func form() async throws -> FormDefinition {
        if let kept = formMemo.form { return kept }
        let form = try await service.form(kind, enterpriseID: enterprise.id ?? 0) ?? EnterpriseRecordForm.form
        formMemo.form = form
        return form
    }

    private func load() async throws -> (FilingRecord?, [String: String], FilingState, ReviewHistory) {
        let record = try await service.record(enterpriseID: enterprise.id ?? 0, slot: filingSlot)
        if mustExist && record == nil { throw AppError.notFound("该年度年报不存在，请先新增") }
        var values = try await service.document(record)?.values ?? prefill()
        if kind == .basicInfo, let id = enterprise.id {
            // The registry is the authority on its fields, whatever an older document holds.
            values = try await RegistryData.overlay(values, enterpriseID: id, on: req.db)
            // A field to declare that an older document left empty starts from what the platform holds.
            let known = prefill()
            for field in try await form().fields where field.source == .declared && (values[field.id.rawValue] ?? "").isEmpty {
                values[field.id.rawValue] = known[field.id.rawValue]
            }
        }
        values.merge(derivedValues) { $1 }
        let history = if let record { try await service.history(record) } else { ReviewHistory([]) }
        let context = if let enterpriseContext { enterpriseContext } else { try await service.context(for: enterprise) }
        let filing = try record?.filing()
        let workflow = service.workflow
        let today = service.today
        var editable: Bool
        var locked: String?
        if let filing {
            editable = workflow.mayEdit(filing, by: context, on: today)
            if !editable {
                locked = filing.status == .approved ? "已审核通过，内容已锁定。" : "当前状态不能修改。"
                do {
                    try workflow.checkOpen(kind, for: context, on: today)
                } catch {
                    locked = error.message
                }
            }
        } else {
            do {
                try workflow.checkOpen(kind, for: context, on: today)
                editable = true
            } catch {
                editable = false
                locked = error.message
            }
        }
        if let closedReason {
            editable = false
            locked = closedReason
        }
        let submittable = filing.map { workflow.maySubmit($0, by: context, on: today) || editable } ?? editable
        let state = FilingState(status: filing?.status, version: filing?.version, editable: editable,
                                submittable: submittable && editable, lockedReason: locked,
                                latestReason: filing?.status == .returned || filing?.status == .rejected ? history.latestReason : nil,
                                pendingLabel: filing?.pendingReviewer?.label)
        return (record, values, state, history)
    }

    /// Values a first filing starts from: the registry facts the platform already holds.
    private func prefill() -> [String: String] {
        if let initialValues { return initialValues }
        var values: [String: String] = [:]
        if kind == .basicInfo {
            values["uscc"] = enterprise.uscc
            values["name"] = enterprise.name
            values["registered_on"] = enterprise.registeredOn
            values["industry_code"] = enterprise.industryCode
            values["tech_field"] = enterprise.techField.map(String.init)
        }
        return values
    }

    func render(step: Int?, errors: FormErrors = FormErrors(), values override: [String: String]? = nil,
                status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let (record, stored, state, history) = try await load()
        let values = override ?? stored
        let definition = try await form()
        // The zones are the server's dictionary: without it 所属高新区 would offer only 无 and drop the zone.
        let dictionaries: [DictionaryID: DataDictionary] = definition.fields.contains { $0.kind == .choice(.zone) }
            ? [.zone: try await EnterpriseRecord.zoneDictionary(on: req.db)] : [:]
        let group = min(max(0, step ?? 0), max(0, definition.groups.count - 1))
        let context = try await req.pageContext()
        let names = try await OpinionNames.load(history, on: req.db)
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader(title, actions: record == nil ? [] : [UI.buttonLink("审批意见", url: "#opinions")]),
            FilingViews.banner(state),
            .unwrap(note) { UI.alert($0, kind: .info) },
            extra ?? .empty,
            state.editable
                ? .group(FilingViews.steps(definition.groups, current: group) { "\(url)?step=\($0)" },
                         FilingViews.form(definition, group: group, values: values, errors: errors, state: state, action: url,
                                          csrf: context.csrfToken, extraDictionaries: dictionaries, derived: Set(derivedValues.keys), derivedNote: derivedNote))
                : FilingViews.detail(definition, values: values, dictionaries: dictionaries),
            FilingViews.history(history, names: names)
        )
        return HTMLPage(Layout.shell(title, context, body), status: status)
    }

    func post() async throws -> Response {
        do {
            return try await handlePost()
        } catch let error as any CodedError where error.failure == .conflict {
            // Someone (often the same person, in another tab or by double-clicking) saved first.
            return req.redirect(to: url, flash: Flash(kind: .error, message: error.message))
        }
    }

    /// The posted text fields (a multipart body is parsed once for the texts and files together).
    private func postedFields() -> [String: String] {
        guard req.headers.contentType == .formData else { return (try? req.content.decode([String: String].self)) ?? [:] }
        return req.postedForm().texts
    }

    /// Keeps the files chosen in the posted step (the licence again, after 退回修改); a file of the wrong type
    /// becomes that field's error.
    private func keepUploads(in fields: [FieldDefinition]) async throws -> (ids: [String: String], errors: FormErrors) {
        var ids: [String: String] = [:]
        var errors = FormErrors()
        for field in fields where field.kind == .file {
            guard let file = req.postedForm().files[field.id.rawValue], file.data.readableBytes > 0 else {
                continue
            }
            guard file.data.readableBytes <= req.config.filingFileMaxBytes else {
                errors[field.id.rawValue] = "「\(field.label)」文件不能超过 \(Self.sizeLabel(req.config.filingFileMaxBytes))"
                continue
            }
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-upload-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: temporary) }
            try Data(buffer: file.data).write(to: temporary)
            do {
                let stored = try await req.files.keep(
                    temporary, name: file.filename, purpose: field.id.rawValue, owner: user.id,
                    subject: (enterprise.id ?? 0, enterprise.regionCode, enterprise.zoneID, enterprise.incubatorID),
                    allowed: Self.uploadKinds)
                ids[field.id.rawValue] = stored.id.map(String.init)
            } catch let error as AppError {
                errors[field.id.rawValue] = "「\(field.label)」\(error.message)"
            }
        }
        return (ids, errors)
    }

    /// What a filing's file field accepts: scans and photos of certificates.
    static let uploadKinds: Set<FileKind> = [.pdf, .jpeg, .png]
    /// A size limit as people read it: "20 MB".
    static func sizeLabel(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? "\(bytes / 1_048_576) MB" : "\(max(1, bytes / 1024)) KB"
    }

    /// The values on file now (the draft, or what a first filing starts from).
    func currentValues() async throws -> [String: String] {
        try await load().1
    }

    /// Where the filing stands now: whether it may be edited, and why not.
    func state() async throws -> FilingState {
        try await load().2
    }

    /// Saves `changes` over the values on file as 暂存 (a proof removed, figures read from an uploaded template).
    /// Throws with the reason when the filing may not be edited now; returns the errors, and changes nothing,
    /// when the result would not be valid.
    func saveDraft(changing changes: [String: String]) async throws -> FormErrors {
        let (record, stored, state, _) = try await load()
        guard state.editable else { throw AppError.invalid(state.lockedReason ?? "当前状态不能修改", code: "locked") }
        let merged = stored.merging(changes) { $1 }.merging(derivedValues) { $1 }
        let zones = try await EnterpriseRecord.zoneDictionary(on: req.db)
        let (errors, _) = service.validate(merged, form: try await form(), submit: false, extra: [zones])
        guard errors.isEmpty else { return errors }
        try await service.save(kind, year: year, slot: filingSlot, enterprise: enterprise, values: merged, actor: user,
                               submit: false, expectedVersion: record?.version)
        return errors
    }

    private func handlePost() async throws -> Response {
        let posted = postedFields()
        let step = posted.integer("step", in: InputRange.step) ?? 0
        let action = posted["action"] ?? "save"
        let (record, stored, state, _) = try await load()
        guard state.editable else {
            return req.redirect(to: url, flash: Flash(kind: .error, message: state.lockedReason ?? "当前状态不能修改"))
        }
        let expected = posted.integer("version", in: InputRange.version)
        if let record, let expected, expected != record.version {
            return req.redirect(to: url, flash: Flash(kind: .error, message: WorkflowError.staleVersion.message))
        }
        var merged = stored
        let definition = try await form()
        let groupName = definition.groups.indices.contains(step) ? definition.groups[step] : ""
        // A file is replaced only by a newly chosen file, never by typed text; no choice keeps the one on file.
        // Registry fields are shown read-only and never taken from a post.
        for field in definition.fields(in: groupName)
            where field.kind != .file && field.source != .imported && derivedValues[field.id.rawValue] == nil
        {
            merged[field.id.rawValue] = posted[field.id.rawValue] ?? ""
        }
        let uploads = try await keepUploads(in: definition.fields(in: groupName))
        for (key, id) in uploads.ids { merged[key] = id }
        let keptIDs = uploads.ids.values.compactMap { InputNumber.integer($0, in: InputRange.id) }
        do {
            return try await decide(action: action, step: step, record: record, stored: stored, merged: merged,
                                    uploadErrors: uploads.errors, keptIDs: keptIDs, definition: definition)
        } catch {
            try await req.files.discard(ids: keptIDs)
            throw error
        }
    }

    /// What the post asked for, once its uploads are kept. Every refusal discards those uploads (a refused post
    /// leaves nothing behind) and shows the files on file.
    private func decide(action: String, step: Int, record: FilingRecord?, stored: [String: String],
                        merged: [String: String], uploadErrors: FormErrors, keptIDs: [Int], definition: FormDefinition)
        async throws -> Response
    {
        func refuse(step: Int, errors: FormErrors) async throws -> Response {
            try await req.files.discard(ids: keptIDs)
            var shown = merged
            for field in definition.fields where field.kind == .file { shown[field.id.rawValue] = stored[field.id.rawValue] }
            return try await render(step: step, errors: errors, values: shown, status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        if !uploadErrors.isEmpty {
            return try await refuse(step: step, errors: uploadErrors)
        }
        let unchanged = merged == stored && record != nil
        let service = self.service
        switch action {
        case "prev", "next":
            let target = action == "prev" ? step - 1 : step + 1
            if !unchanged {
                let zones = try await EnterpriseRecord.zoneDictionary(on: req.db)
                let (errors, _) = service.validate(merged, form: definition, submit: false, extra: [zones])
                if !errors.isEmpty {
                    return try await refuse(step: step, errors: errors)
                }
                try await service.save(kind, year: year, slot: filingSlot, enterprise: enterprise, values: merged, actor: user, submit: false,
                                       expectedVersion: record?.version)
            }
            return req.redirect(to: "\(url)?step=\(max(0, target))")
        case "submit":
            if let submitCheck {
                let errors = submitCheck(merged)
                if !errors.isEmpty {
                    let first = definition.groups.firstIndex { group in
                        definition.fields(in: group).contains { errors[$0.id.rawValue] != nil }
                    } ?? step
                    return try await refuse(step: first, errors: errors)
                }
            }
            do {
                try await service.save(kind, year: year, slot: filingSlot, enterprise: enterprise, values: merged, actor: user, submit: true,
                                       expectedVersion: record?.version)
            } catch let errors as FormErrors {
                let first = definition.groups.firstIndex { group in
                    definition.fields(in: group).contains { errors[$0.id.rawValue] != nil }
                } ?? step
                return try await refuse(step: first, errors: errors)
            }
            return req.redirect(to: url, flash: Flash(kind: .success, message: "已提交，等待审核"))
        default:
            let zones = try await EnterpriseRecord.zoneDictionary(on: req.db)
            let (errors, _) = service.validate(merged, form: definition, submit: false, extra: [zones])
            if !errors.isEmpty {
                return try await refuse(step: step, errors: errors)
            }
            try await service.save(kind, year: year, slot: filingSlot, enterprise: enterprise, values: merged, actor: user, submit: false,
                                   expectedVersion: record?.version)
            return req.redirect(to: "\(url)?step=\(step)", flash: Flash(kind: .success, message: "已暂存"))
        }
    }
}

/// Keeps a page's form once read (`FilingPage.form()`).
private final class FormMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: FormDefinition?

    var form: FormDefinition? {
        get { lock.withLock { kept } }
        set { lock.withLock { kept = newValue } }
    }
}

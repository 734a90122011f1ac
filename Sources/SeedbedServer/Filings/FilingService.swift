import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The server side of the one review workflow: loads filings, runs `ReviewWorkflow` transitions, and persists
/// each one in a transaction — the filing row updated only if its version is still the one decided on, a new
/// document version, the decision row, and the effects (messages, SMS, fact projection, audit).
struct FilingService {
    let db: any Database
    let app: Application
    let now: Date
    /// The standard policies, or for a 填报项目 the policy with the project's window (`PointsPeriod.workflow`).
    var workflow = ReviewWorkflow.standard
    /// The client address of the request that files or decides, kept on the decision row and the audit entry.
    var ip: String?

    init(_ req: Request) {
        db = req.db
        app = req.application
        now = req.now
        ip = req.clientIP
    }

    /// A service on another connection (a transaction, a command, a test).
    init(app: Application, db: any Database, now: Date) {
        self.db = db
        self.app = app
        self.now = now
    }

    var today: LocalDate { LocalDate(chinaTimeOf: now) }

    static func slot(_ kind: FilingKind, year: Int? = nil, serial: Int? = nil) -> String {
        if let year { return kind.rawValue + ":" + String(year) }
        if let serial { return kind.rawValue + ":#" + String(serial) }
        return kind.rawValue
    }

    /// The form a kind files.
    static func form(_ kind: FilingKind) -> FormDefinition? {
        switch kind {
        case .registration: RegistrationForm.form
        case .basicInfo: BasicInfoForm.form
        case .annualReport: AnnualReportForm.form
        case .majorChange: MajorChangeForm.form
        case .pointsData: PointsDataForm.form
        case .expressReport: ExpressReportForm.form
        case .innovativeSMEApplication, .specializedSMEApplication: ApplicationForm.form(for: kind)
        case .renewal: RenewalForm.form
        }
    }

    /// The form `kind` as this enterprise files it: in basic info, the registry fields the enterprise declares
    /// itself while no registry value was imported (企业自填, `FormDefinition.declaring`).
    func form(_ kind: FilingKind, enterpriseID: Int, on database: (any Database)? = nil) async throws -> FormDefinition? {
        guard let form = Self.form(kind) else { return nil }
        guard kind == .basicInfo else { return form }
        return form.declaring(registry: try await RegistryData.values(enterpriseID: enterpriseID, on: database ?? db))
    }

    /// What the workflow needs to know about an enterprise.
    func context(for enterprise: Enterprise) async throws -> FilingEnterprise {
        guard let id = enterprise.id else { throw AppError.notFound() }
        let approved = try await FilingRecord.query(on: db).filter(\.$enterpriseID == id)
            .filter(\.$lastApprovedRound != nil).all()
        let assessed = try await DigitalAssessments.latest(enterpriseID: id, on: db) != nil
        return try await context(for: enterprise, records: approved, assessed: assessed)
    }

    /// The same, for a caller that already read the enterprise's filing records (all of them, or at least the
    /// approved ones) and whether it has a completed digital assessment — the enterprise's 工作台 reads both for
    /// itself.
    func context(for enterprise: Enterprise, records: [FilingRecord], assessed: Bool) async throws -> FilingEnterprise {
        guard let id = enterprise.id else { throw AppError.notFound() }
        let approved = records.filter { $0.enterpriseID == id && $0.lastApprovedRound != nil }.map(\.kind)
        // Recognised: holds a MIIT level (创新型 / 专精特新 / 小巨人) that is not cancelled (M8).
        let recognised = try await CultivationRecognitions.isRecognised(enterpriseID: id, on: db, today: today)
        let listed = try await ExpressListEntry.query(on: db).filter(\.$enterpriseID == id).first() != nil
        return FilingEnterprise(location: EnterpriseLocation(regionCode: enterprise.regionCode, zoneID: enterprise.zoneID),
                                isRecognised: recognised, approvedKinds: Set(approved), isOnExpressReportList: listed,
                                hasDigitalAssessment: assessed)
    }

    func record(enterpriseID: Int, slot: String) async throws -> FilingRecord? {
        try await FilingRecord.query(on: db).filter(\.$enterpriseID == enterpriseID).filter(\.$slot == slot).first()
    }

    func document(_ record: FilingRecord?) async throws -> FilingDocument? {
        guard let id = record?.documentID else { return nil }
        return try await FilingDocument.find(id, on: db)
    }

    func history(_ record: FilingRecord) async throws -> ReviewHistory {
        guard let id = record.id else { return ReviewHistory([]) }
        let rows = try await ReviewDecisionRecord.query(on: db).filter(\.$filingID == id).all()
        return ReviewHistory(rows.compactMap { $0.record() })
    }

    // MARK: Enterprise actions

    /// Validates `values` for saving (`submit: false`, only what was typed is checked) or submitting (everything).
    func validate(_ values: [String: String], form: FormDefinition, submit: Bool, extra: [DataDictionary] = [])
        -> (errors: FormErrors, valid: [FieldID: FieldValue])
    {
        let validator = FieldValidator(extra: extra, today: today)
        let raw = Dictionary(uniqueKeysWithValues: form.fields.map { field in
            (field.id, RawValue.text(values[field.id.rawValue] ?? ""))
        })
        let typed = Set(form.fields.filter { !(values[$0.id.rawValue] ?? "").allSatisfy(\.isWhitespace) }.map(\.id))
        let result = validator.validate(form: form, values: raw, only: submit ? nil : typed)
        var errors = FormErrors()
        for problem in result.problems where errors[problem.field.rawValue] == nil {
            errors[problem.field.rawValue] = problem.message
        }
        return (errors, result.values)
    }

    /// 暂存 or 提交 by the enterprise. Creates the filing on first save. Imported (registry) fields keep their
    /// stored values whatever was posted.
    @discardableResult
    func save(_ kind: FilingKind, year: Int? = nil, slot: String? = nil, enterprise: Enterprise, values posted: [String: String],
              actor: CurrentUser, submit: Bool, expectedVersion: Int?) async throws -> FilingRecord
    {
        guard let enterpriseID = enterprise.id, let form = try await form(kind, enterpriseID: enterpriseID) else {
            throw AppError.notFound()
        }
        let slot = slot ?? Self.slot(kind, year: year)
        let existing = try await record(enterpriseID: enterpriseID, slot: slot)
        var values = posted.filter { key, _ in form.fields.contains { $0.id.rawValue == key } }
        if let previous = try await document(existing)?.values {
            for field in form.fields where field.source == .imported { values[field.id.rawValue] = previous[field.id.rawValue] }
        }
        if kind == .basicInfo { values = try await RegistryData.overlay(values, enterpriseID: enterpriseID, on: db) }
        let context = try await self.context(for: enterprise)
        var filing: Filing
        if let existing {
            filing = try existing.filing()
            if let expectedVersion, expectedVersion != filing.version { throw WorkflowError.staleVersion }
            if filing.status != .draft && filing.status != .returned || submit == false {
                filing = try workflow.edit(filing, expectedVersion: filing.version, by: context, on: today).filing
            }
        } else {
            filing = try workflow.start(kind, for: context, on: today)
        }
        if submit {
            let zones = try await EnterpriseRecord.zoneDictionary(on: db)
            let (errors, _) = validate(values, form: form, submit: true, extra: [zones])
            guard errors.isEmpty else { throw errors }
            let transition = try workflow.submit(filing, expectedVersion: filing.version, by: context, on: today)
            filing = transition.filing
            return try await persist(filing, record: existing, kind: kind, year: year, slot: slot, enterprise: enterprise,
                                     values: values, actor: actor, effects: transition.effects, decision: nil)
        }
        return try await persist(filing, record: existing, kind: kind, year: year, slot: slot, enterprise: enterprise,
                                 values: values, actor: actor, effects: [], decision: nil)
    }

    // MARK: Review

    /// 通过 / 退回修改 / 不通过 by a reviewer of the level the filing waits for.
    func decide(_ record: FilingRecord, verdict: ReviewVerdict, opinion: String, actor: CurrentUser, expectedVersion: Int)
        async throws
    {
        guard let organization = try await reviewerOrganization(actor) else {
            throw AppError.forbidden("您的账号未关联审核机构")
        }
        let filing = try record.filing()
        // A page loaded before someone else decided: say so, rather than "not your step".
        guard expectedVersion == filing.version else { throw WorkflowError.staleVersion }
        guard filing.awaitsDecision(by: organization) else {
            throw AppError.forbidden("该材料当前不在您的审核环节")
        }
        guard let enterprise = try await Enterprise.find(record.enterpriseID, on: db) else { throw AppError.notFound() }
        let kind = record.kind
        let decision = ReviewDecision(verdict: verdict, opinion: opinion,
                                      reviewer: .init(userID: actor.id, organization: organization), time: now)
        let transition = try workflow.apply(decision, to: filing, expectedVersion: expectedVersion)
        try await persist(transition.filing, record: record, kind: kind, year: record.year, slot: record.slot,
                          enterprise: enterprise, values: nil, actor: actor, effects: transition.effects,
                          decision: transition.record, expectedVersion: expectedVersion)
    }

    /// The user's organisation with its region code, for workflow checks.
    func reviewerOrganization(_ user: CurrentUser) async throws -> ScopeOrganization? {
        guard let id = user.organizationID, let organization = try await Organization.find(id, on: db) else { return nil }
        return organization.scopeOrganization
    }

    // MARK: Persistence

    @discardableResult
    private func persist(_ filing: Filing, record existing: FilingRecord?, kind: FilingKind, year: Int?, slot: String,
                         enterprise: Enterprise, values: [String: String]?, actor: CurrentUser,
                         effects: [WorkflowEffect], decision: ReviewRecord?, expectedVersion: Int? = nil)
        async throws -> FilingRecord
    {
        guard let enterpriseID = enterprise.id else { throw AppError.notFound() }
        let route = String(decoding: try JSONEncoder().encode(filing.route), as: UTF8.self)
        let now = self.now
        let app = self.app
        let ip = self.ip
        return try await db.transaction { db in
            let record: FilingRecord
            if let existing, let id = existing.id {
                guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
                let claimed = try await sql.raw("""
                    UPDATE filings SET status = \(bind: filing.status), version = \(bind: filing.version),
                        round = \(bind: filing.round), route = \(bind: route), step_index = \(bind: filing.stepIndex),
                        last_approved_round = \(bind: filing.lastApprovedRound),
                        pending_reviewer = \(bind: filing.pendingReviewer?.key), updated_at = \(bind: now)
                    WHERE id = \(bind: id) AND version = \(bind: expectedVersion ?? existing.version)
                    RETURNING id
                    """).first()
                guard claimed != nil else { throw WorkflowError.staleVersion }
                guard let fresh = try await FilingRecord.find(id, on: db) else { throw AppError.notFound() }
                record = fresh
            } else {
                record = FilingRecord()
                record.enterpriseID = enterpriseID
                record.regionCode = enterprise.regionCode
                record.zoneID = enterprise.zoneID
                record.incubatorID = enterprise.incubatorID
                record.kind = kind
                record.slot = slot
                record.year = year
                record.status = filing.status
                record.version = filing.version
                record.round = filing.round
                record.route = route
                record.stepIndex = filing.stepIndex
                record.lastApprovedRound = filing.lastApprovedRound
                record.pendingReviewer = filing.pendingReviewer?.key
                record.createdAt = now
                record.updatedAt = now
                try await Self.insert(record, on: db)
            }
            guard let filingID = record.id else { throw AppError.notFound() }
            if let values {
                let number = try await FilingDocument.query(on: db).filter(\.$filingID == filingID).count() + 1
                let document = FilingDocument()
                document.filingID = filingID
                document.number = number
                document.content = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
                document.createdBy = actor.id
                document.createdAt = now
                try await document.create(on: db)
                record.documentID = document.id
            }
            if filing.status == .submitted, decision == nil { record.submittedAt = now }
            if filing.status == .approved { record.approvedDocumentID = record.documentID }
            try await record.save(on: db)
            if let decision {
                let row = ReviewDecisionRecord()
                row.filingID = filingID
                row.enterpriseID = enterpriseID
                row.regionCode = enterprise.regionCode
                row.zoneID = enterprise.zoneID
                row.incubatorID = enterprise.incubatorID
                row.round = decision.round
                row.stepIndex = decision.stepIndex
                row.level = decision.level
                row.reviewerKey = decision.reviewer.key
                row.organizationID = decision.organizationID
                row.userID = decision.reviewerUserID
                row.verdict = decision.verdict
                row.opinion = decision.opinion
                row.version = decision.version
                row.decidedAt = decision.time
                row.ip = ip
                try await row.create(on: db)
            }
            try await perform(effects, record: record, kind: kind, enterprise: enterprise, actor: actor, on: db, app: app)
            let action: AuditAction = decision == nil ? (existing == nil ? .create : .update) : .update
            let detail = decision.map { "\(kind.label)审核：\($0.verdict.rawValue)\($0.opinion.isEmpty ? "" : "（\($0.opinion)）")" }
                ?? "\(kind.label)：\(filing.status.label)"
            try await AuditLogger(database: db, actor: actor, ip: ip, now: now)
                .record(action, targetType: "filing:\(kind.rawValue)", targetID: String(filingID), detail: detail)
            return record
        }
    }

    /// Creates a filing row. Two first saves of the same slot (a double click, two tabs) both find no row and
    /// both insert; the unique index on (enterprise, slot) refuses the second, which is the same situation as
    /// a stale version and is told so, rather than failing with a database error.
    static func insert(_ record: FilingRecord, on db: any Database) async throws {
        do {
            try await record.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw WorkflowError.staleVersion
        }
    }

    private func perform(_ effects: [WorkflowEffect], record: FilingRecord, kind: FilingKind, enterprise: Enterprise,
                         actor: CurrentUser, on db: any Database, app: Application) async throws {
        // Projection first: an approved registration may correct the contact phone the approval SMS goes to.
        let ordered = effects.filter { if case .projectFacts = $0 { true } else { false } }
            + effects.filter { if case .projectFacts = $0 { false } else { true } }
        for effect in ordered {
            switch effect {
            case .messageEnterprise(let message):
                let row = EnterpriseMessage()
                row.enterpriseID = record.enterpriseID
                row.regionCode = record.regionCode
                row.zoneID = record.zoneID
                row.incubatorID = record.incubatorID
                // A decision on a recognised enterprise's basic information is one on its 信息更新.
                // Read on the decision's own connection (the transaction), as context(for:) decides it.
                let update = kind == .basicInfo
                    ? try await CultivationRecognitions.isRecognised(enterpriseID: record.enterpriseID, on: db, today: today)
                    : false
                row.category = update ? .infoUpdate : .reviewResult
                row.title = update ? "信息更新：" + message.title : message.title
                row.body = message.body
                row.link = FilingLinks.enterpriseLink(kind: kind, year: record.year)
                row.createdAt = now
                try await row.create(on: db)
            case .textEnterprise(let text):
                if let sealed = enterprise.contactPhoneSealed, let phone = try app.personalData.open(sealed) {
                    try await app.smsGateway.send(to: phone, purpose: kind.label, content: text, on: db, now: now,
                                                  logger: app.logger)
                }
            case .notifyReviewer:
                break
            case .projectFacts:
                try await project(record, kind: kind, enterprise: enterprise, actor: actor, on: db)
                // Facts, an activation or an admission changed what the dashboards show.
                try await DashboardVersion.bump(on: db)
            }
        }
        // 复核 不通过 cancels the recognition (取消认定).
        if kind == .renewal, record.status == .rejected {
            try await CultivationRecognitions.renewalRejected(record, enterprise: enterprise, on: db, now: now)
        }
    }

    /// On final approval: annual reports become facts; registration activates the enterprise and its account.
    private func project(_ record: FilingRecord, kind: FilingKind, enterprise: Enterprise, actor: CurrentUser,
                         on db: any Database) async throws {
        switch kind {
        case .annualReport:
            guard let year = record.year, let documentID = record.documentID,
                  let document = try await FilingDocument.find(documentID, on: db)
            else { return }
            let (_, valid) = validate(document.values, form: AnnualReportForm.form, submit: false)
            try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: FactProjection.annualReport(valid),
                                             source: "annual_report", on: db, now: now)
        case .pointsData:
            // Points data covers the scored facts only: the year's other facts (an annual report's assets, say)
            // stay as they were.
            guard let year = record.year, let documentID = record.documentID, let enterpriseID = enterprise.id,
                  let document = try await FilingDocument.find(documentID, on: db)
            else { return }
            let (_, valid) = validate(document.values, form: PointsDataForm.form, submit: false)
            let existing = try await EnterpriseFacts.load(enterpriseID: enterpriseID, year: year, scope: .all, on: db) ?? [:]
            let facts = existing.merging(FactProjection.pointsData(valid)) { _, approved in approved }
            try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: facts, source: "points_data",
                                             on: db, now: now)
        case .basicInfo:
            try await adoptDeclarations(record, into: enterprise, on: db)
        case .renewal:
            try await CultivationRecognitions.renewalApproved(record, enterprise: enterprise, on: db, now: now)
        case _ where CultivationRecognitions.kind(for: kind) != nil:
            if let level = CultivationRecognitions.kind(for: kind) {
                try await CultivationRecognitions.grant(level, to: enterprise, filingID: record.id, on: db, now: now)
            }
        case .registration:
            let placement = enterprise.scopeSubject
            try await adoptRegistration(record, into: enterprise, actor: actor, on: db)
            enterprise.status = .active
            do {
                // A registration corrected to another county or zone takes its filings, files and messages along.
                try await EnterpriseMove.save(enterprise, from: placement,
                                              audit: AuditLogger(database: db, actor: actor, ip: ip, now: now), on: db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw AppError.invalid(Self.usccTakenOnApproval)
            }
            record.regionCode = enterprise.regionCode
            record.zoneID = enterprise.zoneID
            record.incubatorID = enterprise.incubatorID
            if let id = enterprise.id {
                try await User.query(on: db).filter(\.$enterpriseID == id).set(\.$active, to: true).update()
            }
        default:
            break
        }
    }
}

extension FilingService {
    static let usccTakenOnApproval = "企业修改后的统一社会信用代码已被其他企业注册，不能通过；请退回企业核实"
    static let outOfScopeOnApproval = "企业修改后的注册地或所属高新区不在您的管辖范围内，不能通过；请退回修改，或由对应的主管部门审核"

    /// The registration as approved becomes the enterprise's record: a registration returned for revision may
    /// have corrected the name, the credit code (checked against every other enterprise), the region or the
    /// zone (which must stay within the approving reviewer's scope), or the contact. The caller saves it with
    /// `EnterpriseMove`, so a changed place takes the enterprise's records along.
    func adoptRegistration(_ record: FilingRecord, into enterprise: Enterprise, actor: CurrentUser, on db: any Database)
        async throws
    {
        guard let id = enterprise.id, let documentID = record.documentID,
              let document = try await FilingDocument.find(documentID, on: db)
        else { return }
        let zones = try await EnterpriseRecord.zoneDictionary(on: db)
        let (_, valid) = validate(document.values, form: RegistrationForm.form, submit: false, extra: [zones])
        let uscc = valid[RegistrationForm.uscc.id]?.text ?? enterprise.uscc
        let region = valid[RegistrationForm.region.id]?.text ?? enterprise.regionCode
        let zoneID = valid[RegistrationForm.zone.id].flatMap { Int($0.text) }
        if uscc != enterprise.uscc,
           try await Enterprise.query(on: db).filter(\.$uscc == uscc).filter(\.$id != id).first() != nil
        {
            throw AppError.invalid(Self.usccTakenOnApproval)
        }
        let subject = ScopeSubject(enterpriseID: id, regionCode: region, zoneID: zoneID, incubatorID: enterprise.incubatorID)
        guard actor.scope.permits(subject) else { throw AppError.invalid(Self.outOfScopeOnApproval) }
        enterprise.uscc = uscc
        enterprise.name = valid[RegistrationForm.name.id]?.text ?? enterprise.name
        enterprise.regionCode = region
        enterprise.zoneID = zoneID
        enterprise.contactName = valid[RegistrationForm.contactName.id]?.text ?? enterprise.contactName
        if let phone = valid[RegistrationForm.contactPhone.id]?.text, !phone.isEmpty {
            enterprise.setContactPhone(try app.personalData.protect(phone, as: .phone))
        }
    }
}

extension FilingService {
    /// Approved basic info: the registry fields the enterprise declared (成立日期, 所属行业, no registry value
    /// imported) become the enterprise's, which lists, cohorts, library rules and dashboards read. A registry
    /// value imported since is left alone: it wins.
    func adoptDeclarations(_ record: FilingRecord, into enterprise: Enterprise, on db: any Database) async throws {
        guard let id = enterprise.id, let documentID = record.documentID,
              let document = try await FilingDocument.find(documentID, on: db),
              let form = try await form(.basicInfo, enterpriseID: id, on: db)
        else { return }
        let (_, valid) = validate(document.values, form: form, submit: false)
        let declared = Set(form.fields.filter { $0.source == .declared }.map(\.id))
        if declared.contains(BasicInfoForm.industry.id), let industry = valid[BasicInfoForm.industry.id]?.text {
            enterprise.industryCode = industry
        }
        if declared.contains(BasicInfoForm.registeredOn.id), let date = valid[BasicInfoForm.registeredOn.id]?.text {
            enterprise.registeredOn = date
        }
        guard enterprise.hasChanges else { return }
        try await enterprise.save(on: db)
    }
}

/// Where an enterprise finds a filing of a kind.
enum FilingLinks {
    static func enterpriseLink(kind: FilingKind, year: Int?) -> String {
        switch kind {
        case .basicInfo: Page.myBasicInfo.path
        case .annualReport: year.map { "/my/annual-reports/\($0)" } ?? Page.myAnnualReports.path
        case .majorChange: Page.myChanges.path
        case .pointsData: Page.myPoints.path
        case .expressReport: Page.myExpress.path
        case .innovativeSMEApplication, .specializedSMEApplication: Page.myApplications.path
        case .renewal: Page.myRenewals.path
        default: Page.workbench.path
        }
    }
}

extension FormErrors: LocalizedError {
    var errorDescription: String? { summary }
}

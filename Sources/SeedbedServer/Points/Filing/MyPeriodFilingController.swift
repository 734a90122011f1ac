import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// The enterprise's filings in 填报项目: 积分数据 (after approved basic info) and 企业快报 (only on the
/// government's list). Each project is one filing slot, filed on the shared `FilingPage` through `FilingService`
/// with the project's own window, so the one review workflow refuses what falls outside it.
struct MyPeriodFilingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let points = routes.grouped(Page.myPoints)
        let express = routes.grouped(Page.myExpress)
        points.get("periods", ":id", use: pointsFiling)
        // A step may carry a proof document (up to 20 MB, refused with a message past that).
        points.on(.POST, "periods", ":id", body: .collect(maxSize: "24mb"), use: savePointsFiling)
        points.get("periods", ":id", "template", use: downloadTemplate)
        points.on(.POST, "periods", ":id", "upload", body: .collect(maxSize: "24mb"), use: uploadTemplate)
        points.post("periods", ":id", "proofs", ":field", "delete", use: deleteProof)
        points.get("periods", ":id", "qualifications", ":field", use: qualificationRecords)
        points.post("periods", ":id", "qualifications", ":field", use: addQualificationRecord)
        points.post("periods", ":id", "qualifications", ":field", ":record", "delete", use: deleteQualificationRecord)
        express.get(use: self.express)
        express.get(":id", use: expressFiling)
        express.post(":id", use: saveExpressFiling)
    }

    // MARK: 积分数据

    @Sendable func pointsFiling(req: Request) async throws -> Response {
        try await filing(req, kind: .pointsData, post: false)
    }

    @Sendable func savePointsFiling(req: Request) async throws -> Response {
        try await filing(req, kind: .pointsData, post: true)
    }

    // MARK: 企业快报

    @Sendable func express(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let context = try await req.pageContext()
        let service = FilingService(req)
        let filingContext = try await service.context(for: enterprise)
        do {
            try service.workflow.checkPrerequisites(.expressReport, for: filingContext)
        } catch {
            return HTMLPage(Layout.shell("企业快报", context, .group(
                UI.pageHeader("企业快报"), UI.alert(error.message, kind: .info))))
        }
        let overview = try await PeriodFilings.load(.expressReport, enterprise: enterprise, now: req.now, on: req.db)
        return HTMLPage(Layout.shell("企业快报", context, .group(
            UI.pageHeader("企业快报"),
            PeriodFilings.sections(overview, kind: .expressReport, base: Page.myExpress.path))))
    }

    @Sendable func expressFiling(req: Request) async throws -> Response {
        try await filing(req, kind: .expressReport, post: false)
    }

    @Sendable func saveExpressFiling(req: Request) async throws -> Response {
        try await filing(req, kind: .expressReport, post: true)
    }

    // MARK: One project's filing

    private func filing(_ req: Request, kind: PeriodKind, post: Bool) async throws -> Response {
        switch try await prepare(req, kind: kind) {
        case .refused(let message, let back):
            return req.redirect(to: back, flash: Flash(kind: .error, message: message))
        case .ready(let page, _):
            if post { return try await page.post() }
            return try await page.render(step: req.queryInteger("step", in: InputRange.step)).encodeResponse(for: req)
        }
    }

    /// A project's filing page, or where to send the enterprise when it may not file in the project yet.
    enum Prepared {
        case ready(FilingPage, PointsPeriod)
        case refused(message: String, back: String)
    }

    func prepare(_ req: Request, kind: PeriodKind) async throws -> Prepared {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let id = try req.requireID()
        guard let period = try await PointsPeriod.find(id, on: req.db), period.kind == kind,
              period.concerns(enterprise)
        else { throw AppError.notFound("填报项目不存在") }
        let base = kind == .pointsData ? Page.myPoints.path : Page.myExpress.path
        let service = FilingService(req)
        let filingContext = try await service.context(for: enterprise)
        do {
            try service.workflow.checkPrerequisites(kind.filingKind, for: filingContext)
        } catch {
            return .refused(message: error.message, back: base)
        }
        let url = kind == .pointsData ? "\(base)/periods/\(id)" : "\(base)/\(id)"
        var page = FilingPage(req: req, user: user, enterprise: enterprise, kind: kind.filingKind, year: period.year,
                              title: period.name, url: url)
        page.slot = period.slot
        page.workflow = try period.workflow()
        if period.closed { page.closedReason = "该填报项目已关闭，不能再填报或提交" }
        if kind == .pointsData, let enterpriseID = enterprise.id {
            let prefill = try await PointsPrefill.load(enterpriseID: enterpriseID, year: period.year, scope: user.scope,
                                                       on: req.db)
            page.initialValues = prefill.values
            page.note = prefill.note
            let check = QualificationCheck(
                known: prefill.known, source: prefill.sourceLabel,
                records: try await QualificationRecord.all(enterpriseID: enterpriseID, slot: period.slot, scope: user.scope,
                                                           on: req.db))
            page.derivedValues = check.derivedValues
            page.derivedNote = "平台无导入数据，按登记的资质记录条数计算：请在上方“资质数据核对”中点该项的“填报”逐条登记"
            let fromTorch = prefill.fromTorch
            page.submitCheck = { values in
                var errors = FormErrors()
                if let problem = PointsDataForm.proofProblem(values: values, prefilledFromTorch: fromTorch) {
                    errors[problem.field.rawValue] = problem.message
                }
                return errors
            }
            let record = try await FilingService(req).record(enterpriseID: enterpriseID, slot: period.slot)
            let values = try await page.currentValues()
            let status = record?.status
            let changeable = !period.closed && (status == nil || status == .draft || status == .returned)
            page.extra = .group(
                PointsProofViews.card(url: url, values: values, proofRequired: !fromTorch, changeable: changeable,
                                      csrf: try await req.pageContext().csrfToken),
                QualificationViews.check(check, values: values, recordsLink: { "\(url)/qualifications/\($0.rawValue)" },
                                         editable: changeable))
        }
        return .ready(page, period)
    }
}

/// Where a first points-data filing starts from: the facts the platform already holds for the year (imported
/// 火炬统计数据, an approved annual report or earlier points data), said so above the form.
enum PointsPrefill {
    static func sourceLabel(_ source: String) -> String {
        switch source {
        case "torch": "导入的火炬统计数据"
        case "annual_report": "审核通过的科技信息年报"
        case "points_data": "此前审核通过的积分数据"
        default: "平台已有的企业数据"
        }
    }

    /// `fromTorch` says whether the basic data came from imported 火炬统计数据; otherwise they need proof.
    static func load(enterpriseID: Int, year: Int, scope: DataScope, on db: any Database) async throws
        -> (values: [String: String], note: String, fromTorch: Bool, known: [FactID: Double], sourceLabel: String?)
    {
        guard let facts = try await EnterpriseFacts.load(enterpriseID: enterpriseID, year: year, scope: scope, on: db),
              let sql = db as? any SQLDatabase
        else {
            return ([:], "平台暂无贵企业 \(year) 年度的火炬统计数据或年报数据，请按财务报表和证书如实填写。", false, [:], nil)
        }
        let source = try await sql.select().column("source").from(EnterpriseFacts.schema)
            .where("enterprise_id", .equal, enterpriseID).where("year", .equal, year)
            .first(decodingColumn: "source", as: String.self) ?? ""
        var values: [String: String] = [:]
        for field in PointsDataForm.form.fields {
            guard let fact = field.fact, let value = facts[fact] else { continue }
            values[field.id.rawValue] = field.kind == .flag ? (value > 0 ? "是" : "否") : FieldValue.format(value)
        }
        return (values, "已按\(sourceLabel(source))预填 \(year) 年度数据，请逐项核对，不符的请修改后提交；资质数量须与证书一致。",
                source == "torch", facts, sourceLabel(source))
    }
}

/// An enterprise's projects of one kind: those open to it now, and its own filings with their review results.
enum PeriodFilings {
    struct Filed {
        let period: PointsPeriod
        let record: FilingRecord
        let opinion: String?
    }

    struct Overview {
        let open: [PointsPeriod]
        let filed: [Filed]
    }

    static func load(_ kind: PeriodKind, enterprise: Enterprise, now: Date, on db: any Database) async throws -> Overview {
        guard let enterpriseID = enterprise.id else { return Overview(open: [], filed: []) }
        let today = LocalDate(chinaTimeOf: now)
        let periods = try await PointsPeriod.query(on: db).filter(\.$kind == kind).sort(\.$id, .descending).all()
            .filter { $0.concerns(enterprise) }
        let records = try await FilingRecord.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$kind == kind.filingKind).sort(\.$updatedAt, .descending).all()
        let bySlot = Dictionary(periods.map { ($0.slot, $0) }, uniquingKeysWith: { first, _ in first })
        var filed: [Filed] = []
        for record in records {
            guard let period = bySlot[record.slot] else { continue }
            let rows = try await ReviewDecisionRecord.query(on: db).filter(\.$filingID == record.id ?? 0).all()
            let history = ReviewHistory(rows.compactMap { $0.record() })
            filed.append(Filed(period: period, record: record, opinion: history.latest?.opinion))
        }
        return Overview(open: periods.filter { $0.isOpen(on: today) }, filed: filed)
    }

    static func sections(_ overview: Overview, kind: PeriodKind, base: String) -> Node<HTML.BodyContext> {
        let link = { (period: PointsPeriod) in
            kind == .pointsData ? "\(base)/periods/\(period.id ?? 0)" : "\(base)/\(period.id ?? 0)"
        }
        let mine = Dictionary(overview.filed.map { ($0.period.id ?? 0, $0.record) }, uniquingKeysWith: { first, _ in first })
        let openRows: [[Node<HTML.BodyContext>]] = overview.open.map { period in
            let status = mine[period.id ?? 0]?.status
            return [
                .text(period.name), .text("\(period.year) 年度"), .text("\(period.startsOn) 至 \(period.endsOn)"),
                status.map { UI.badge($0.label, tone: FilingViews.statusTone($0)) } ?? UI.badge("未填报", tone: "warning"),
                .a(.href(link(period)), .text(status == nil || status == .draft || status == .returned ? "填报" : "查看")),
            ]
        }
        let filedRows: [[Node<HTML.BodyContext>]] = overview.filed.map { item in
            let status = item.record.status
            return [
                .text(item.period.name), UI.badge(status.label, tone: FilingViews.statusTone(status)),
                .text(item.opinion.flatMap { $0.isEmpty ? nil : $0 } ?? "—"), .text(AdminViews.time(item.record.updatedAt)),
                .a(.href(link(item.period) + "#opinions"), .text("查看审批意见")),
            ]
        }
        return .group(
            .section(.class("card"), .h2(.text("填报（当前开放的填报项目）")),
                     UI.table(columns: ["项目名称", "数据年度", "填报时间", "我的状态", "操作"], rows: openRows,
                              emptyText: "目前没有开放的\(kind.label)项目")),
            .section(.class("card"), .h2(.text("审核结果")),
                     UI.table(columns: ["项目名称", "审核状态", "最近审核意见", "最近更新", "操作"], rows: filedRows,
                              emptyText: "还没有填报记录"))
        )
    }
}

import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 审核: queues per filing kind and level, the detail with every tab and the 审核 dialog, 审批意见, 上一条 /
/// 下一条 through the filtered list, and batch approval where the kind allows it.
struct ReviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reviews = routes.grouped(Page.reviews)
        reviews.get(use: list)
        reviews.get(":id", use: show)
        reviews.post(":id", "decide", use: decide)
        reviews.post("batch", use: batch)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        var list = ReviewList()
        let filter = list.filter(from: req.queryDictionary)
        list.detailQuery = URLQuery.encode(list.queryItems(filter))
        let batchable = filter.tab == "pending"
            && !ReviewWorkflow.standard.policy(for: filter.kind).batchLevels.isEmpty
        let csrf = try await req.csrfToken()
        let now = req.now
        return try await list.respond(req) { page, filter, viewer in
            ReviewViews.list(list, page: page, filter: filter, viewer: viewer, batchable: batchable, csrf: csrf, now: now)
        }
    }

    /// The filing, if it exists and lies in the user's scope; 404 otherwise.
    static func scopedRecord(_ req: Request, user: CurrentUser) async throws -> FilingRecord {
        guard let record = try await FilingRecord.find(try req.requireID(), on: req.db) else { throw AppError.notFound() }
        guard user.scope.permits(record.scopeSubject) else {
            // Another district's filing: the same 404 as a missing one, and a line in the audit log (等保).
            try await req.auditRefusedRead(enterpriseID: record.enterpriseID, via: "\(req.method.rawValue) \(req.url.path)")
            throw AppError.notFound()
        }
        guard record.round > 0 || record.status != .draft else { throw AppError.notFound() }
        return record
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let record = try await Self.scopedRecord(req, user: user)
        let service = FilingService(req)
        // The form as the enterprise files it, so a registry value it declared itself is marked 企业自填.
        let kind = record.kind
        guard let definition = try await service.form(kind, enterpriseID: record.enterpriseID),
              let enterprise = try await Enterprise.find(record.enterpriseID, on: req.db)
        else { throw AppError.notFound() }
        let dictionaries: [DictionaryID: DataDictionary] = definition.fields.contains { $0.kind == .choice(.zone) }
            ? [.zone: try await EnterpriseRecord.zoneDictionary(on: req.db)] : [:]
        let values = try await service.document(record)?.values ?? [:]
        let history = try await service.history(record)
        let list = ReviewList().configured(for: user)
        let filter = list.filter(from: req.queryDictionary)
        let (previous, next) = try await list.neighbours(of: record.id ?? 0, filter, scope: user.scope, on: req.db)
        let filing = try record.filing()
        let organization = try await service.reviewerOrganization(user)
        let canDecide = organization.map { filing.awaitsDecision(by: $0) } ?? false
        let verdicts = ReviewWorkflow.standard.policy(for: kind).verdicts
        let names = try await OpinionNames.load(history, on: req.db)
        // Points data: the same 资质数据核对 the enterprise sees, with the records it listed, read-only.
        var qualifications: Node<HTML.BodyContext> = .empty
        if kind == .pointsData, let year = record.year {
            let check = try await QualificationCheck.load(enterpriseID: record.enterpriseID, year: year, slot: record.slot,
                                                          scope: user.scope, on: req.db)
            qualifications = QualificationViews.check(check, values: values, recordsLink: nil, editable: false)
        }
        // Applications: the 作证材料 and the evaluator's check beside the enterprise's data.
        if ApplicationForm.kinds.contains(kind) {
            qualifications = try await ApplicationController.reviewExtra(req, record: record, values: values)
        }
        let context = try await req.pageContext()
        let query = URLQuery.encode(list.queryItems(filter))
        return HTMLPage(Layout.shell("\(kind.label)审核", context, ReviewViews.detail(
            record: record, filing: filing, kind: kind, enterprise: enterprise, definition: definition, values: values,
            history: history, opinionNames: names, canDecide: canDecide, verdicts: verdicts, previous: previous,
            next: next, query: query, csrf: context.csrfToken, dictionaries: dictionaries, extra: qualifications)))
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await Self.scopedRecord(req, user: user)
        let id = record.id ?? 0
        let verdict = (try? req.content.get(String.self, at: "verdict")).flatMap(ReviewVerdict.init(rawValue:))
        let opinion = (try? req.content.get(String.self, at: "opinion")) ?? ""
        let version = req.contentInteger("version", in: InputRange.version) ?? -1
        let back = (try? req.content.get(String.self, at: "back")).flatMap { $0.hasPrefix(Page.reviews.path) ? $0 : nil }
            ?? "/reviews/\(id)"
        guard let verdict else {
            return req.redirect(to: "/reviews/\(id)", flash: Flash(kind: .error, message: "请选择审核结论"))
        }
        do {
            try await FilingService(req).decide(record, verdict: verdict, opinion: opinion, actor: user, expectedVersion: version)
        } catch let error as any CodedError where error.failure != .forbidden {
            return req.redirect(to: "/reviews/\(id)", flash: Flash(kind: .error, message: error.message))
        }
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已\(FilingViews.verdictLabel(verdict))"))
    }

    /// 批量通过: each selected filing is decided on its own; the summary says which ones failed and why.
    @Sendable func batch(req: Request) async throws -> Response {
        let user = try req.requireUser()
        struct Form: Content {
            var ids: [Int]?
            var back: String?
        }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let back = form.back.flatMap { $0.hasPrefix(Page.reviews.path) ? $0 : nil } ?? Page.reviews.path
        let ids = Array(Set(form.ids ?? [])).sorted().prefix(500)
        guard !ids.isEmpty else {
            return req.redirect(to: back, flash: Flash(kind: .warning, message: "请先勾选要批量通过的记录"))
        }
        let service = FilingService(req)
        var approved = 0
        var failures: [String] = []
        for id in ids {
            guard let record = try await FilingRecord.find(id, on: req.db), user.scope.permits(record.scopeSubject) else {
                failures.append("#\(id) 不存在或不在您的范围内")
                continue
            }
            let filing = try record.filing()
            guard let step = filing.currentStep,
                  ReviewWorkflow.standard.policy(for: record.kind).batchLevels.contains(step.level)
            else {
                failures.append("#\(id) 不支持批量审核")
                continue
            }
            do {
                try await service.decide(record, verdict: .approve, opinion: "", actor: user, expectedVersion: record.version)
                approved += 1
            } catch let error as any CodedError {
                failures.append("#\(id) \(error.message)")
            }
        }
        let message = "已批量通过 \(approved) 条" + (failures.isEmpty ? "" : "；未通过 \(failures.count) 条：" + failures.prefix(5).joined(separator: "；"))
        return req.redirect(to: back, flash: Flash(kind: failures.isEmpty ? .success : .warning, message: message))
    }
}

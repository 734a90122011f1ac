import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Government and administrator pages over enterprise records (企业信息查询): list, detail, create, edit —
/// all through the user's data scope.
struct EnterpriseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let enterprises = routes.grouped(Page.enterprises)
        enterprises.get(use: list)
        enterprises.get("new", use: new)
        enterprises.post(use: create)
        enterprises.get(":id", use: show)
        enterprises.post(":id", "reveal", use: reveal)
        enterprises.get(":id", "edit", use: edit)
        enterprises.post(":id", use: update)
        routes.grouped(Page.myEnterprise).get(use: mine)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let filter = EnterpriseFilter(req)
        var list = try await EnterpriseList().prepared(on: req.application)
        list.detailQuery = URLQuery.encode(list.queryItems(filter))
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        let options = try await FilterOptions.load(for: user, on: req.db)
        return HTMLPage(Layout.shell(list.title, context,
                                     EnterpriseViews.list(list, page: page, filter: filter, options: options, user: user)))
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let row = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope) else {
            try await req.auditRefusedRead(enterpriseID: id, via: "GET /enterprises/\(id)")
            throw AppError.notFound()
        }
        return try await detailPage(req, row: row, user: user, revealedPhone: nil)
    }

    /// 查看完整号码: decrypts the contact phone for this one answer and records who saw it.
    @Sendable func reveal(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let row = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope),
              let enterprise = try await Enterprise.find(id, on: req.db)
        else {
            try await req.auditRefusedRead(enterpriseID: id, via: "POST /enterprises/\(id)/reveal")
            throw AppError.notFound()
        }
        guard user.role.seesContactDetails else {
            try await req.audit.record(.reveal, outcome: .denied, targetType: "enterprise", targetID: String(id),
                                       detail: "contact_phone")
            throw AppError.forbidden("您的角色不能查看完整号码")
        }
        let phone = try req.personalData.reveal(enterprise.contactPhoneSealed)
        let readable = phone != PersonalDataCipher.unreadable
        try await req.audit.record(.reveal, outcome: readable ? .success : .failure, targetType: "enterprise",
                                   targetID: String(id), detail: "contact_phone（联系电话）")
        return try await detailPage(req, row: row, user: user, revealedPhone: phone ?? "")
    }

    private func detailPage(_ req: Request, row: EnterpriseRow, user: CurrentUser, revealedPhone: String?)
        async throws -> HTMLPage
    {
        let filter = EnterpriseFilter(req)
        let neighbours = try await EnterpriseQuery.neighbours(of: row.id, on: req.db, scope: user.scope, filter: filter)
        let basicInfo = try await BasicInfoSummary.load(enterpriseID: row.id, service: FilingService(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(row.name, context, EnterpriseViews.detail(
            row, user: user, previous: neighbours.previous, next: neighbours.next, filter: filter, basicInfo: basicInfo,
            context: context, revealedPhone: revealedPhone)))
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        var form = EnterpriseForm()
        if user.role == .county, case .region(let prefix) = user.scope { form.region_code = prefix }
        return try await formPage(req, user: user, form: form, errors: FormErrors(), id: nil)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(EnterpriseForm.self)
        switch try await form.validate(user: user, existingID: nil, existingIncubator: nil, on: req.db, today: req.now) {
        case .failure(let errors):
            if errors["region_code"] == "所属区县超出您的管辖范围" {
                try await req.audit.record(.create, outcome: .denied, targetType: "enterprise",
                                           detail: "越权新增：\(form.region_code ?? "")")
            }
            return try await formPage(req, user: user, form: form, errors: errors, id: nil).encodeResponse(for: req)
        case .success(let valid):
            let enterprise = Enterprise()
            try valid.record.apply(to: enterprise, status: valid.status, cipher: try req.personalData, keepingPhone: false)
            try await enterprise.create(on: req.db)
            // The overview counts enterprises by place, industry and field: every node rebuilds its snapshot.
            try await DashboardVersion.bump(on: req.db)
            let id = enterprise.id.map(String.init) ?? ""
            try await req.audit.record(.create, targetType: "enterprise", targetID: id,
                                       detail: "\(enterprise.name)（\(enterprise.uscc)）")
            return req.redirect(to: "/enterprises/\(id)", flash: Flash(kind: .success, message: "企业已新增"))
        }
    }

    @Sendable func edit(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let row = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope) else {
            throw AppError.notFound()
        }
        return try await formPage(req, user: user, form: EnterpriseForm(row), errors: FormErrors(), id: id)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try req.requireID()
        // Out of scope reads as absent: the same 404 as a missing id.
        guard try await EnterpriseQuery.find(id, on: req.db, scope: user.scope) != nil,
              let enterprise = try await Enterprise.find(id, on: req.db)
        else {
            try await req.audit.record(.update, outcome: .denied, targetType: "enterprise", targetID: String(id))
            throw AppError.notFound()
        }
        let sent = try req.content.decode(EnterpriseForm.self)
        let keepingPhone = sent.keepsMaskedPhone(of: enterprise)
        var form = sent
        if keepingPhone { form.contact_phone = nil }
        switch try await form.validate(user: user, existingID: id, existingIncubator: enterprise.incubatorID,
                                       on: req.db, today: req.now) {
        case .failure(let errors):
            return try await formPage(req, user: user, form: sent, errors: errors, id: id).encodeResponse(for: req)
        case .success(let valid):
            let before = "\(enterprise.name)/\(enterprise.regionCode)/\(enterprise.status.rawValue)"
            let placement = enterprise.scopeSubject
            try valid.record.apply(to: enterprise, status: valid.status, cipher: try req.personalData,
                                   keepingPhone: keepingPhone)
            // A new county, zone or incubator takes the enterprise's filings, files and facts with it.
            try await EnterpriseMove.save(enterprise, from: placement, audit: req.audit, on: req.db)
            try await DashboardVersion.bump(on: req.db)
            try await req.audit.record(.update, targetType: "enterprise", targetID: String(id),
                                       detail: "\(before) → \(enterprise.name)/\(enterprise.regionCode)/\(enterprise.status.rawValue)")
            return req.redirect(to: "/enterprises/\(id)", flash: Flash(kind: .success, message: "企业信息已保存"))
        }
    }

    @Sendable func mine(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let id = user.enterpriseID,
              let row = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope)
        else { throw AppError.notFound("您的账号尚未关联企业，请联系平台管理员") }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("企业信息", context, EnterpriseViews.mine(row)))
    }

    private func formPage(_ req: Request, user: CurrentUser, form: EnterpriseForm, errors: FormErrors, id: Int?)
        async throws -> HTMLPage
    {
        let context = try await req.pageContext()
        let options = try await FilterOptions.load(for: user, on: req.db)
        let title = id == nil ? "新增企业" : "编辑企业"
        return HTMLPage(Layout.shell(title, context, EnterpriseViews.form(
            form, errors: errors, id: id, user: user, options: options, context: context)),
                        status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}

/// The enterprise's 基本信息 as the government reads it (seed 004 §2.2.3): the submitted content and every
/// opinion on it. A draft never submitted is the enterprise's own business; while an approved profile is being
/// edited again, the approved version is what the government sees.
struct BasicInfoSummary {
    let status: FilingStatus?
    let values: [String: String]?
    let history: ReviewHistory
    let names: OpinionNames

    static func load(enterpriseID: Int, service: FilingService, on db: any Database) async throws -> BasicInfoSummary {
        guard let record = try await service.record(enterpriseID: enterpriseID, slot: FilingService.slot(.basicInfo)),
              record.round > 0
        else { return BasicInfoSummary(status: nil, values: nil, history: ReviewHistory([]), names: OpinionNames()) }
        let status = record.status
        let documentID = (status == .draft ? record.approvedDocumentID : nil) ?? record.documentID
        var values: [String: String]?
        if let documentID { values = try await FilingDocument.find(documentID, on: db)?.values }
        let history = try await service.history(record)
        return BasicInfoSummary(status: status, values: values, history: history,
                                names: try await OpinionNames.load(history, on: db))
    }
}

/// Choices the enterprise query bar and form offer, narrowed to the user's scope.
struct FilterOptions {
    /// Regions one level below the scope (provinces for national users, cities for a province …).
    let regions: [SelectOption]
    /// Counties an enterprise may be placed in; empty when there are too many for a list (text input then).
    let counties: [SelectOption]
    let zones: [SelectOption]

    /// The options of the user's scope; the zones (a query over organisations) only when the page offers them.
    static func load(for user: CurrentUser, on db: any Database, zones wanted: Bool = true) async throws -> FilterOptions {
        let table = RegionTable.shipped
        var regions: [Region] = []
        var countyPrefix = ""
        switch user.scope {
        case .all:
            regions = table.provinces
        case .region(let prefix):
            countyPrefix = prefix
            let code = prefix.padding(toLength: 6, withPad: "0", startingAt: 0)
            regions = prefix.count < 6 ? table.drillDownChildren(of: code) : []
        case .zone, .incubator:
            // The organisation was read with the user at sign-in, in this request.
            if let code = user.organizationRegionCode, let region = table[code] {
                countyPrefix = region.scopePrefix
            }
        case .enterprise, .nothing:
            break
        }
        let counties = user.scope == .all ? [] : table.counties(under: countyPrefix)
        var only: Int?
        if case .zone(let id) = user.scope { only = id }
        let zones = wanted ? try await Organization.activeZones(only: only, limit: 500, on: db) : []
        return FilterOptions(
            regions: regions.map { SelectOption(value: $0.scopePrefix, label: $0.name) },
            counties: counties.count > 400 ? [] : counties.map {
                SelectOption(value: $0.code, label: table.fullName(of: $0.code))
            },
            zones: zones.map { SelectOption(value: String($0.id), label: $0.name) })
    }
}

extension Request {
    /// The `:id` path parameter as a positive integer, or 404 (a malformed id is simply not found).
    func requireID(_ name: String = "id") throws -> Int {
        guard let id = InputNumber.integer(parameters.get(name), in: InputRange.id) else { throw AppError.notFound() }
        return id
    }
}

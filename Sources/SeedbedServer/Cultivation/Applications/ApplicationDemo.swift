import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Demo data of 企业申报: windows open today for 辽宁 (21) and 重庆 (50) at both levels, and applications in
/// every state — 草稿, 提交待审核 at the county, 审核中 at the city, 退回修改 by the city, 审核通过, 不通过 —
/// driven through the one workflow by the organisations that review them. Runs once (skipped when windows exist).
enum ApplicationDemo {
    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await ApplicationWindow.query(on: db).count() == 0 else { return }
        let now = app.clock.now()
        let today = LocalDate(chinaTimeOf: now)
        guard let admin = try await User.query(on: db).filter(\.$role == .platformAdmin).sort(\.$id).first(),
              let adminID = admin.id
        else { return }
        for prefix in ["21", "50"] {
            for kind in ApplicationForm.kinds {
                let row = ApplicationWindow()
                row.kind = kind
                row.regionPrefix = prefix
                row.opensOn = LocalDate(daysSince1970: today.daysSince1970 - 30).description
                row.closesOn = LocalDate(daysSince1970: today.daysSince1970 + 60).description
                row.createdBy = adminID
                row.createdAt = now
                row.updatedAt = now
                try await row.create(on: db)
            }
        }

        // Enterprises of 大连 and 重庆 whose basic information is approved (the applications' prerequisite); the
        // demo enterprise account's own first, so 企业申报 shows it a returned application to revise.
        let approved = try await FilingRecord.query(on: db).filter(\.$kind == .basicInfo)
            .filter(\.$lastApprovedRound != nil).sort(\.$enterpriseID).all().map(\.enterpriseID)
        let showcase = try await User.query(on: db).filter(\.$account == "ent-demo").first()?.enterpriseID
        var dalian: [Enterprise] = []
        var chongqing: [Enterprise] = []
        let ordered = (showcase.map { approved.contains($0) ? [$0] : [] } ?? []) + approved.filter { $0 != showcase }
        for id in ordered where dalian.count < 6 || chongqing.count < 3 {
            guard let enterprise = try await Enterprise.find(id, on: db), enterprise.status == .active else { continue }
            if enterprise.regionCode.hasPrefix("2102"), dalian.count < 6, RegionCodes.level(of: enterprise.regionCode) == .county {
                dalian.append(enterprise)
            } else if enterprise.regionCode.hasPrefix("50"), chongqing.count < 3 {
                chongqing.append(enterprise)
            }
        }
        var service = FilingService(app: app, db: db, now: now)
        service.workflow = try await ApplicationWindows.workflow(on: db)
        let plan: [(Enterprise, [Step])] = zip(dalian, [
            [.returnAt(1)], [.submit], [.approveTo(1)], [.approveTo(3)], [], [.rejectAt(0)],
        ]).map { ($0, $1) } + zip(chongqing, [[.submit], [.approveTo(2)], []]).map { ($0, $1) }
        for (enterprise, steps) in plan {
            do {
                try await apply(.innovativeSMEApplication, enterprise: enterprise, steps: steps, service: service,
                                app: app, adminID: adminID, today: today)
            } catch {
                app.logger.warning("演示申报未能生成：\(enterprise.name)：\(error)")
            }
        }
    }

    /// What happens to a demo application after it is saved.
    enum Step {
        /// 提交.
        case submit
        /// Submitted and approved by the first `levels` levels.
        case approveTo(Int)
        /// Submitted, approved below `level`, returned there.
        case returnAt(Int)
        /// Submitted, approved below `level`, refused there.
        case rejectAt(Int)
    }

    private static func apply(_ kind: FilingKind, enterprise: Enterprise, steps: [Step], service: FilingService,
                              app: Application, adminID: Int, today: LocalDate) async throws {
        guard let enterpriseID = enterprise.id else { return }
        let db = app.db
        let owner = try await User.query(on: db).filter(\.$enterpriseID == enterpriseID).first()
        let actor = CurrentUser(id: owner?.id ?? adminID, account: owner?.account ?? "demo", name: enterprise.name,
                                role: .enterprise, organizationID: nil, organizationName: nil, organizationKind: nil,
                                organizationRegionCode: nil, enterpriseID: enterpriseID, enterpriseName: enterprise.name,
                                enterpriseStatus: .active, scope: .enterprise(id: enterpriseID), mustChangePassword: false,
                                passwordExpired: false, sessionID: nil, apiTokenID: nil)
        let year = try await EnterpriseFacts.years(enterpriseID: enterpriseID, scope: .all, on: db).first
        let values: [String: String] = [
            "contact_name": enterprise.contactName ?? "申报联系人", "contact_phone": "13800001234",
            "main_product": "智能传感器及工业控制模块", "fact_year": year.map(String.init) ?? "",
            "high_value_ip": "否", "self_developed_ip": "是", "strategic_product": "是", "innovation_demo": "否",
            "ip_advantage": "否",
        ]
        let slot = FilingService.slot(kind, year: today.year)
        var record = try await service.save(kind, year: today.year, slot: slot, enterprise: enterprise, values: values,
                                            actor: actor, submit: false, expectedVersion: nil)
        try await attachEvidence(record, enterprise: enterprise, actor: actor, app: app)
        guard let step = steps.first else { return }
        record = try await service.save(kind, year: today.year, slot: slot, enterprise: enterprise, values: values,
                                        actor: actor, submit: true, expectedVersion: nil)
        let (approvals, final): (Int, ReviewVerdict?) = switch step {
        case .submit: (0, nil)
        case .approveTo(let levels): (levels, nil)
        case .returnAt(let level): (level, .returnForRevision)
        case .rejectAt(let level): (level, .reject)
        }
        for _ in 0..<approvals {
            record = try await decide(record, .approve, opinion: "材料齐全，同意上报", service: service, adminID: adminID)
        }
        if let final {
            let opinion = final == .reject ? "主营业务收入占比未达到要求，不符合认定条件" : "请补充近三年研发费用专项审计报告后重新提交"
            _ = try await decide(record, final, opinion: opinion, service: service, adminID: adminID)
        }
    }

    /// A decision by the organisation the application waits for.
    private static func decide(_ record: FilingRecord, _ verdict: ReviewVerdict, opinion: String, service: FilingService,
                               adminID: Int) async throws -> FilingRecord {
        let filing = try record.filing()
        guard let reviewer = filing.currentStep?.reviewer, case .region(let code, _) = reviewer,
              let organization = try await Organization.query(on: service.db).filter(\.$regionCode == code)
                .filter(\.$kind ~~ [.county, .city, .province]).first(), let organizationID = organization.id
        else { return record }
        let user = try await User.query(on: service.db).filter(\.$organizationID == organizationID).first()
        let actor = CurrentUser(id: user?.id ?? adminID, account: user?.account ?? "demo", name: organization.name,
                                role: organization.kind.role, organizationID: organizationID,
                                organizationName: organization.name, organizationKind: organization.kind,
                                organizationRegionCode: organization.regionCode, enterpriseID: nil, enterpriseName: nil,
                                enterpriseStatus: nil, scope: .all, mustChangePassword: false, passwordExpired: false,
                                sessionID: nil, apiTokenID: nil)
        try await service.decide(record, verdict: verdict, opinion: opinion, actor: actor, expectedVersion: record.version)
        return try await FilingRecord.find(record.id, on: service.db) ?? record
    }

    /// One small PDF under a name with spaces, # and Chinese, as enterprises name their files.
    private static func attachEvidence(_ record: FilingRecord, enterprise: Enterprise, actor: CurrentUser,
                                       app: Application) async throws {
        guard let filingID = record.id else { return }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-demo-evidence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("%PDF-1.4\n% 演示作证材料\n".utf8).write(to: url)
        let name = "作证材料 #1（研发费用审计报告）.pdf"
        let stored = try await Files(app: app, db: app.db).keep(
            url, name: name, purpose: "application-evidence", owner: actor.id,
            subject: (enterprise.id ?? 0, enterprise.regionCode, enterprise.zoneID, enterprise.incubatorID),
            allowed: ApplicationController.allowedEvidence)
        let row = ApplicationEvidence()
        row.filingID = filingID
        row.fileID = stored.id ?? 0
        row.originalName = name
        row.entries = "[]"
        row.createdAt = app.clock.now()
        try await row.create(on: app.db)
    }
}

import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Demo recognitions of the MIIT levels (M8): the `ent-renew` enterprise holds a 专精特新中小企业 recognition that
/// ends within 3 months (认定复核 offers 去复核) and a valid 创新型中小企业 one; other active enterprises of 辽宁 and
/// 重庆 hold each level over several years, three more end within 3 months (one with its 复核 submitted to the
/// county), and one was cancelled after lapsing. Runs once (skipped when demo recognitions exist).
enum RecognitionDemo {
    static let source = "demo"

    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await CultivationRecognition.query(on: db).filter(\.$source == source).count() == 0 else { return }
        let now = app.clock.now()
        let today = LocalDate(chinaTimeOf: now)
        // ent-renew holds the showcase recognitions; ent-demo stays unrecognised, so its basic information is
        // editable any day and the browser suite can take it from self-assessment to a recognition.
        let showcase = try await User.query(on: db).filter(\.$account == "ent-renew").first()?.enterpriseID
        let unrecognised = try await User.query(on: db).filter(\.$account == "ent-demo").first()?.enterpriseID
        let candidates = try await Enterprise.query(on: db).filter(\.$status == .active).sort(\.$id).limit(400).all()
            .filter { $0.id != showcase && $0.id != unrecognised
                && ($0.regionCode.hasPrefix("21") || $0.regionCode.hasPrefix("50")) }
        // (level, issued on, valid until, cancelled)
        typealias Plan = (RecognitionKind, LocalDate, LocalDate, Bool)
        func granted(_ kind: RecognitionKind, daysAgo: Int) -> Plan {
            let term = RecognitionTerm.granted(on: today.adding(days: -daysAgo))
            return (kind, term.issuedOn, term.validUntil, false)
        }
        /// A term that ends `days` from today (negative: ended).
        func ending(_ kind: RecognitionKind, inDays days: Int, cancelled: Bool = false) -> Plan {
            let until = today.adding(days: days)
            return (kind, until.adding(days: 1).addingYears(-3), until, cancelled)
        }
        var plans: [(Enterprise, Plan)] = []
        if let showcase, let enterprise = try await Enterprise.find(showcase, on: db) {
            plans.append((enterprise, ending(.specializedSME, inDays: 45)))
            plans.append((enterprise, granted(.innovativeSME, daysAgo: 200)))
        }
        // The expiring and the cancelled first, so even a small demo shows them.
        let others: [Plan] = [
            ending(.innovativeSME, inDays: 20), ending(.innovativeSME, inDays: -40, cancelled: true),
            granted(.littleGiant, daysAgo: 300), ending(.specializedSME, inDays: 70), granted(.specializedSME, daysAgo: 90),
            ending(.littleGiant, inDays: 85), granted(.innovativeSME, daysAgo: 30), granted(.innovativeSME, daysAgo: 400),
            granted(.innovativeSME, daysAgo: 760), granted(.specializedSME, daysAgo: 500), granted(.littleGiant, daysAgo: 800),
        ]
        plans += zip(candidates, others).map { ($0, $1) }
        var created: [CultivationRecognition] = []
        var serials: [String: Int] = [:]
        for (enterprise, plan) in plans {
            guard let enterpriseID = enterprise.id else { continue }
            let (kind, issued, until, cancelled) = plan
            let prefix = kind.certificateCode + String(enterprise.regionCode.prefix(2)) + String(format: "%04d", issued.year)
            serials[prefix, default: 900] += 1
            let row = CultivationRecognition()
            row.enterpriseID = enterpriseID
            row.regionCode = enterprise.regionCode
            row.zoneID = enterprise.zoneID
            row.incubatorID = enterprise.incubatorID
            row.kind = kind
            row.certificateNo = prefix + String(format: "%05d", serials[prefix] ?? 900)
            row.issuedOn = issued.description
            row.validUntil = until.description
            row.source = source
            row.status = cancelled ? .cancelled : .valid
            if cancelled {
                row.cancelledOn = until.adding(days: 1).description
                row.cancelReason = CultivationRecognitions.lapsedReason
            }
            row.createdAt = now
            row.updatedAt = now
            try await row.create(on: db)
            created.append(row)
            let message = cancelled
                ? ("取消认定：\(kind.label)", "贵企业的\(kind.label)认定（证书编号 \(row.certificateNo)）已取消，原因：\(CultivationRecognitions.lapsedReason)。",
                   MessageCategory.recognitionCancelled)
                : ("认定通知：您的企业已被认定为\(kind.label)", "贵企业被认定为\(kind.label)，证书编号 \(row.certificateNo)，有效期自 "
                   + "\(issued.label) 至 \(until.label)。", MessageCategory.recognitionNotice)
            try await EnterpriseMessage(to: enterprise, category: message.2, title: message.0, body: message.1,
                                        link: Page.myRenewals.path, at: now).create(on: db)
        }
        // 认定到期 reminders for the terms ending within the lead time.
        _ = try await CultivationRecognitions.sweep(on: db, now: now, leadMonths: CultivationRecognitions.leadMonths(app))
        // A 复核 submitted to its county: the 创新型 recognition of another enterprise that ends in 20 days.
        if let renewing = created.first(where: { $0.kind == .innovativeSME && $0.validUntil == today.adding(days: 20).description }) {
            do {
                try await submitRenewal(renewing, app: app, now: now)
            } catch {
                app.logger.warning("演示复核未能生成：\(error)")
            }
        }
    }

    private static func submitRenewal(_ recognition: CultivationRecognition, app: Application, now: Date) async throws {
        let db = app.db
        guard let enterprise = try await Enterprise.find(recognition.enterpriseID, on: db), let enterpriseID = enterprise.id,
              let admin = try await User.query(on: db).filter(\.$role == .platformAdmin).sort(\.$id).first(),
              let adminID = admin.id
        else { return }
        let owner = try await User.query(on: db).filter(\.$enterpriseID == enterpriseID).first()
        let actor = CurrentUser(id: owner?.id ?? adminID, account: owner?.account ?? "demo", name: enterprise.name,
                                role: .enterprise, organizationID: nil, organizationName: nil, organizationKind: nil,
                                organizationRegionCode: nil, enterpriseID: enterpriseID, enterpriseName: enterprise.name,
                                enterpriseStatus: .active, scope: .enterprise(id: enterpriseID), mustChangePassword: false,
                                passwordExpired: false, sessionID: nil, apiTokenID: nil)
        let service = FilingService(app: app, db: db, now: now)
        let check = try await RenewalCheck.evaluate(recognition.kind, enterpriseID: enterpriseID, on: service.today, db: db)
        let values: [String: String] = [
            RenewalForm.level.id.rawValue: recognition.kind.label,
            RenewalForm.certificateNo.id.rawValue: recognition.certificateNo,
            RenewalForm.validUntil.id.rawValue: recognition.validUntil,
            RenewalForm.evaluation.id.rawValue: check.summary,
            RenewalForm.statement.id.rawValue: "认定以来主营业务保持稳定，研发投入逐年增长，新增发明专利 2 项，仍符合创新型中小企业认定条件。",
        ]
        try await service.save(.renewal, slot: CultivationRecognitions.renewalSlot(recognition), enterprise: enterprise,
                               values: values, actor: actor, submit: true, expectedVersion: nil)
    }
}

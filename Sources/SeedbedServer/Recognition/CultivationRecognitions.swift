import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// M8: recognitions of the MIIT levels. An approved application grants one (certificate number, 3 years, 认定通知);
/// the daily expiry run sends 认定到期 within the lead time and cancels lapsed ones nobody applied to renew (取消认定);
/// an approved 复核 extends the term 3 years from the old end date, a refused one cancels it.
enum CultivationRecognitions {
    /// `source` of a recognition granted on this platform by an approved application.
    static let applicationSource = "application"
    /// The reason written on a recognition cancelled by each path.
    static let lapsedReason = "有效期届满未通过复核"
    static let renewalRefusedReason = "复核不通过"
    static let supersededReason = "重新认定，由新证书替代"

    /// The level an application grants. 小巨人 is matched by its raw value, so the kind may be added to
    /// `FilingKind` (national level, switched on separately) without this file changing.
    static func kind(for filing: FilingKind) -> RecognitionKind? {
        switch filing {
        case .innovativeSMEApplication: .innovativeSME
        case .specializedSMEApplication: .specializedSME
        default: filing.rawValue == "little_giant_application" ? .littleGiant : nil
        }
    }

    // MARK: Reading

    /// The enterprise's current recognitions of the MIIT levels (valid status, `today` within the term), highest
    /// level first. What 企业认定查询 and the workbench show.
    static func current(enterpriseID: Int, on db: any Database, today: LocalDate) async throws -> [RecognitionRecord] {
        let day = today.description
        return try await CultivationRecognition.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$kind ~~ RecognitionKind.cultivationLevels).filter(\.$status == .valid)
            .filter(\.$issuedOn <= day).filter(\.$validUntil >= day).all()
            .sorted { level($0.kind) > level($1.kind) }
            .map(\.record)
    }

    /// Whether the enterprise counts as recognised for the workflow (复核, 重大变更, 信息更新): it holds a MIIT level
    /// that is not cancelled. A lapsed one stays until the expiry run cancels it, which it does only when no 复核
    /// is pending — so a 复核 returned for revision can still be resubmitted.
    static func isRecognised(enterpriseID: Int, on db: any Database, today: LocalDate) async throws -> Bool {
        try await CultivationRecognition.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$kind ~~ RecognitionKind.cultivationLevels).filter(\.$status == .valid)
            .filter(\.$issuedOn <= today.description).first() != nil
    }

    static func level(_ kind: RecognitionKind) -> Int {
        RecognitionKind.cultivationLevels.firstIndex(of: kind) ?? -1
    }

    /// The 复核 lead time (`SEEDBED_RECOGNITION_REMINDER_MONTHS`, default 3 months).
    static func leadMonths(_ app: Application) -> Int { app.config.recognitionReminderMonths }

    // MARK: Granting

    /// A certificate number: the level's letters, the province's two-digit code, the year of issue and a five-digit
    /// serial within level, province and year — `ZJ21202600001` is the first 专精特新中小企业 certificate 辽宁 (21)
    /// issued in 2026. Unique with the table's (kind, certificate_no) index; called inside the approving
    /// transaction, so two approvals do not draw the same serial on SQLite, and on PostgreSQL the index refuses
    /// the second, which then fails like any stale decision.
    static func certificateNumber(_ kind: RecognitionKind, regionCode: String, year: Int, on db: any Database)
        async throws -> String
    {
        let province = String(regionCode.prefix(2)).filter(\.isNumber)
        let prefix = kind.certificateCode + (province.count == 2 ? province : "00") + String(format: "%04d", min(max(year, 0), 9999))
        let taken = try await CultivationRecognition.query(on: db).filter(\.$kind == kind)
            .filter(\.$certificateNo =~ prefix).all(\.$certificateNo)
        let highest = taken.compactMap { number -> Int? in
            guard number.count == prefix.count + 5 else { return nil }
            return Int(number.dropFirst(prefix.count))
        }.max() ?? 0
        return prefix + String(format: "%05d", min(highest + 1, 99_999))
    }

    /// Grants `kind` to the enterprise on `now`'s day for three years and sends the 认定通知. A valid recognition of
    /// the same level it already held is superseded (cancelled without a message: the new certificate replaces it).
    @discardableResult
    static func grant(_ kind: RecognitionKind, to enterprise: Enterprise, filingID: Int?, on db: any Database, now: Date)
        async throws -> CultivationRecognition
    {
        guard let enterpriseID = enterprise.id else { throw AppError.notFound() }
        let today = LocalDate(chinaTimeOf: now)
        let term = RecognitionTerm.granted(on: today)
        let previous = try await CultivationRecognition.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$kind == kind).filter(\.$status == .valid).all()
        for old in previous {
            old.status = .cancelled
            old.cancelledOn = today.description
            old.cancelReason = supersededReason
            old.updatedAt = now
            try await old.save(on: db)
        }
        let row = CultivationRecognition()
        row.enterpriseID = enterpriseID
        row.regionCode = enterprise.regionCode
        row.zoneID = enterprise.zoneID
        row.incubatorID = enterprise.incubatorID
        row.kind = kind
        row.certificateNo = try await certificateNumber(kind, regionCode: enterprise.regionCode, year: today.year, on: db)
        row.issuedOn = term.issuedOn.description
        row.validUntil = term.validUntil.description
        row.source = applicationSource
        row.status = .valid
        row.filingID = filingID
        row.createdAt = now
        row.updatedAt = now
        try await row.create(on: db)
        try await EnterpriseMessage(
            to: enterprise, category: .recognitionNotice, title: "认定通知：您的企业已被认定为\(kind.label)",
            body: "经审核，贵企业被认定为\(kind.label)，证书编号 \(row.certificateNo)，有效期自 \(term.issuedOn.label) 至 "
                + "\(term.validUntil.label)。有效期届满前 \(RecognitionTerm.defaultLeadMonths) 个月内可申请复核。",
            link: Page.myRenewals.path, at: now
        ).create(on: db)
        return row
    }

    // MARK: 复核

    /// The filing slot of the 复核 of one recognition's current term: a new term (after a passed 复核) gets a new
    /// slot, so each term is renewed once.
    static func renewalSlot(_ recognition: CultivationRecognition) -> String {
        FilingKind.renewal.rawValue + ":" + String(recognition.id ?? 0) + ":" + recognition.validUntil
    }

    /// The recognition a 复核 slot is about.
    static func recognitionID(renewalSlot slot: String) -> Int? {
        let parts = slot.split(separator: ":")
        guard parts.count == 3, parts[0] == Substring(FilingKind.renewal.rawValue) else { return nil }
        return Int(parts[1])
    }

    /// Statuses in which a 复核 counts as pending: it keeps a lapsed recognition from being cancelled.
    static let pendingRenewalStatuses: [FilingStatus] = [.submitted, .inReview, .returned]

    /// A passed 复核: the term runs three more years from the old end date; 复核通过 message.
    static func renewalApproved(_ record: FilingRecord, enterprise: Enterprise, on db: any Database, now: Date) async throws {
        guard let id = recognitionID(renewalSlot: record.slot),
              let recognition = try await CultivationRecognition.find(id, on: db),
              recognition.enterpriseID == record.enterpriseID, recognition.status == .valid, let term = recognition.term
        else { throw AppError.invalid("该复核对应的认定已不存在或已取消，不能通过") }
        let extended = term.extended()
        recognition.validUntil = extended.validUntil.description
        recognition.updatedAt = now
        try await recognition.save(on: db)
        try await EnterpriseMessage(
            to: enterprise, category: .recognitionNotice, title: "复核通过：\(recognition.kind.label)有效期延长三年",
            body: "贵企业的\(recognition.kind.label)（证书编号 \(recognition.certificateNo)）复核通过，有效期延长至 "
                + "\(extended.validUntil.label)。",
            link: Page.myRenewals.path, at: now
        ).create(on: db)
    }

    /// A refused 复核 cancels the recognition.
    static func renewalRejected(_ record: FilingRecord, enterprise: Enterprise, on db: any Database, now: Date) async throws {
        guard let id = recognitionID(renewalSlot: record.slot),
              let recognition = try await CultivationRecognition.find(id, on: db),
              recognition.enterpriseID == record.enterpriseID
        else { return }
        _ = try await cancel(recognition, reason: renewalRefusedReason, enterprise: enterprise, on: db, now: now)
    }

    /// Cancels a valid recognition and sends 取消认定; false when it was not valid any more (another node, a
    /// double run).
    static func cancel(_ recognition: CultivationRecognition, reason: String, enterprise: Enterprise,
                       on db: any Database, now: Date) async throws -> Bool {
        guard let id = recognition.id, let sql = db as? any SQLDatabase else { return false }
        let today = LocalDate(chinaTimeOf: now).description
        let claimed = try await sql.raw("""
            UPDATE recognitions SET status = \(bind: RecognitionStatus.cancelled), cancelled_on = \(bind: today),
                cancel_reason = \(bind: reason), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = \(bind: RecognitionStatus.valid)
            RETURNING id
            """).first()
        guard claimed != nil else { return false }
        try await EnterpriseMessage(
            to: enterprise, category: .recognitionCancelled, title: "取消认定：\(recognition.kind.label)",
            body: "贵企业的\(recognition.kind.label)认定（证书编号 \(recognition.certificateNo)）已取消，原因：\(reason)。"
                + "如有疑问请联系所在地主管部门。",
            link: Page.myRenewals.path, at: now
        ).create(on: db)
        return true
    }

    // MARK: Expiry

    /// What one expiry run did.
    struct SweepResult: Sendable, Equatable {
        var reminded = 0
        var cancelled = 0
    }

    /// The expiry run: 认定到期 to every valid recognition whose end date lies within `leadMonths` (once per term),
    /// 取消认定 for every lapsed one without a pending 复核. Each change is claimed with a conditional update, so
    /// two nodes running it at once send nothing twice.
    static func sweep(on db: any Database, now: Date, leadMonths: Int) async throws -> SweepResult {
        let today = LocalDate(chinaTimeOf: now)
        let horizon = RecognitionTerm.horizon(from: today, leadMonths: leadMonths).description
        let rows = try await CultivationRecognition.query(on: db)
            .filter(\.$kind ~~ RecognitionKind.cultivationLevels).filter(\.$status == .valid)
            .filter(\.$validUntil < horizon).all()
        guard !rows.isEmpty else { return SweepResult() }
        let lapsedSlots = rows.filter { $0.term?.hasLapsed(on: today) ?? false }.map(renewalSlot)
        let pending = lapsedSlots.isEmpty ? Set<String>() : Set(try await FilingRecord.query(on: db)
            .filter(\.$kind == .renewal).filter(\.$slot ~~ lapsedSlots)
            .filter(\.$status ~~ pendingRenewalStatuses).all(\.$slot))
        let items = rows.compactMap { row -> RecognitionSweep.Item? in
            guard let id = row.id, let term = row.term else { return nil }
            return RecognitionSweep.Item(id: id, term: term, status: row.status,
                                         remindedFor: row.remindedFor.flatMap { try? LocalDate(iso: $0) },
                                         renewalPending: pending.contains(renewalSlot(row)))
        }
        let plan = RecognitionSweep.plan(items, on: today, leadMonths: leadMonths)
        let byID = Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        var result = SweepResult()
        for id in plan.remind {
            guard let row = byID[id], let term = row.term else { continue }
            let sent = try await db.transaction { db -> Bool in
                guard let sql = db as? any SQLDatabase,
                      let enterprise = try await Enterprise.find(row.enterpriseID, on: db) else { return false }
                let claimed = try await sql.raw("""
                    UPDATE recognitions SET reminded_for = valid_until, updated_at = \(bind: now)
                    WHERE id = \(bind: id) AND status = \(bind: RecognitionStatus.valid)
                      AND valid_until = \(bind: row.validUntil)
                      AND (reminded_for IS NULL OR reminded_for <> valid_until)
                    RETURNING id
                    """).first()
                guard claimed != nil else { return false }
                try await EnterpriseMessage(
                    to: enterprise, category: .recognitionExpiry, title: "认定到期提醒：\(row.kind.label)",
                    body: "贵企业的\(row.kind.label)认定（证书编号 \(row.certificateNo)）将于 \(term.validUntil.label) 到期，"
                        + "请在到期前通过“认定复核”提交复核申请；到期未通过复核的将取消认定。",
                    link: Page.myRenewals.path, at: now
                ).create(on: db)
                return true
            }
            if sent { result.reminded += 1 }
        }
        for id in plan.cancel {
            guard let row = byID[id] else { continue }
            let done = try await db.transaction { db -> Bool in
                guard let enterprise = try await Enterprise.find(row.enterpriseID, on: db) else { return false }
                return try await cancel(row, reason: lapsedReason, enterprise: enterprise, on: db, now: now)
            }
            if done { result.cancelled += 1 }
        }
        return result
    }
}

/// Runs the expiry check once shortly after the server starts and then every day.
enum RecognitionExpiry {
    static func start(_ app: Application) {
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(30), delay: .hours(24)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let result = try await CultivationRecognitions.sweep(
                        on: app.db, now: app.clock.now(), leadMonths: CultivationRecognitions.leadMonths(app))
                    if result.reminded + result.cancelled > 0 {
                        app.logger.info("认定到期检查：提醒 \(result.reminded) 家，取消认定 \(result.cancelled) 家")
                    }
                } catch {
                    app.logger.warning("recognition expiry: \(String(reflecting: error))")
                }
            }
        }
    }
}

/// `seedbed cultivation expire [--lead-months N]`: the expiry run by hand (operators, cron).
struct CultivationCommand: AsyncCommandGroup {
    var help: String { "梯度培育（expire：认定到期提醒与到期取消认定）" }

    var commands: [String: any AnyAsyncCommand] {
        ["expire": CultivationExpireCommand()]
    }
}

struct CultivationExpireCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "lead-months", help: "到期前多少个月发送提醒（默认取 SEEDBED_RECOGNITION_REMINDER_MONTHS，3 个月）")
        var leadMonths: Int?
    }

    var help: String { "发送认定到期提醒，取消已过有效期且无待审复核的认定" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Maintenance.prepareDatabase(app)
        try await app.autoMigrate()
        let lead = min(max(signature.leadMonths ?? CultivationRecognitions.leadMonths(app), 0), 36)
        let result = try await CultivationRecognitions.sweep(on: app.db, now: app.clock.now(), leadMonths: lead)
        context.console.print("认定到期检查完成：发送到期提醒 \(result.reminded) 条，取消认定 \(result.cancelled) 项")
    }
}

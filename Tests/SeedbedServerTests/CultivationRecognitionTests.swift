import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// Recognitions put straight into the table, as an approved application or the 认定名单 import would leave them.
enum RecognitionFixture {
    @discardableResult
    static func recognise(_ app: Application, _ enterpriseID: Int, _ kind: RecognitionKind = .specializedSME,
                          issued: LocalDate? = nil, until: LocalDate, status: RecognitionStatus = .valid,
                          number: String? = nil) async throws -> CultivationRecognition {
        let enterprise = try #require(try await Enterprise.find(enterpriseID, on: app.db))
        let row = CultivationRecognition()
        row.enterpriseID = enterpriseID
        row.regionCode = enterprise.regionCode
        row.zoneID = enterprise.zoneID
        row.incubatorID = enterprise.incubatorID
        row.kind = kind
        row.certificateNo = number ?? "\(kind.certificateCode)TEST\(enterpriseID)\(until.description)"
        row.issuedOn = (issued ?? until.addingYears(-3).adding(days: 1)).description
        row.validUntil = until.description
        row.source = CultivationRecognitions.applicationSource
        row.status = status
        if status == .cancelled {
            row.cancelledOn = until.description
            row.cancelReason = CultivationRecognitions.lapsedReason
        }
        row.createdAt = app.clock.now()
        row.updatedAt = app.clock.now()
        try await row.create(on: app.db)
        return row
    }

    static func today(_ app: Application) -> LocalDate { LocalDate(chinaTimeOf: app.clock.now()) }

    static func messages(_ app: Application, _ enterpriseID: Int, _ category: MessageCategory) async throws -> [EnterpriseMessage] {
        try await EnterpriseMessage.query(on: app.db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$category == category).all()
    }

    /// Decides the filing at its current step as `account` (通过 unless told).
    static func decide(_ app: Application, _ account: String, filingID: Int, verdict: String = "approved",
                       opinion: String = "") async throws -> TestingHTTPResponse {
        let record = try #require(try await FilingRecord.find(filingID, on: app.db))
        let reviewer = Browser(app, ip: "10.81.9.\(account.count)")
        try await reviewer.login(account)
        return try await FilingFlowTests.decide(reviewer, record, verdict: verdict, opinion: opinion)
    }

    /// A submitted application of `kind` for the enterprise, made with the workflow as the application pages
    /// would (the window and prerequisites are the application feature's business, not this suite's).
    static func submittedApplication(_ app: Application, _ enterpriseID: Int, kind: FilingKind) async throws -> FilingRecord {
        let enterprise = try #require(try await Enterprise.find(enterpriseID, on: app.db))
        let now = app.clock.now()
        let today = LocalDate(chinaTimeOf: now)
        let workflow = try ReviewWorkflow(overriding: [FilingPolicy(
            kind: kind, chain: [.county, .city, .province], verdicts: [.approve, .returnForRevision, .reject])])
        let context = try await FilingService(app: app, db: app.db, now: now).context(for: enterprise)
        let started = try workflow.start(kind, for: context, on: today)
        let filing = try workflow.submit(started, expectedVersion: started.version, by: context, on: today).filing
        let record = FilingRecord()
        record.enterpriseID = enterpriseID
        record.regionCode = enterprise.regionCode
        record.zoneID = enterprise.zoneID
        record.incubatorID = enterprise.incubatorID
        record.kind = kind
        record.slot = FilingService.slot(kind, year: today.year)
        record.year = today.year
        record.status = filing.status
        record.version = filing.version
        record.round = filing.round
        record.route = String(decoding: try JSONEncoder().encode(filing.route), as: UTF8.self)
        record.stepIndex = filing.stepIndex
        record.lastApprovedRound = filing.lastApprovedRound
        record.pendingReviewer = filing.pendingReviewer?.key
        record.submittedAt = now
        record.createdAt = now
        record.updatedAt = now
        try await record.create(on: app.db)
        return record
    }
}

@Suite("梯度培育：认定、到期与复核（M8）")
struct CultivationRecognitionTests {
    @Test("申报经区县、市、省三级审核通过后生成认定：证书编号、自批准日起三年有效，并发送认定通知")
    func approvedApplicationCreatesRecognition() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let application = try await RecognitionFixture.submittedApplication(app, e2, kind: .innovativeSMEApplication)
            let id = try #require(application.id)
            #expect(application.pendingReviewer == "county:210212")
            for account in ["county-ls", "city-dl", "prov-ln"] {
                let decided = try await RecognitionFixture.decide(app, account, filingID: id)
                #expect(decided.status == .seeOther)
            }
            #expect(try await FilingRecord.find(id, on: app.db)?.status == .approved)
            let today = RecognitionFixture.today(app)
            let recognition = try #require(try await CultivationRecognition.query(on: app.db)
                .filter(\.$enterpriseID == e2).filter(\.$kind == .innovativeSME).first())
            #expect(recognition.certificateNo == "CX21\(today.year)00001")
            #expect(recognition.issuedOn == today.description)
            #expect(recognition.validUntil == RecognitionTerm.granted(on: today).validUntil.description)
            #expect(recognition.filingID == id)
            let notices = try await RecognitionFixture.messages(app, e2, .recognitionNotice)
            #expect(notices.count == 1)
            #expect(notices.first?.body.contains(recognition.certificateNo) == true)
            #expect(notices.first?.link == Page.myRenewals.path)
            // The enterprise sees it, and counts as recognised now (current recognitions, 重大变更 allowed).
            let current = try await CultivationRecognitions.current(enterpriseID: e2, on: app.db, today: today)
            #expect(current.map(\.certificateNo) == [recognition.certificateNo])
            let owner = Browser(app, ip: "10.81.1.2")
            try await owner.login("ent-e2")
            let page = try await owner.get(Page.myRenewals.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(recognition.certificateNo))
            #expect(!page.body.string.contains("去复核"), "not within the lead time yet")
            #expect(!(try await owner.get("/my/changes/new")).body.string.contains("仅已认定的企业"))
        }
    }

    @Test("到期检查：有效期在 3 个月内届满的认定发一次认定到期提醒，再次运行不重复；未到提前期的不提醒")
    func expiryRemindsOnce() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let e1 = try fixtures.enterprise("e1")
            let today = RecognitionFixture.today(app)
            let soon = try await RecognitionFixture.recognise(app, e2, .specializedSME, until: today.adding(days: 30))
            try await RecognitionFixture.recognise(app, e1, .innovativeSME, until: today.addingMonths(4))
            let first = try await CultivationRecognitions.sweep(on: app.db, now: app.clock.now(), leadMonths: 3)
            #expect(first == CultivationRecognitions.SweepResult(reminded: 1, cancelled: 0))
            let second = try await CultivationRecognitions.sweep(on: app.db, now: app.clock.now(), leadMonths: 3)
            #expect(second == CultivationRecognitions.SweepResult(reminded: 0, cancelled: 0))
            let reminders = try await RecognitionFixture.messages(app, e2, .recognitionExpiry)
            #expect(reminders.count == 1)
            #expect(reminders.first?.body.contains(soon.certificateNo) == true)
            #expect(try await RecognitionFixture.messages(app, e1, .recognitionExpiry).isEmpty)
            // A longer lead time reaches the other one, once.
            let longer = try await CultivationRecognitions.sweep(on: app.db, now: app.clock.now(), leadMonths: 6)
            #expect(longer.reminded == 1)
            // The enterprise sees 即将到期 and 去复核.
            let owner = Browser(app, ip: "10.81.2.2")
            try await owner.login("ent-e2")
            let page = try await owner.get(Page.myRenewals.path).body.string
            #expect(page.contains("即将到期"))
            #expect(page.contains("/my/renewals/new?recognition=\(soon.id ?? 0)"))
        }
    }

    /// ent-e2 files the 复核 of `recognition` through the pages; returns the filing.
    static func fileRenewal(_ app: Application, _ recognition: CultivationRecognition, account: String = "ent-e2")
        async throws -> FilingRecord
    {
        let owner = Browser(app, ip: "10.81.3.2")
        try await owner.login(account)
        let form = try await owner.get("/my/renewals/new?recognition=\(recognition.id ?? 0)")
        #expect(form.status == .ok)
        #expect(form.body.string.contains("平台评价"))
        let empty = try await owner.post(Page.myRenewals.path, form: [
            "recognition": String(recognition.id ?? 0), "statement": "", "action": "submit",
        ], csrfFrom: Page.myRenewals.path)
        #expect(empty.status == .unprocessableEntity, "复核说明 is required")
        let submitted = try await owner.post(Page.myRenewals.path, form: [
            "recognition": String(recognition.id ?? 0), "statement": "主营业务未变，研发投入持续增长", "action": "submit",
        ], csrfFrom: Page.myRenewals.path)
        #expect(submitted.status == .seeOther, "\(Browser.alertText(submitted.body.string) ?? "")")
        return try #require(try await FilingRecord.query(on: app.db).filter(\.$kind == .renewal)
            .filter(\.$slot == CultivationRecognitions.renewalSlot(recognition)).first())
    }

    @Test("复核：企业去复核（按最新数据重新评价），区县、市、省审核通过后有效期自原到期日起延长三年，并通知企业")
    func renewalApprovalExtends() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let today = RecognitionFixture.today(app)
            let recognition = try await RecognitionFixture.recognise(app, e2, .specializedSME, until: today.adding(days: 20))
            let renewal = try await Self.fileRenewal(app, recognition)
            #expect(renewal.status == .submitted)
            #expect(renewal.pendingReviewer == "county:210212")
            let filingID = try #require(renewal.id)
            let county = Browser(app, ip: "10.81.4.1")
            try await county.login("county-ls")
            #expect(try await county.get("/reviews?kind=renewal").body.string.contains("大连旅顺二号科技有限公司"))
            let detail = try await county.get("/reviews/\(filingID)").body.string
            #expect(detail.contains("研发投入持续增长"))
            #expect(detail.contains("平台评价结果"))
            for account in ["county-ls", "city-dl", "prov-ln"] {
                #expect(try await RecognitionFixture.decide(app, account, filingID: filingID).status == .seeOther)
            }
            let after = try #require(try await CultivationRecognition.find(recognition.id, on: app.db))
            let expected = RecognitionTerm(issuedOn: try LocalDate(iso: recognition.issuedOn),
                                           validUntil: today.adding(days: 20)).extended().validUntil
            #expect(after.validUntil == expected.description)
            #expect(after.status == .valid)
            let notices = try await RecognitionFixture.messages(app, e2, .recognitionNotice)
            #expect(notices.contains { $0.title.contains("复核通过") })
            // History: the 复核 with its 详情.
            let owner = Browser(app, ip: "10.81.4.2")
            try await owner.login("ent-e2")
            let list = try await owner.get(Page.myRenewals.path).body.string
            #expect(list.contains("/my/renewals/\(filingID)"))
            #expect(try await owner.get("/my/renewals/\(filingID)").body.string.contains("审核通过"))
        }
    }

    @Test("复核不通过取消认定并发送取消认定消息；过期未复核的取消，过期但复核待审的保留")
    func rejectionAndLapseCancel() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let e1 = try fixtures.enterprise("e1")
            let today = RecognitionFixture.today(app)
            // 不通过 by the county.
            let refused = try await RecognitionFixture.recognise(app, e2, .specializedSME, until: today.adding(days: 10))
            let renewal = try await Self.fileRenewal(app, refused)
            #expect(try await RecognitionFixture.decide(app, "county-ls", filingID: renewal.id ?? 0, verdict: "rejected",
                                                        opinion: "研发投入不达标").status == .seeOther)
            let cancelled = try #require(try await CultivationRecognition.find(refused.id, on: app.db))
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.cancelReason == CultivationRecognitions.renewalRefusedReason)
            #expect(try await RecognitionFixture.messages(app, e2, .recognitionCancelled).count == 1)

            // Lapsed without 复核: cancelled by the expiry run, with a message, once.
            let lapsed = try await RecognitionFixture.recognise(app, e1, .innovativeSME, until: today.adding(days: -1))
            // Lapsed while its 复核 waits: kept.
            let waiting = try await RecognitionFixture.recognise(app, e2, .innovativeSME, until: today.adding(days: 15))
            let pending = try await Self.fileRenewal(app, waiting)
            #expect(pending.status == .submitted)
            waiting.validUntil = today.adding(days: -3).description
            try await waiting.save(on: app.db)
            // The filing's slot names the term it renews; keep it pointing at the (moved) term.
            pending.slot = CultivationRecognitions.renewalSlot(waiting)
            try await pending.save(on: app.db)
            let result = try await CultivationRecognitions.sweep(on: app.db, now: app.clock.now(), leadMonths: 3)
            #expect(result.cancelled == 1)
            #expect(try await CultivationRecognition.find(lapsed.id, on: app.db)?.status == .cancelled)
            #expect(try await CultivationRecognition.find(waiting.id, on: app.db)?.status == .valid)
            let e1Messages = try await RecognitionFixture.messages(app, e1, .recognitionCancelled)
            #expect(e1Messages.count == 1)
            #expect(e1Messages.first?.body.contains(CultivationRecognitions.lapsedReason) == true)
            #expect(try await CultivationRecognitions.sweep(on: app.db, now: app.clock.now(), leadMonths: 3).cancelled == 0)
            // A cancelled recognition offers no 复核.
            let owner = Browser(app, ip: "10.81.5.2")
            try await owner.login("ent-e2")
            let again = try await owner.post(Page.myRenewals.path, form: [
                "recognition": String(refused.id ?? 0), "statement": "再试", "action": "submit",
            ], csrfFrom: Page.myRenewals.path)
            #expect(again.status == .unprocessableEntity)
        }
    }

    @Test("企业不能查看或复核其他企业的认定与复核；政府账号不能打开企业的认定复核")
    func enterpriseIsolation() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let today = RecognitionFixture.today(app)
            let recognition = try await RecognitionFixture.recognise(app, e2, .specializedSME, until: today.adding(days: 20))
            let renewal = try await Self.fileRenewal(app, recognition)
            let other = Browser(app, ip: "10.81.6.1")
            try await other.login("ent-e1")
            #expect(try await other.get("/my/renewals/\(renewal.id ?? 0)").status == .notFound)
            #expect(try await other.get("/my/renewals/new?recognition=\(recognition.id ?? 0)").status == .notFound)
            let posted = try await other.post(Page.myRenewals.path, form: [
                "recognition": String(recognition.id ?? 0), "statement": "冒名", "action": "submit",
            ], csrfFrom: Page.myRenewals.path)
            #expect(posted.status == .notFound)
            #expect(!(try await other.get(Page.myRenewals.path)).body.string.contains(recognition.certificateNo))
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .renewal).count() == 1)
            let county = Browser(app, ip: "10.81.6.2")
            try await county.login("county-ls")
            #expect(try await county.get(Page.myRenewals.path).status != .ok)
        }
    }

    @Test("认定企业列表与申报认定统计按数据范围：区县只见本区县，市见全市，导出与页面一致")
    func listsRespectScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let today = RecognitionFixture.today(app)
            let e1 = try fixtures.enterprise("e1"), e2 = try fixtures.enterprise("e2"), e3 = try fixtures.enterprise("e3")
            try await RecognitionFixture.recognise(app, e1, .innovativeSME, until: today.addingYears(2), number: "CX-E1")
            try await RecognitionFixture.recognise(app, e2, .specializedSME, until: today.adding(days: 40), number: "ZJ-E2")
            try await RecognitionFixture.recognise(app, e2, .innovativeSME, until: today.adding(days: -40),
                                                   status: .cancelled, number: "CX-E2-OLD")
            try await RecognitionFixture.recognise(app, e3, .littleGiant, until: today.addingYears(1), number: "XJ-E3")
            _ = try await RecognitionFixture.submittedApplication(app, e2, kind: .specializedSMEApplication)

            let county = Browser(app, ip: "10.81.7.1")
            try await county.login("county-ls")
            let list = try await county.get(Page.recognitions.path).body.string
            #expect(list.contains("ZJ-E2") && list.contains("CX-E2-OLD"))
            #expect(!list.contains("CX-E1") && !list.contains("XJ-E3"))
            #expect(list.contains("即将到期") && list.contains("已取消"))
            let cancelledOnly = try await county.get(Page.recognitions.path + "?status=cancelled").body.string
            #expect(cancelledOnly.contains("CX-E2-OLD") && !cancelledOnly.contains("ZJ-E2"))
            let exported = try await county.post("/exports/recognitions?status=expiring", form: [:], csrfFrom: Page.recognitions.path)
            try expectDownload(exported, named: "认定企业")
            let sheet = try #require(try ImportExportTests.Workbook.read(Data(buffer: exported.body)).values.first)
            #expect(sheet.count == 2, "header and the one expiring recognition")
            #expect(sheet.last?.contains("ZJ-E2") == true)

            let statistics = try await county.get(Page.cultivationStatistics.path).body.string
            #expect(statistics.contains("旅顺口区"))
            let (applications, recognitions) = try await RecognitionListController.tables(
                .init([:]), scope: try await Fixtures.currentUser("county-ls", on: app).scope, today: today,
                leadMonths: 3, on: app.db)
            #expect(applications.total?.last == .integer(1))
            #expect(recognitions.total?.last == .integer(2))
            let statExport = try await county.post(Page.cultivationStatistics.path + "/export?table=recognitions", form: [:],
                                                   csrfFrom: Page.cultivationStatistics.path)
            try expectDownload(statExport, named: "梯度培育认定统计")

            let city = Browser(app, ip: "10.81.7.2")
            try await city.login("city-dl")
            let cityList = try await city.get(Page.recognitions.path).body.string
            #expect(cityList.contains("CX-E1") && cityList.contains("ZJ-E2") && !cityList.contains("XJ-E3"))
            let cityTables = try await RecognitionListController.tables(
                .init(["level": "innovative_sme"]), scope: try await Fixtures.currentUser("city-dl", on: app).scope,
                today: today, leadMonths: 3, on: app.db)
            #expect(cityTables.recognitions.total?.last == .integer(2), "e1's and e2's cancelled 创新型")
            let national = Browser(app, ip: "10.81.7.3")
            try await national.login("national")
            #expect(try await national.get(Page.recognitions.path).body.string.contains("XJ-E3"))
            #expect(try await national.get(Page.cultivationStatistics.path).body.string.contains("重庆市"))
        }
    }

    @Test("演示数据：各级别认定，有即将到期、已取消的，即将到期的收到提醒，一条复核待区县审核；再次载入不重复")
    func demoRecognitions() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            try await RecognitionDemo.load(app)
            try await RecognitionDemo.load(app)
            let rows = try await CultivationRecognition.query(on: app.db).all()
            #expect(rows.count == 5, "one plan per fixture enterprise of 辽宁 and 重庆")
            #expect(Set(rows.map(\.kind)) == Set(RecognitionKind.cultivationLevels))
            #expect(rows.filter { $0.status == .cancelled }.count == 1)
            let today = RecognitionFixture.today(app)
            #expect(rows.filter { $0.standing(on: today, leadMonths: 3) == .expiring }.count == 2)
            #expect(try await EnterpriseMessage.query(on: app.db).filter(\.$category == .recognitionExpiry).count() == 2)
            let renewal = try #require(try await FilingRecord.query(on: app.db).filter(\.$kind == .renewal).first())
            #expect(renewal.status == .submitted)
            #expect(renewal.pendingReviewer?.hasPrefix("county:") == true || renewal.pendingReviewer?.hasPrefix("zone:") == true)
        }
    }
}

import Foundation
import SeedbedDomain
import Testing

@Suite("审核状态的保存与恢复")
struct FilingStateTests {
    static let route = [
        ReviewStep(level: .county, reviewer: .region(code: "210211", level: .county)),
        ReviewStep(level: .city, reviewer: .region(code: "210200", level: .city)),
    ]

    @Test("流程中的材料经 JSON 往返不变")
    func jsonRoundTrip() throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(.innovativeSMEApplication))
        filing = try fixture.decide(.approve, filing).filing
        let data = try JSONEncoder().encode(filing)
        let restored = try JSONDecoder().decode(Filing.self, from: data)
        #expect(restored == filing)
        #expect(restored.pendingReviewer?.key == "city:210200")
    }

    @Test("由存储字段恢复的材料继续按流程运转")
    func restoredFromColumns() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try Filing(kind: .annualReport, status: .inReview, version: 5, round: 2, route: Self.route,
                                stepIndex: 1, lastApprovedRound: nil)
        let city = ScopeOrganization(id: 210200, kind: .city, regionCode: "210200")
        #expect(filing.awaitsDecision(by: city))
        let approved = try fixture.workflow.apply(fixture.decision(.approve, by: city), to: filing, expectedVersion: 5)
        #expect(approved.filing.status == .approved)
        #expect(approved.filing.version == 6)
        #expect(approved.filing.lastApprovedRound == 2)
        #expect(approved.record?.round == 2)
    }

    @Test("自相矛盾的存储字段被拒绝", arguments: [
        (FilingStatus.draft, 0, 0, Int?.none, Int?.none),
        (.draft, Int.max, 0, nil, nil),
        (.draft, 1, -1, nil, nil),
        (.draft, 1, Int.max, nil, nil),
        (.draft, 1, 0, 2, nil),
        (.draft, 1, 0, nil, 1),
        (.draft, 3, 1, nil, 2),
        (.draft, 3, 1, nil, 0),
        (.submitted, 2, 1, nil, nil),
        (.submitted, 2, 0, 0, nil),
        (.inReview, 3, 1, 0, nil),
        (.returned, 3, 1, nil, nil),
        (.rejected, 3, 0, 0, nil),
        (.approved, 3, 1, 1, 1),
        (.approved, 3, 1, nil, nil),
        (.approved, 3, 2, nil, 1),
    ] as [(FilingStatus, Int, Int, Int?, Int?)])
    func corrupt(status: FilingStatus, version: Int, round: Int, stepIndex: Int?, lastApprovedRound: Int?) {
        let error = #expect(throws: WorkflowError.self) {
            try Filing(kind: .annualReport, status: status, version: version, round: round, route: Self.route,
                       stepIndex: stepIndex, lastApprovedRound: lastApprovedRound)
        }
        #expect(error?.code == "workflow.corrupt_filing")
    }

    @Test("一致的存储字段可以恢复", arguments: [
        (FilingStatus.draft, 1, 0, Int?.none, Int?.none),
        (.draft, 4, 1, 1, nil),
        (.draft, 4, 1, nil, 1),
        (.submitted, 2, 1, 0, nil),
        (.submitted, 6, 2, 1, nil),
        (.inReview, 3, 1, 1, nil),
        (.returned, 4, 1, 1, nil),
        (.rejected, 4, 1, 0, nil),
        (.approved, 4, 1, nil, 1),
    ] as [(FilingStatus, Int, Int, Int?, Int?)])
    func consistent(status: FilingStatus, version: Int, round: Int, stepIndex: Int?, lastApprovedRound: Int?) {
        #expect(throws: Never.self) {
            try Filing(kind: .annualReport, status: status, version: version, round: round, route: Self.route,
                       stepIndex: stepIndex, lastApprovedRound: lastApprovedRound)
        }
    }

    @Test("JSON 中不一致或未知的内容被拒绝", arguments: [
        #"{"kind":"annual_report","status":"approved","version":2,"round":1,"route":[]}"#,
        #"{"kind":"annual_report","status":"submitted","version":2,"round":1,"route":[],"stepIndex":0}"#,
        #"{"kind":"tax_return","status":"draft","version":1,"round":0,"route":[]}"#,
        #"{"kind":"annual_report","status":"draft","version":1,"round":0,"route":[{"level":"county","reviewer":"county:210200"}]}"#,
        #"{"kind":"annual_report","status":"draft","version":1,"round":0}"#,
    ])
    func corruptJSON(json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Filing.self, from: Data(json.utf8)) }
    }

    @Test("即将溢出的计数器拒绝继续转换而不是崩溃")
    func counterOverflow() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try Filing(kind: .basicInfo, status: .draft, version: Int.max - 1, round: 0, route: [],
                                stepIndex: nil, lastApprovedRound: nil)
        let edited = try fixture.workflow.edit(filing, expectedVersion: Int.max - 1, by: fixture.enterprise,
                                               on: fixture.day).filing
        #expect(edited.version == Int.max)
        #expect(throws: WorkflowError.corruptFiling("计数器溢出")) {
            try fixture.workflow.edit(edited, expectedVersion: Int.max, by: fixture.enterprise, on: fixture.day)
        }
    }

    @Test("状态的中文名称")
    func statusLabels() {
        #expect(FilingStatus.allCases.map(\.label) == ["草稿", "提交待审核", "审核中", "审核通过", "退回修改", "不通过"])
        #expect(ReviewVerdict.allCases.map(\.label) == ["通过", "退回修改", "不通过"])
    }

    @Test("每个错误都有唯一的稳定代码和中文提示")
    func errorCatalogue() throws {
        let day = try LocalDate(iso: "2025-03-01")
        let errors: [WorkflowError] = [
            .staleVersion, .awaitingReview, .underReview, .locked(.annualReport), .closed, .notPending(.draft),
            .notReviewer, .verdictNotAllowed(.reject, .basicInfo), .reasonRequired(.returnForRevision),
            .opinionTooLong(limit: 1000), .outsideWindow(.renewal, openings: [FilingWindow(period: .dates(from: day, through: day))]),
            .prerequisiteMissing(.recognised, for: .renewal), .batchNotAllowed(.renewal, .county),
            .invalidRegionCode("x"), .noZone, .invalidDate("2025-02-30"), .invalidPolicy(.renewal, "原因"),
            .corruptFiling("原因"),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors {
            #expect(error.code.hasPrefix("workflow."))
            #expect(error.message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
            #expect(error.errorDescription == error.message)
        }
        #expect(WorkflowError.outsideWindow(.renewal, openings: [FilingWindow(period: .dates(from: day, through: day))])
            .message == "当前不在复核申请开放时间内，开放时间：2025年3月1日至2025年3月1日")
    }
}

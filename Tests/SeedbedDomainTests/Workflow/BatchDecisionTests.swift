import Foundation
import SeedbedDomain
import Testing

@Suite("批量审核")
struct BatchDecisionTests {
    static let county = ScopeOrganization(id: 210211, kind: .county, regionCode: "210211")

    @Test("批量审核逐条生效，失败的不影响成功的")
    func perFilingOutcomes() throws {
        let fixture = try WorkflowFixture.standard()
        let ready = try fixture.submit(try fixture.start(.basicInfo))
        let alsoReady = try fixture.submit(try fixture.start(.basicInfo))
        let draft = try fixture.start(.basicInfo)
        var elsewhere = try WorkflowFixture.standard(regionCode: "210212")
        elsewhere.workflow = fixture.workflow
        let otherCounty = try elsewhere.submit(try elsewhere.start(.basicInfo))
        let items = [
            BatchItem(id: "a", filing: ready, expectedVersion: ready.version),
            BatchItem(id: "stale", filing: alsoReady, expectedVersion: alsoReady.version - 1),
            BatchItem(id: "draft", filing: draft, expectedVersion: draft.version),
            BatchItem(id: "other", filing: otherCounty, expectedVersion: otherCounty.version),
            BatchItem(id: "b", filing: alsoReady, expectedVersion: alsoReady.version),
        ]
        let outcomes = fixture.workflow.applyBatch(fixture.decision(.approve, "同意", by: Self.county), to: items)
        #expect(outcomes.map(\.id) == ["a", "stale", "draft", "other", "b"])
        #expect(outcomes.map { $0.transition?.filing.status } == [.approved, nil, nil, nil, .approved])
        #expect(outcomes.map { $0.error?.code } == [
            nil, "workflow.stale_version", "workflow.not_pending", "workflow.not_reviewer", nil,
        ])
        for outcome in outcomes {
            if let transition = outcome.transition {
                #expect(transition.record?.verdict == .approve)
                #expect(transition.effects.contains(.projectFacts))
            }
        }
    }

    @Test("批量审核仅在允许的材料与层级可用", arguments: [
        (FilingKind.basicInfo, 0, true), (.annualReport, 0, true), (.annualReport, 1, false),
        (.pointsData, 0, true), (.expressReport, 0, true), (.registration, 0, false),
        (.innovativeSMEApplication, 0, false), (.specializedSMEApplication, 0, false), (.majorChange, 0, false),
        (.renewal, 0, false),
    ])
    func batchLevels(kind: FilingKind, approvals: Int, allowed: Bool) throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(kind))
        for _ in 0..<approvals { filing = try fixture.decide(.approve, filing).filing }
        let step = try #require(filing.currentStep)
        let decision = try fixture.decision(.approve, on: filing)
        let outcome = try #require(fixture.workflow.applyBatch(decision, to: [
            BatchItem(id: 1, filing: filing, expectedVersion: filing.version),
        ]).first)
        if allowed {
            #expect(outcome.transition != nil)
        } else {
            #expect(outcome.error == .batchNotAllowed(kind, step.level))
            #expect(outcome.error?.message == "\(kind.label)在\(step.level.label)审核环节不支持批量审核，请逐条审核")
        }
    }

    @Test("同一材料在一批中出现两次只审核一次")
    func duplicateInBatch() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(.annualReport))
        let item = BatchItem(id: 7, filing: filing, expectedVersion: filing.version)
        let outcomes = fixture.workflow.applyBatch(fixture.decision(.approve, by: Self.county), to: [item, item])
        #expect(outcomes.first?.transition?.filing.status == .inReview)
        #expect(outcomes.last?.error == .staleVersion)
    }

    @Test("批量退回同样必须填写原因")
    func batchReturnNeedsReason() throws {
        let fixture = try WorkflowFixture.standard()
        let filings = try (0..<3).map { _ in try fixture.submit(try fixture.start(.annualReport)) }
        let items = filings.enumerated().map { BatchItem(id: $0.offset, filing: $0.element, expectedVersion: $0.element.version) }
        let blank = fixture.workflow.applyBatch(fixture.decision(.returnForRevision, " ", by: Self.county), to: items)
        #expect(blank.allSatisfy { $0.error == .reasonRequired(.returnForRevision) })
        let reasoned = fixture.workflow.applyBatch(fixture.decision(.returnForRevision, "数据有误", by: Self.county),
                                                   to: items)
        #expect(reasoned.allSatisfy { $0.transition?.filing.status == .returned })
        #expect(fixture.workflow.applyBatch(fixture.decision(.approve, by: Self.county), to: [BatchItem<Int>]()).isEmpty)
    }
}

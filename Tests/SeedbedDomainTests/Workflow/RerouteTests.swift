import Foundation
import SeedbedDomain
import Testing

@Suite("企业迁移后的审核改派")
struct RerouteTests {
    static let lvshun = EnterpriseLocation(regionCode: "210212")

    @Test("提交待审核的年报改由迁入区县审核，成为新版本，旧版本上的审核被拒绝")
    func submittedGoesToTheNewCounty() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(.annualReport))
        #expect(filing.pendingReviewer?.key == "county:210211")
        let transition = try #require(try fixture.workflow.reroute(filing, to: Self.lvshun))
        let moved = transition.filing
        #expect(moved.status == .submitted)
        #expect(moved.stepIndex == 0)
        #expect(moved.route.map(\.reviewer.key) == ["county:210212", "city:210200"])
        #expect(moved.version == filing.version + 1)
        #expect(moved.round == filing.round, "a move is not a new submission")
        #expect(transition.effects == [.notifyReviewer(
            try #require(ReviewerRef(key: "county:210212")),
            WorkflowMessage(title: "待审核：科技信息年报", body: "企业迁移后，有一份科技信息年报转由迁入地区县审核。"))])
        let oldCounty = WorkflowFixture.organization(for: try #require(filing.pendingReviewer))
        #expect(throws: WorkflowError.staleVersion) {
            try fixture.workflow.apply(fixture.decision(.approve, by: oldCounty), to: moved, expectedVersion: filing.version)
        }
        #expect(throws: WorkflowError.notReviewer) {
            try fixture.workflow.apply(fixture.decision(.approve, by: oldCounty), to: moved, expectedVersion: moved.version)
        }
        let newCounty = WorkflowFixture.organization(for: try #require(moved.pendingReviewer))
        let approved = try fixture.workflow.apply(fixture.decision(.approve, by: newCounty), to: moved,
                                                  expectedVersion: moved.version)
        #expect(approved.filing.pendingReviewer?.key == "city:210200")
    }

    @Test("审核中的年报停在同一层级：迁到另一城市后由新城市审核，区县的通过仍然有效")
    func inReviewKeepsItsLevel() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.decide(.approve, try fixture.submit(try fixture.start(.annualReport))).filing
        #expect(filing.pendingReviewer?.key == "city:210200")
        let moved = try #require(try fixture.workflow.reroute(filing, to: EnterpriseLocation(regionCode: "500112"))).filing
        #expect(moved.status == .inReview)
        #expect(moved.stepIndex == 1)
        #expect(moved.pendingReviewer?.key == "province:500000", "重庆市's bureau acts at the city level")
    }

    @Test("迁到不设区县的城市（东莞）：区县与市级合并为一级，材料作为待审核交由该市")
    func mergedLevelsWaitAsSubmission() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.decide(.approve, try fixture.submit(try fixture.start(.annualReport))).filing
        let moved = try #require(try fixture.workflow.reroute(filing, to: EnterpriseLocation(regionCode: "441900"))).filing
        #expect(moved.status == .submitted)
        #expect(moved.stepIndex == 0)
        #expect(moved.route.map(\.reviewer.key) == ["city:441900"])
    }

    @Test("基本信息按属地审核：迁入高新区后由高新区审核")
    func localLevelFollowsTheZone() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(.basicInfo))
        let moved = try #require(try fixture.workflow.reroute(filing, to: EnterpriseLocation(regionCode: "210212", zoneID: 7)))
        #expect(moved.filing.pendingReviewer?.key == "zone:7")
    }

    @Test("不在等待审核的材料、路线不变的材料无需改派", arguments: [
        FilingStatus.draft, .approved, .returned, .rejected,
    ])
    func nothingToReroute(status: FilingStatus) throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try #require(try fixture.filing(.innovativeSMEApplication, in: status))
        #expect(try fixture.workflow.reroute(filing, to: Self.lvshun) == nil)
    }

    @Test("所属高新区变化但审核路线不变（年报由区县、市级审核）：无需改派")
    func sameRouteIsUnchanged() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(.annualReport))
        #expect(try fixture.workflow.reroute(filing, to: EnterpriseLocation(regionCode: "210211", zoneID: 7)) == nil)
    }
}

import Foundation
import SeedbedDomain
import Testing

@Suite("填报时间窗口")
struct FilingWindowTests {
    static func enterprise(recognised: Bool, code: String = "210211") -> FilingEnterprise {
        FilingEnterprise(location: EnterpriseLocation(regionCode: code), isRecognised: recognised,
                         approvedKinds: Set(FilingKind.allCases), isOnExpressReportList: true,
                         hasDigitalAssessment: true)
    }

    @Test("已认定企业仅在每年1月1日至4月30日可更新基本信息，未认定企业随时可改", arguments: [
        ("2025-01-01", true), ("2025-03-15", true), ("2025-04-30", true), ("2024-02-29", true),
        ("2024-12-31", false), ("2025-05-01", false), ("2025-08-08", false), ("2025-12-31", false),
    ])
    func informationUpdateWindow(day: String, openToRecognised: Bool) throws {
        let date = try LocalDate(iso: day)
        let workflow = ReviewWorkflow.standard
        #expect(throws: Never.self) {
            try workflow.checkOpen(.basicInfo, for: Self.enterprise(recognised: false), on: date)
        }
        let recognised = Self.enterprise(recognised: true)
        if openToRecognised {
            #expect(throws: Never.self) { try workflow.checkOpen(.basicInfo, for: recognised, on: date) }
            #expect(throws: Never.self) { try workflow.start(.basicInfo, for: recognised, on: date) }
        } else {
            let error = #expect(throws: WorkflowError.self) { try workflow.checkOpen(.basicInfo, for: recognised, on: date) }
            #expect(error?.code == "workflow.outside_window")
            #expect(error?.message == "当前不在企业基本信息填报开放时间内，开放时间：每年1月1日至4月30日（已认定企业）")
        }
    }

    @Test("窗口外已认定企业不能修改或提交基本信息，窗口内可以")
    func editAndSubmitRespectWindow() throws {
        let workflow = ReviewWorkflow.standard
        let recognised = Self.enterprise(recognised: true)
        let march = try LocalDate(iso: "2025-03-01")
        let june = try LocalDate(iso: "2025-06-01")
        let draft = try workflow.start(.basicInfo, for: recognised, on: march)
        #expect(throws: WorkflowError.outsideWindow(.basicInfo, openings: [
            FilingWindow(period: .yearly(from: try MonthDay(month: 1, day: 1), through: try MonthDay(month: 4, day: 30)),
                         audience: .recognised),
        ])) {
            try workflow.edit(draft, expectedVersion: draft.version, by: recognised, on: june)
        }
        #expect(throws: WorkflowError.self) {
            try workflow.submit(draft, expectedVersion: draft.version, by: recognised, on: june)
        }
        let submitted = try workflow.submit(draft, expectedVersion: draft.version, by: recognised, on: march)
        #expect(submitted.filing.status == .submitted)
        let unrecognised = Self.enterprise(recognised: false)
        #expect(try workflow.edit(draft, expectedVersion: draft.version, by: unrecognised, on: june).filing.status == .draft)
    }

    @Test("管理员未设置申报时间时申报不开放")
    func applicationsClosedByDefault() throws {
        let day = try LocalDate(iso: "2025-03-15")
        for kind in [FilingKind.innovativeSMEApplication, .specializedSMEApplication] {
            let error = #expect(throws: WorkflowError.outsideWindow(kind, openings: [])) {
                try ReviewWorkflow.standard.start(kind, for: Self.enterprise(recognised: false), on: day)
            }
            #expect(error?.message == "\(kind.activity)当前未开放（所在地区尚未设置开放时间）")
        }
    }

    @Test("省级申报时间只对本省企业开放，首尾两天都在内", arguments: [
        ("510104", "2025-03-01", true), ("510104", "2025-03-31", true), ("510104", "2025-03-15", true),
        ("510104", "2025-02-28", false), ("510104", "2025-04-01", false),
        ("210211", "2025-03-15", false), ("500112", "2025-06-15", true), ("500112", "2025-03-15", false),
    ])
    func provinceWindows(code: String, day: String, open: Bool) throws {
        var policy = FilingPolicy.standard(for: .innovativeSMEApplication)
        policy.windows = [
            FilingWindow(period: .dates(from: try LocalDate(iso: "2025-03-01"), through: try LocalDate(iso: "2025-03-31")),
                         regionPrefix: "51"),
            FilingWindow(period: .dates(from: try LocalDate(iso: "2025-06-01"), through: try LocalDate(iso: "2025-06-30")),
                         regionPrefix: "50"),
        ]
        let workflow = try ReviewWorkflow(overriding: [policy])
        let enterprise = Self.enterprise(recognised: false, code: code)
        let result = Result { () throws(WorkflowError) -> Filing in
            try workflow.start(.innovativeSMEApplication, for: enterprise, on: try LocalDate(iso: day))
        }
        #expect(((try? result.get()) != nil) == open)
        if code == "210211", case .failure(let error) = result {
            #expect(error == .outsideWindow(.innovativeSMEApplication, openings: []))
        }
        if code == "510104", !open, case .failure(let error) = result {
            #expect(error.message == "当前不在创新型中小企业申报开放时间内，开放时间：2025年3月1日至2025年3月31日")
        }
    }

    @Test("跨年的每年窗口", arguments: [
        ("2024-11-01", true), ("2024-12-31", true), ("2025-01-01", true), ("2025-01-31", true),
        ("2025-02-01", false), ("2024-10-31", false), ("2025-06-30", false),
    ])
    func wrappingYearlyWindow(day: String, open: Bool) throws {
        let period = FilingPeriod.yearly(from: try MonthDay(month: 11, day: 1), through: try MonthDay(month: 1, day: 31))
        #expect(period.contains(try LocalDate(iso: day)) == open)
        #expect(period.label == "每年11月1日至1月31日")
    }

    @Test("时间段首尾颠倒时不开放；随时开放的窗口始终开放")
    func degeneratePeriods() throws {
        let day = try LocalDate(iso: "2025-03-15")
        #expect(!FilingPeriod.dates(from: try LocalDate(iso: "2025-04-01"), through: try LocalDate(iso: "2025-03-01"))
            .contains(day))
        #expect(FilingPeriod.anytime.contains(day))
        #expect(FilingPeriod.anytime.label == "随时")
        #expect(FilingWindow.always.applies(to: Self.enterprise(recognised: true)))
    }

    @Test("窗口按对象区分已认定与未认定企业", arguments: [
        (FilingAudience.everyone, true, true), (.everyone, false, true), (.recognised, true, true),
        (.recognised, false, false), (.unrecognised, true, false), (.unrecognised, false, true),
    ])
    func audiences(audience: FilingAudience, recognised: Bool, applies: Bool) {
        let window = FilingWindow(period: .anytime, audience: audience)
        #expect(window.applies(to: Self.enterprise(recognised: recognised)) == applies)
    }

    @Test("只对已认定企业的申报窗口：未认定企业看到的是未开放")
    func recognisedOnlyWindow() throws {
        var policy = FilingPolicy.standard(for: .renewal)
        policy.windows = [FilingWindow(period: .anytime, audience: .recognised)]
        policy.prerequisites = []
        let workflow = try ReviewWorkflow(overriding: [policy])
        let day = try LocalDate(iso: "2025-03-15")
        #expect(throws: Never.self) { try workflow.start(.renewal, for: Self.enterprise(recognised: true), on: day) }
        #expect(throws: WorkflowError.outsideWindow(.renewal, openings: [])) {
            try workflow.start(.renewal, for: Self.enterprise(recognised: false), on: day)
        }
    }
}

import Foundation
import SeedbedDomain
import Testing

@Suite("信息更新窗口")
struct InfoUpdateWindowTests {
    static func enterprise(recognised: Bool) -> FilingEnterprise {
        FilingEnterprise(location: EnterpriseLocation(regionCode: "210211"), isRecognised: recognised,
                         approvedKinds: Set(FilingKind.allCases), isOnExpressReportList: true,
                         hasDigitalAssessment: true)
    }

    @Test("已认定企业：2025 年至 4 月 30 日，2026 年起至 5 月 31 日，次日关闭；未认定企业随时可改", arguments: [
        ("2025-01-01", true), ("2025-04-30", true), ("2025-05-01", false), ("2025-05-31", false),
        ("2024-12-31", false), ("2026-01-01", true), ("2026-04-30", true), ("2026-05-31", true),
        ("2026-06-01", false), ("2027-05-31", true), ("2027-06-01", false), ("2026-12-31", false),
    ])
    func edges(day: String, open: Bool) throws {
        let date = try LocalDate(iso: day)
        let window = InfoUpdateWindow.standard
        #expect(window.isOpen(on: date) == open)
        let workflow = try window.workflow(on: date)
        #expect(throws: Never.self) { try workflow.checkOpen(.basicInfo, for: Self.enterprise(recognised: false), on: date) }
        if open {
            #expect(throws: Never.self) { try workflow.start(.basicInfo, for: Self.enterprise(recognised: true), on: date) }
        } else {
            let error = #expect(throws: WorkflowError.self) {
                try workflow.checkOpen(.basicInfo, for: Self.enterprise(recognised: true), on: date)
            }
            #expect(error?.code == "workflow.outside_window")
            #expect(error?.message.contains(date.year >= 2026 ? "5月31日" : "4月30日") == true)
        }
    }

    @Test("页面说明随年份变化")
    func notice() {
        #expect(InfoUpdateWindow.standard.notice(in: 2026) == "已认定企业每年1月1日至5月31日可提交信息更新")
        #expect(InfoUpdateWindow.standard.notice(in: 2025) == "已认定企业每年1月1日至4月30日可提交信息更新")
    }

    @Test("设置可读写，有误的设置被拒绝", arguments: ["", "01-01", "01-01,04-31,05-31", "05-01,04-30,05-31", "a-b,c-d,e-f"])
    func badSettings(text: String) {
        #expect(throws: WorkflowError.self) { try InfoUpdateWindow(setting: text) }
    }

    @Test("一个地方把窗口改为 3 月 1 日至 6 月 30 日")
    func configured() throws {
        let window = try InfoUpdateWindow(setting: "03-01,06-30,06-30")
        #expect(window.setting == "03-01,06-30,06-30")
        #expect(InfoUpdateWindow.standard.setting == "01-01,04-30,05-31")
        #expect(try InfoUpdateWindow(setting: InfoUpdateWindow.standard.setting) == .standard)
        #expect(!window.isOpen(on: try LocalDate(iso: "2026-02-28")))
        #expect(window.isOpen(on: try LocalDate(iso: "2026-06-30")))
        #expect(!window.isOpen(on: try LocalDate(iso: "2026-07-01")))
    }
}

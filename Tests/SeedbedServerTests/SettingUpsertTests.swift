import Fluent
import Foundation
@testable import SeedbedServer
import Testing

/// Platform settings (审核时限, 信息更新时间, 安全策略, 展示文字, 创客大赛) are written through one upsert.
@Suite("平台设置的保存")
struct SettingUpsertTests {
    @Test("同一设置被 8 个请求同时保存：都成功，数据库里只有一行，值是其中之一；再次保存覆盖旧值")
    func parallelSavesAllSucceed() async throws {
        try await withSeedbedApp { app in
            let db = app.db
            let values = (0..<8).map { "basic_info=\($0 + 1)" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for value in values {
                    group.addTask { try await Setting.upsert("review_periods_test", value: value, on: db) }
                }
                try await group.waitForAll()
            }
            let rows = try await Setting.query(on: db).filter(\.$id == "review_periods_test").all()
            #expect(rows.count == 1)
            #expect(rows.first.map { values.contains($0.value) } == true)

            try await Setting.upsert("review_periods_test", value: "basic_info=9", on: db)
            #expect(try await Setting.find("review_periods_test", on: db)?.value == "basic_info=9")
        }
    }
}

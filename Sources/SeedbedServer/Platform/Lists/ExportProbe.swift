import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// The export path for `seedbed-bench export`: what 导出 Excel does for a signed-in account (the list's count,
/// then every row in the account's scope written into an xlsx file), timed in its two halves.
package enum ExportProbe {
    package struct Timing: Sendable {
        package let rows: Int
        package let count: Duration
        package let write: Duration
        package let bytes: Int
    }

    /// Exports list `list` as `account` sees it (filters from `query`) into `url`.
    package static func export(list id: String, account: String, query: [String: String], to url: URL,
                               on app: Application) async throws -> Timing
    {
        guard let list = ExportableLists.all[id] else { throw AppError.notFound("没有这个列表：\(id)") }
        guard let userID = try await User.query(on: app.db).filter(\.$account == account).first()?.id,
              let user = try await CurrentUser.load(userID: userID, on: app.db, policy: PasswordPolicy(),
                                                    now: app.clock.now())
        else { throw AppError.notFound("没有这个账号：\(account)") }
        guard list.roles.contains(user.role) else { throw AppError.forbidden("账号 \(account) 不能导出该列表") }
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await list.count(query, user, app, app.db)
        let counted = clock.now
        let writer = try app.spreadsheets.tableWriter(url)
        let rows = try await list.write(query, user, app, app.db, writer) { _ in }
        let written = clock.now
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return Timing(rows: rows, count: counted - start, write: written - counted, bytes: bytes)
    }
}

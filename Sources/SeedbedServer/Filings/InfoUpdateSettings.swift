import Fluent
import SeedbedDomain
import Vapor

/// The 信息更新 window of this deployment: the `settings` row `info_update_window` ("MM-DD,MM-DD,MM-DD": opens,
/// closes, closes under the 2026 rules), or the standard 1 Jan – 30 Apr (31 May from 2026) when unset. A row
/// that does not parse is logged and ignored, so a slip in the setting never closes the window by accident.
enum InfoUpdateSettings {
    static let key = "info_update_window"

    static func window(on req: Request) async throws -> InfoUpdateWindow {
        guard let row = try await Setting.find(key, on: req.db) else { return .standard }
        do {
            return try InfoUpdateWindow(setting: row.value)
        } catch {
            req.logger.warning("settings.\(key) is not MM-DD,MM-DD,MM-DD: \(row.value)")
            return .standard
        }
    }

    /// Stores a window (for deployments and tests).
    static func store(_ window: InfoUpdateWindow, on db: any Database) async throws {
        try await Setting.upsert(key, value: window.setting, on: db)
    }

    /// The basic-info page of an enterprise as the window makes it: the day's 信息更新 window in the workflow,
    /// the window stated above the form, and 信息更新 as the page's name for a recognised enterprise.
    static func basicInfoPage(_ req: Request, user: CurrentUser, enterprise: Enterprise) async throws -> FilingPage {
        let window = try await window(on: req)
        let service = FilingService(req)
        let today = service.today
        let context = try await service.context(for: enterprise)
        let recognised = context.isRecognised
        var page = FilingPage(req: req, user: user, enterprise: enterprise, kind: .basicInfo, year: nil,
                              title: recognised ? "信息更新" : "企业基本信息填报", url: Page.myBasicInfo.path)
        page.enterpriseContext = context
        do {
            page.workflow = try window.workflow(on: today)
        } catch {
            throw AppError(status: .internalServerError, code: error.code, message: error.message)
        }
        page.note = recognised ? window.notice(in: today.year) + "；当前" + (window.isOpen(on: today) ? "在" : "不在")
            + "开放时间内。" : window.notice(in: today.year) + "；未认定企业可随时修改。"
        return page
    }
}

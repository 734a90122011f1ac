import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 企业申报 on the public home: the levels, and under each the cities of the provinces whose application window is
/// open today (申报时间维护). Choosing a city leads to 企业申报信息 (`/my/applications`), through sign-in for a
/// visitor. Places whose window is closed are not offered at all.
struct ApplyEntryController: RouteCollection {
    typealias Body = Node<HTML.BodyContext>

    static let path = "/apply"
    static var applicationsPath: String { Page.myApplications.path }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("apply", use: show)
    }

    /// One level of application and the cities open for it.
    struct LevelEntry: Sendable {
        let code: String
        let label: String
        /// Open provinces, each with its cities (a municipality's districts), in code order.
        let places: [(province: Region, cities: [Region])]
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let entries = try await Self.entries(on: req.db, today: LocalDate(chinaTimeOf: req.now))
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage("企业申报", context, Self.page(entries)))
    }

    /// The cities under an open province: its cities, or a municipality's districts (its 市辖区 looked through).
    static func cities(of province: Region) -> [Region] {
        RegionTable.shipped.drillDownChildren(of: province.code)
    }

    static func entries(on db: any Database, today: LocalDate) async throws -> [LevelEntry] {
        try await OpenApplicationPlaces.levels(on: db, today: today).map { level in
            let provinces = level.provinces.compactMap { RegionTable.shipped[$0] }.filter { $0.level == .province }
                .sorted { $0.code < $1.code }
            return LevelEntry(code: level.code, label: level.label,
                              places: provinces.map { ($0, cities(of: $0)) })
        }
    }

    static func link(level: String, city: String) -> String {
        applicationsPath + "?" + URLQuery.encode([("level", level), ("region", city)])
    }

    static func page(_ entries: [LevelEntry]) -> Body {
        .div(
            .class("content-page apply-entry"),
            UI.pageHeader("企业申报"),
            .p(.class("muted"), .text("选择申报级别，再选择申报时间内开放的城市；未登录的企业将先进入登录页面，登录后进入企业申报信息。")),
            entries.isEmpty ? UI.emptyState("暂无申报级别") : .forEach(entries) { entry in
                .section(
                    .class("card apply-level"),
                    .h2(.text(entry.label)),
                    entry.places.isEmpty
                        ? UI.emptyState("当前没有处于申报时间内的地区")
                        : .forEach(entry.places) { place in
                            .div(
                                .class("apply-province"),
                                .h3(.text(place.province.name)),
                                .ul(.class("apply-cities"), .forEach(place.cities) { city in
                                    .li(.a(.href(link(level: entry.code, city: city.code)),
                                           .text(city.name)))
                                })
                            )
                        }
                )
            }
        )
    }
}

/// The application levels and the provinces whose window is open for each, read from the windows the province
/// administrators keep.
enum OpenApplicationPlaces {
    struct Level: Sendable {
        let code: String
        let label: String
        /// Province codes (6 digits).
        let provinces: [String]
    }

    static func levels(on db: any Database, today: LocalDate) async throws -> [Level] {
        var levels: [Level] = []
        for kind in ApplicationWindows.kinds {
            let open = try await ApplicationWindows.openProvinces(for: kind, on: today, db: db)
            levels.append(Level(code: kind.rawValue, label: kind.label, provinces: open.map { $0 + "0000" }))
        }
        return levels
    }
}

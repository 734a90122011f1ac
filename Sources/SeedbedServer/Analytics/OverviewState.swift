import Foundation
import SeedbedDomain

/// What the 企业总览 page shows, as its URL holds it: the drill-down region and the cross-filters set by clicking
/// chart segments. The URL is the whole state, so a view can be shared and the back button steps back through
/// the clicks. Anything malformed in a hand-edited URL is ignored rather than refused.
struct OverviewState: Sendable, Equatable {
    /// A division's six-digit code (province 500000, city 210200, county 500112).
    var region: String?
    var zone: Int32?
    /// `TechField.rawValue`; 0 = 未填报.
    var field: UInt8?
    /// Index in `IndustrySection.all`; `IndustrySection.all.count` = 未填报.
    var section: UInt8?
    /// Index in `OverviewStages.stages`; its count = 未知.
    var stage: UInt8?
    /// Tier code; `tierScale.labels.count` = 未评分.
    var tier: UInt8?
    var page: Int = 1

    init() {}

    init(query: [String: String]) {
        func number(_ key: String, max: Int) -> Int? {
            InputNumber.integer(query[key], in: 0...max)
        }
        if let code = query["region"]?.trimmingCharacters(in: .whitespaces), code.count == 6,
           code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber), RegionTable.shipped[code] != nil {
            region = code
        }
        zone = number("zone", max: Int(Int32.max)).map { Int32($0) }
        field = number("field", max: TechField.allCases.count).map { UInt8($0) }
        if let letter = query["section"] {
            if letter == "none" {
                section = UInt8(IndustrySection.all.count)
            } else if let index = IndustrySection.all.firstIndex(where: { $0.letter == letter }) {
                section = UInt8(index)
            }
        }
        stage = number("stage", max: OverviewStages.stages.count).map { UInt8($0) }
        tier = number("tier", max: 254).map { UInt8($0) }
        page = number("page", max: 1_000_000) ?? 1
        if page < 1 { page = 1 }
    }

    /// The state as query items, in a fixed order (links are compared in tests and cached by browsers).
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let region { items.append(("region", region)) }
        if let zone { items.append(("zone", String(zone))) }
        if let field { items.append(("field", String(field))) }
        if let section {
            items.append(("section", Int(section) < IndustrySection.all.count ? IndustrySection.all[Int(section)].letter : "none"))
        }
        if let stage { items.append(("stage", String(stage))) }
        if let tier { items.append(("tier", String(tier))) }
        return items
    }

    /// The page's URL after `change`, back on page 1 (a new filter starts the list again).
    func url(_ change: (inout OverviewState) -> Void = { _ in }) -> String {
        var next = self
        change(&next)
        next.page = 1
        let items = next.queryItems
        return items.isEmpty ? Page.overview.path : "/overview?" + URLQuery.encode(items)
    }

    var isFiltered: Bool { !queryItems.isEmpty }

    /// The drill-down region must lie inside a region scope: above or beside it, it is dropped.
    func clamped(to scope: DataScope) -> OverviewState {
        var state = self
        if case .region(let prefix) = scope, let region, !RegionCodes.code(region, liesIn: prefix) { state.region = nil }
        return state
    }

    /// The filter the snapshot applies (the region as the division's prefix).
    var filter: OverviewFilter {
        OverviewFilter(region: region.flatMap { RegionTable.shipped[$0]?.scopePrefix }, zone: zone, field: field,
                       section: section, stage: stage, tier: tier)
    }
}

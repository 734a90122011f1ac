import Foundation
import SeedbedDomain

/// How each library page asks (seed 004 §6–§8): which query-bar fields it shows besides 搜索.
struct LibraryPageSpec: Sendable {
    let id: LibraryID
    /// 成立日期 range (科企孵化库).
    var founded = false
    /// 年份 (libraries over annual-report facts).
    var year = true
    /// 所属区县 (科创板上市企业储备库; other pages offer it too when the user has several counties).
    var region = true
    /// 首次符合条件 (高成长科技企业筛选库).
    var firstYear = false
    /// Certificate columns (认定库).
    var recognition: RecognitionKind?

    static let all: [LibraryPageSpec] = [
        LibraryPageSpec(id: .incubation, founded: true, year: false),
        LibraryPageSpec(id: .hightechReserve),
        LibraryPageSpec(id: .starMarketReserve),
        LibraryPageSpec(id: .leadingEnterprise),
        LibraryPageSpec(id: .highGrowth, firstYear: true),
        LibraryPageSpec(id: .techSMEReserve),
        LibraryPageSpec(id: .techSMERecognized, year: false, recognition: .techSME),
        LibraryPageSpec(id: .hightechRecognized, year: false, recognition: .hightech),
    ]

    static func find(_ id: String) -> LibraryPageSpec? { all.first { $0.id.rawValue == id } }
}

/// Which enterprises a library page lists: members by default, or those that miss or cannot be judged.
enum MembershipFilter: String, CaseIterable, Sendable {
    case members = "met"
    case notMet = "not_met"
    case unknown
    case all

    var label: String {
        switch self {
        case .members: "符合入库条件"
        case .notMet: "不符合（可查看差距）"
        case .unknown: "数据不足"
        case .all: "全部企业"
        }
    }

    func admits(_ status: RuleStatus) -> Bool {
        switch self {
        case .members: status == .met
        case .notMet: status == .notMet
        case .unknown: status == .unknown
        case .all: true
        }
    }
}

/// The query of one library page: search and filters, and the parameters set for this query only (设置条件参数).
/// Everything lives in the URL, so a query can be shared, paged and exported; without parameters the library's
/// defaults apply (重置 is the page without a query).
struct LibraryFilter: Sendable, Equatable {
    var q: String?
    /// Region code prefix, narrowed inside the user's scope.
    var region: String?
    var foundedFrom: LocalDate?
    var foundedTo: LocalDate?
    var year: Int?
    var firstYear: Int?
    var membership: MembershipFilter = .members
    /// Adjustable parameter id → the text as typed (only non-empty ones).
    var parameterTexts: [String: String] = [:]
    /// The valid overrides, in display units.
    var overrides: [String: Double] = [:]
    /// Parameter id → why its text was refused (the default applies meanwhile).
    var parameterErrors: [String: String] = [:]
    var foundedError: String?

    init() {}

    /// From query items. Malformed filters are ignored, as a hand-edited URL should still show a list; a refused
    /// parameter keeps its default and says why beside its field.
    init(query: [String: String], library: RuleLibrary) {
        func text(_ key: String) -> String? {
            guard let value = query[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return String(value.prefix(100))
        }
        q = text("q")
        region = text("region").flatMap { $0.allSatisfy(\.isNumber) && $0.count <= 6 ? $0 : nil }
        year = text("year").flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil }
        firstYear = text("first_year").flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil }
        membership = text("status").flatMap(MembershipFilter.init(rawValue:)) ?? .members
        for (key, label) in [("founded_from", "成立日期起"), ("founded_to", "成立日期止")] {
            guard let value = text(key) else { continue }
            guard let date = try? LocalDate(iso: value) else {
                foundedError = "\(label)“\(value)”不是有效日期"
                continue
            }
            if key == "founded_from" { foundedFrom = date } else { foundedTo = date }
        }
        if let from = foundedFrom, let to = foundedTo, to < from {
            foundedError = "成立日期止不能早于成立日期起"
            foundedFrom = nil
            foundedTo = nil
        }
        for parameter in library.adjustableParameters {
            guard let typed = query[parameter.id], !typed.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let shown = String(typed.prefix(40))
            parameterTexts[parameter.id] = shown
            do {
                if let value = try parameter.parse(shown) { overrides[parameter.id] = value }
            } catch {
                parameterErrors[parameter.id] = error.message
            }
        }
    }

    /// The filter as query items, for pagination, 查看 and export links.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = [
            ("q", q ?? ""), ("region", region ?? ""), ("founded_from", foundedFrom?.description ?? ""),
            ("founded_to", foundedTo?.description ?? ""), ("year", year.map(String.init) ?? ""),
            ("first_year", firstYear.map(String.init) ?? ""),
            ("status", membership == .members ? "" : membership.rawValue),
        ]
        items += parameterTexts.filter { overrides[$0.key] != nil }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return items.filter { !$0.1.isEmpty }
    }

    /// Whether a row passes the search and filters (membership aside).
    func admits(_ slot: FactLoader.Slot) -> Bool {
        if let q {
            let code = USCC.normalise(q)
            guard slot.name.contains(q) || (!code.isEmpty && slot.uscc.hasPrefix(code)) else { return false }
        }
        if let region, !RegionCodes.code(slot.regionCode, liesIn: region) { return false }
        if foundedFrom != nil || foundedTo != nil {
            guard let day = slot.registeredOn.flatMap({ try? LocalDate(iso: String($0.prefix(10))) }) else { return false }
            if let from = foundedFrom, day < from { return false }
            if let to = foundedTo, day > to { return false }
        }
        return true
    }
}

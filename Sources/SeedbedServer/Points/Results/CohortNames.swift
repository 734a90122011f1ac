import Fluent
import SeedbedDomain
import Vapor

/// Cohorts as people read them: 大连高新区 · 2024 年度 · 成长期 rather than `zone:7 · 2024 · 成长期`.
struct CohortNames: Sendable {
    let zones: [Int: String]

    /// Loads the names of the zones that `keys` mention.
    static func load(_ keys: [CohortKey], on db: any Database) async throws -> CohortNames {
        let ids = Set(keys.compactMap { key -> Int? in
            key.area.hasPrefix("zone:") ? Int(key.area.dropFirst(5)) : nil
        })
        guard !ids.isEmpty else { return CohortNames(zones: [:]) }
        let rows = try await Organization.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return CohortNames(zones: Dictionary(rows.compactMap { org in org.id.map { ($0, org.name) } },
                                             uniquingKeysWith: { first, _ in first }))
    }

    func area(_ area: String) -> String {
        if area.hasPrefix("zone:"), let id = Int(area.dropFirst(5)) { return zones[id] ?? "高新区 \(id)" }
        if area.hasPrefix("city:") {
            let code = String(area.dropFirst(5)).padding(toLength: 6, withPad: "0", startingAt: 0)
            guard let city = RegionTable.shipped[code] else { return code }
            // A municipality's 市辖区 and 县 are two cohorts: its full name alone would label both 重庆市.
            let name = RegionTable.shipped.fullName(of: code)
            return city.isPlaceholder ? "\(name)（\(city.name)）" : name
        }
        return area
    }

    func label(_ key: CohortKey) -> String {
        [area(key.area), "\(key.year) 年度", key.stage?.rawValue ?? "阶段未定"].joined(separator: " · ")
    }

    func label(_ keys: [CohortKey], _ code: Int) -> String {
        keys.indices.contains(code) ? label(keys[code]) : "比较组 \(code + 1)"
    }
}

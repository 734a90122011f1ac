/// The region ranking of the overview at one level of the drill-down province → city → county: counts per
/// county (as the snapshot keeps them) summed up to the children of the division being looked at.
public struct RegionDrill: Sendable {
    /// One bar of the ranking.
    public struct Row: Sendable, Hashable {
        public let region: Region
        public let count: Int
    }

    /// The division whose children are ranked; nil for the whole country (provinces).
    public let parent: Region?
    /// Children with their counts, in code order (zeros included).
    public let rows: [Row]
    /// Enterprises under the parent whose county is not in the region table.
    public let unplaced: Int

    /// Sums `counts` (parallel to `countyCodes`) into the drill-down children of `parent`. A municipality's
    /// placeholder 市辖区/县 are looked through, so 重庆市 ranks its districts directly; a county has no children
    /// and ranks as itself.
    public init(parent: Region?, countyCodes: [Int32], counts: [Int], table: RegionTable = .shipped) {
        self.parent = parent
        let children: [Region]
        if let parent {
            let below = table.drillDownChildren(of: parent.code)
            children = below.isEmpty ? [parent] : below
        } else {
            children = table.provinces
        }
        // Prefixes as numbers (code / 10⁴, / 10², / 1), so a request does no string work per county.
        func key(_ prefix: String) -> Int? {
            guard let value = Int(prefix), [2, 4, 6].contains(prefix.count) else { return nil }
            return value * 8 + prefix.count
        }
        var byPrefix: [Int: Int] = [:]
        for (index, child) in children.enumerated() {
            if let key = key(child.scopePrefix) { byPrefix[key] = index }
        }
        let parentKey = parent.flatMap { key($0.scopePrefix) }
        var totals = [Int](repeating: 0, count: children.count)
        var unplaced = 0
        for (index, code) in countyCodes.enumerated() where index < counts.count && counts[index] > 0 {
            let value = Int(code)
            let prefixes = [value / 10_000 * 8 + 2, value / 100 * 8 + 4, value * 8 + 6]
            if let parentKey, !prefixes.contains(parentKey) { continue }
            if let child = prefixes.lazy.compactMap({ byPrefix[$0] }).first {
                totals[child] += counts[index]
            } else {
                unplaced += counts[index]
            }
        }
        rows = children.indices.map { Row(region: children[$0], count: totals[$0]) }
        self.unplaced = unplaced
    }

    /// Rows with enterprises, largest first (ties in code order), keeping `keep` even at zero.
    public func ranking(keeping keep: String? = nil) -> [Row] {
        rows.enumerated()
            .filter { $0.element.count > 0 || $0.element.region.code == keep }
            .sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
            .map(\.element)
    }
}

extension DashboardSnapshot {
    /// Every slot of the overview list in its order (best score first), for an export.
    public func orderedList(scope: SnapshotScope, filter: OverviewFilter, listMinScore: Float?) -> [Int] {
        overview(scope: scope, filter: filter, listMinScore: listMinScore, offset: 0, limit: count).list
    }
}

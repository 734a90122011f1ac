import Foundation

/// A data scope as the snapshot applies it: integer comparisons only.
public enum SnapshotScope: Sendable, Hashable {
    case all
    case regionRange(ClosedRange<Int32>)
    case zone(Int32)
    case incubator(Int32)
    case enterprise(Int32)
    case nothing

    public init(_ scope: DataScope) {
        switch scope {
        case .all: self = .all
        case .region(let prefix): self = Self.range(prefix).map { .regionRange($0) } ?? .nothing
        case .zone(let id): self = .zone(Int32(clamping: id))
        case .incubator(let id): self = .incubator(Int32(clamping: id))
        case .enterprise(let id): self = .enterprise(Int32(clamping: id))
        case .nothing: self = .nothing
        }
    }

    /// The codes a region prefix covers, as numbers: "50" → 500000…509999 — `RegionCodes.code(_:liesIn:)` for
    /// codes held as `Int32`; nil unless the prefix is 1–6 digits.
    public static func range(_ prefix: String) -> ClosedRange<Int32>? {
        guard (1...6).contains(prefix.count), prefix.allSatisfy(\.isNumber) else { return nil }
        let low = prefix.padding(toLength: 6, withPad: "0", startingAt: 0)
        let high = prefix.padding(toLength: 6, withPad: "9", startingAt: 0)
        guard let lo = Int32(low), let hi = Int32(high) else { return nil }
        return lo...hi
    }
}

/// The cross-filters of the overview page. Each may be set by clicking a chart segment.
public struct OverviewFilter: Sendable, Hashable {
    /// Region drill-down prefix (2, 4 or 6 digits).
    public var region: String?
    public var zone: Int32?
    public var field: UInt8?
    /// Index in `IndustrySection.all`.
    public var section: UInt8?
    public var stage: UInt8?
    public var tier: UInt8?

    public init(region: String? = nil, zone: Int32? = nil, field: UInt8? = nil, section: UInt8? = nil,
                stage: UInt8? = nil, tier: UInt8? = nil) {
        self.region = region
        self.zone = zone
        self.field = field
        self.section = section
        self.stage = stage
        self.tier = tier
    }

    public var isEmpty: Bool { self == OverviewFilter() }
}

/// Everything one overview page shows: the charts' counts and the first page of the list.
public struct OverviewResult: Sendable {
    /// Enterprises passing scope and every filter.
    public let total: Int
    /// Counts per county index, for the region ranking (aggregated to the display level by the caller).
    public let countyCounts: [Int]
    /// Counts per zone index.
    public let zoneCounts: [Int]
    /// Index = `TechField.rawValue` (0 = unknown).
    public let fieldCounts: [Int]
    /// Index = section index; last = unknown.
    public let sectionCounts: [Int]
    /// Index = stage; last = unknown.
    public let stageCounts: [Int]
    /// Index = tier code (see `DashboardSnapshot.tierScale`); last = not scored.
    public let tierCounts: [Int]
    /// Slots of the list page, best score first.
    public let list: [Int]
    /// How many enterprises the list holds (the total, or those at or above the list's score line).
    public let listTotal: Int
}

extension DashboardSnapshot {
    /// Answers one overview request in a single pass over the slots.
    ///
    /// A chart counts the enterprises that pass every filter except its own, so the chart the user clicked keeps
    /// showing all its segments (the chosen one highlighted) while every other chart follows the choice.
    public func overview(scope: SnapshotScope, filter: OverviewFilter, listMinScore: Float? = nil, offset: Int = 0,
                         limit: Int = 20) -> OverviewResult {
        var countyCounts = [Int](repeating: 0, count: countyCodes.count)
        var zoneCounts = [Int](repeating: 0, count: zoneIDs.count)
        var fieldCounts = [Int](repeating: 0, count: 9)
        var sectionCounts = [Int](repeating: 0, count: IndustrySection.all.count + 1)
        var stageCounts = [Int](repeating: 0, count: OverviewStages.stages.count + 1)
        var tierCounts = [Int](repeating: 0, count: tierScale.labels.count + 1)
        var total = 0
        var listTotal = 0
        // Deep pages cost a larger heap, bounded by the enterprises there are.
        let keep = max(0, min(offset + max(limit, 0), count))
        var heap = TopScores(capacity: keep)

        let region = filter.region.flatMap(SnapshotScope.range)
        let unknownSection = UInt8(IndustrySection.all.count)
        let unknownStage = UInt8(OverviewStages.stages.count)
        let unknownTier = UInt8(clamping: tierScale.labels.count)
        let n = count

        regionCodes.withUnsafeBufferPointer { codes in
        zoneIndex.withUnsafeBufferPointer { zoneIdx in
        zones.withUnsafeBufferPointer { zoneCol in
        fields.withUnsafeBufferPointer { fieldCol in
        sections.withUnsafeBufferPointer { sectionCol in
        stages.withUnsafeBufferPointer { stageCol in
        tiers.withUnsafeBufferPointer { tierCol in
        scores.withUnsafeBufferPointer { scoreCol in
        countyIndex.withUnsafeBufferPointer { countyIdx in
            for slot in 0..<n {
                let code = codes[slot]
                switch scope {
                case .all: break
                case .regionRange(let range): if !range.contains(code) { continue }
                case .zone(let id): if zoneCol[slot] != id { continue }
                case .incubator(let id): if incubators[slot] != id { continue }
                case .enterprise(let id): if enterpriseIDs[slot] != id { continue }
                case .nothing: continue
                }
                var fail: UInt8 = 0
                if let region, !region.contains(code) { fail |= 1 }
                if let zone = filter.zone, zoneCol[slot] != zone { fail |= 2 }
                let field = fieldCol[slot]
                if let wanted = filter.field, field != wanted { fail |= 4 }
                let section = min(sectionCol[slot], unknownSection)
                if let wanted = filter.section, section != wanted { fail |= 8 }
                let stage = min(stageCol[slot], unknownStage)
                if let wanted = filter.stage, stage != wanted { fail |= 16 }
                let tier = min(tierCol[slot], unknownTier)
                if let wanted = filter.tier, tier != wanted { fail |= 32 }
                if fail == 0 {
                    total += 1
                    countyCounts[Int(countyIdx[slot])] += 1
                    let z = zoneIdx[slot]
                    if z != .max { zoneCounts[Int(z)] += 1 }
                    fieldCounts[Int(min(field, 8))] += 1
                    sectionCounts[Int(section)] += 1
                    stageCounts[Int(stage)] += 1
                    tierCounts[Int(tier)] += 1
                    let score = scoreCol[slot]
                    if let line = listMinScore, !(score >= line) { continue }
                    listTotal += 1
                    heap.offer(slot: slot, score: score)
                } else if fail & (fail &- 1) == 0 {
                    // Fails only its own chart's filter: still counted there, so that chart shows every segment.
                    switch fail {
                    case 1: countyCounts[Int(countyIdx[slot])] += 1
                    case 2: let z = zoneIdx[slot]; if z != .max { zoneCounts[Int(z)] += 1 }
                    case 4: fieldCounts[Int(min(field, 8))] += 1
                    case 8: sectionCounts[Int(section)] += 1
                    case 16: stageCounts[Int(stage)] += 1
                    default: tierCounts[Int(tier)] += 1
                    }
                }
            }
        }}}}}}}}}
        let ordered = heap.sorted()
        let start = max(offset, 0)
        let page = start < ordered.count ? Array(ordered[start..<min(ordered.count, start + max(limit, 0))]) : []
        return OverviewResult(total: total, countyCounts: countyCounts, zoneCounts: zoneCounts, fieldCounts: fieldCounts,
                              sectionCounts: sectionCounts, stageCounts: stageCounts, tierCounts: tierCounts,
                              list: page, listTotal: listTotal)
    }
}

/// The best `capacity` slots by score (NaN lowest; ties by slot order), kept in a binary min-heap.
struct TopScores {
    private var heap: [(score: Float, slot: Int)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    /// Whether `a` ranks below `b` (lower score, or equal and later slot).
    private static func below(_ a: (score: Float, slot: Int), _ b: (score: Float, slot: Int)) -> Bool {
        let x = a.score.isNaN ? -Float.infinity : a.score
        let y = b.score.isNaN ? -Float.infinity : b.score
        if x != y { return x < y }
        return a.slot > b.slot
    }

    mutating func offer(slot: Int, score: Float) {
        guard capacity > 0 else { return }
        let item = (score: score, slot: slot)
        if heap.count < capacity {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.below(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if let top = heap.first, Self.below(top, item) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var lowest = parent
                if left < heap.count, Self.below(heap[left], heap[lowest]) { lowest = left }
                if right < heap.count, Self.below(heap[right], heap[lowest]) { lowest = right }
                if lowest == parent { break }
                heap.swapAt(parent, lowest)
                parent = lowest
            }
        }
    }

    /// Best first.
    func sorted() -> [Int] {
        heap.sorted { Self.below($1, $0) }.map(\.slot)
    }
}

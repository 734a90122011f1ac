/// What the public showcase (平台展示页, T2) shows: counts only, over every enterprise, so nothing on it names or
/// singles out an enterprise.
public struct ShowcaseSummary: Sendable, Equatable {
    /// A group and how many of its enterprises there are and how many hold a published score.
    public struct Group: Sendable, Equatable {
        public let label: String
        public let enterprises: Int
        public let scored: Int

        public init(label: String, enterprises: Int, scored: Int) {
            self.label = label
            self.enterprises = enterprises
            self.scored = scored
        }
    }

    public let enterprises: Int
    public let scored: Int
    /// Provinces with enterprises, most scored (then most enterprises) first.
    public let provinces: [Group]
    /// Zones with enterprises, in the same order.
    public let zones: [Group]
    /// Holders of each qualification (latest report).
    public let titles: [(title: Title, count: Int)]
    /// Edges of the score bins (11 edges, 10 bins).
    public let scoreEdges: [Double]
    public let scoreCounts: [Int]

    public static func == (lhs: ShowcaseSummary, rhs: ShowcaseSummary) -> Bool {
        lhs.enterprises == rhs.enterprises && lhs.scored == rhs.scored && lhs.provinces == rhs.provinces
            && lhs.zones == rhs.zones && lhs.titles.map(\.count) == rhs.titles.map(\.count)
            && lhs.scoreEdges == rhs.scoreEdges && lhs.scoreCounts == rhs.scoreCounts
    }
}

extension DashboardSnapshot {
    /// The showcase figures. Scores run on 0–100 by default; a locality's larger scale widens the bins to the
    /// next hundred above the highest score.
    public func showcase(regions: RegionTable = .shipped) -> ShowcaseSummary {
        var provinceEnterprises: [Int32: Int] = [:]
        var provinceScored: [Int32: Int] = [:]
        var zoneEnterprises = [Int](repeating: 0, count: zoneIDs.count)
        var zoneScored = [Int](repeating: 0, count: zoneIDs.count)
        var titleCounts = [Int](repeating: 0, count: Title.allCases.count)
        var scored = 0
        var highest: Float = 0
        for slot in 0..<count {
            let province = regionCodes[slot] / 10_000
            provinceEnterprises[province, default: 0] += 1
            let isScored = scores[slot].isFinite
            if isScored {
                scored += 1
                provinceScored[province, default: 0] += 1
                highest = max(highest, scores[slot])
            }
            let zone = zoneIndex[slot]
            if zone != .max {
                zoneEnterprises[Int(zone)] += 1
                if isScored { zoneScored[Int(zone)] += 1 }
            }
            for (index, title) in Title.allCases.enumerated() where titles[slot] & title.rawValue != 0 {
                titleCounts[index] += 1
            }
        }
        let top = max(100, (Double(highest) / 100).rounded(.up) * 100)
        let edges = (0...10).map { top * Double($0) / 10 }
        var bins = [Int](repeating: 0, count: 10)
        for slot in 0..<count where scores[slot].isFinite {
            let bin = Int(Double(max(scores[slot], 0)) / top * 10)
            bins[min(max(bin, 0), 9)] += 1
        }
        func ordered(_ groups: [ShowcaseSummary.Group]) -> [ShowcaseSummary.Group] {
            groups.filter { $0.enterprises > 0 }.sorted { a, b in
                if a.scored != b.scored { return a.scored > b.scored }
                if a.enterprises != b.enterprises { return a.enterprises > b.enterprises }
                return a.label < b.label
            }
        }
        let provinces = provinceEnterprises.map { code, total in
            ShowcaseSummary.Group(label: regions[String(format: "%02d0000", Int(code))]?.name ?? "其他地区", enterprises: total,
                  scored: provinceScored[code] ?? 0)
        }
        let zones = zoneIDs.indices.map { index in
            ShowcaseSummary.Group(label: zoneNames[zoneIDs[index]] ?? "高新区", enterprises: zoneEnterprises[index],
                  scored: zoneScored[index])
        }
        return ShowcaseSummary(enterprises: count, scored: scored, provinces: ordered(provinces), zones: ordered(zones),
                               titles: Title.allCases.enumerated().map { ($1, titleCounts[$0]) },
                               scoreEdges: edges, scoreCounts: bins)
    }
}

/// One 特色化 indicator a province sets, with its points.
public struct FeatureIndicator: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var maxPoints: Double

    public init(id: String, name: String, maxPoints: Double) {
        self.id = id
        self.name = name
        self.maxPoints = maxPoints
    }
}

/// A province's 特色化 indicators (1–3, 15 points in all), configured per province.
public struct ProvincialFeatureScheme: Sendable, Hashable, Codable {
    /// Two-digit province code; empty for the default.
    public var province: String
    public var indicators: [FeatureIndicator]

    public init(province: String, indicators: [FeatureIndicator]) {
        self.province = province
        self.indicators = indicators
    }

    /// The default when a province has configured none: one indicator worth the whole 15 points.
    public static let standard = ProvincialFeatureScheme(
        province: "", indicators: [FeatureIndicator(id: "local_feature", name: "地方特色指标（默认方案，可配置）", maxPoints: 15)])

    /// Checks the scheme: 1–3 indicators with distinct ids, positive points summing to `total`.
    public func validate(total: Double = 15) throws(RuleError) {
        guard (1...3).contains(indicators.count) else {
            throw .invalidDefinition("特色化指标应为 1 至 3 项")
        }
        guard Set(indicators.map(\.id)).count == indicators.count else {
            throw .invalidDefinition("特色化指标编号重复")
        }
        guard indicators.allSatisfy({ $0.maxPoints.isFinite && $0.maxPoints > 0 }),
              abs(indicators.reduce(0) { $0 + $1.maxPoints } - total) < 1e-9
        else { throw .invalidDefinition("特色化指标分值应为正数，合计 \(NumberText.plain(total)) 分") }
    }
}

import Foundation

/// An innovation-points scheme (创新积分方案): versioned data, stored as JSON and edited in the UI.
///
/// Indicators are scored in the order listed here, and a total is the sum of their points accumulated in that
/// order from 0, so the same scheme always gives the same totals to the bit (ties between totals depend on it).
public struct InnovationScheme: Hashable, Sendable, Codable {
    /// Stable id shared by all versions of the scheme.
    public var id: String
    /// Version number, from 1; a new version is a new row, old results keep naming the one they used.
    public var version: Int
    public var name: String
    /// First day the version applies, `yyyy-MM-dd` (a calendar day in China).
    public var effectiveFrom: String
    /// Whether this is the platform's default scheme rather than one a locality or the national centre set.
    public var isDefault: Bool
    /// A notice shown wherever the scheme is, e.g. that the default's indicators are not the official list.
    public var notice: String?
    /// The scheme this one was derived from (18+M), if any.
    public var basedOn: SchemeReference?
    public var stageRule: StageRule
    public var indicators: [Indicator]
    public var tiers: TierRule
    /// The full score the base groups' weights add up to in every stage (100), or `nil` for an open scale.
    public var fullScore: Double?
    /// A floor under totals (0 keeps deductions from producing a negative score), or `nil` for none.
    public var totalFloor: Double?

    public init(id: String, version: Int, name: String, effectiveFrom: String, isDefault: Bool = false,
                notice: String? = nil, basedOn: SchemeReference? = nil, stageRule: StageRule = .standard,
                indicators: [Indicator], tiers: TierRule = .standard, fullScore: Double? = nil,
                totalFloor: Double? = nil)
    {
        self.id = id
        self.version = version
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.isDefault = isDefault
        self.notice = notice
        self.basedOn = basedOn
        self.stageRule = stageRule
        self.indicators = indicators
        self.tiers = tiers
        self.fullScore = fullScore
        self.totalFloor = totalFloor
    }

    /// This version's reference.
    public var reference: SchemeReference { SchemeReference(id: id, version: version) }

    /// The stages the scheme weighs, in display order; a `ScoringInput` stage code indexes this list.
    public var stages: [DevelopmentStage] { stageRule.stages }

    /// The version in effect on `day` (`yyyy-MM-dd`) among `versions` of one or more schemes: the latest
    /// `effectiveFrom` not after the day, the highest version number on a tie.
    public static func inEffect(on day: String, among versions: [InnovationScheme]) -> InnovationScheme? {
        // ISO dates of the same width compare correctly as strings.
        versions
            .filter { $0.effectiveFrom <= day }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
    }

    /// Decodes a scheme from JSON and validates it, so a stored or uploaded scheme is usable or refused whole.
    public static func decode(from data: Data) throws(SchemeError) -> InnovationScheme {
        let scheme: InnovationScheme
        do {
            scheme = try JSONDecoder().decode(InnovationScheme.self, from: data)
        } catch {
            throw .unreadable(SchemeError.describe(error))
        }
        let problems = scheme.validate()
        guard problems.isEmpty else { throw .invalid(problems) }
        return scheme
    }

    /// The scheme as JSON, with sorted keys so the same scheme always gives the same bytes.
    public func encoded() throws(SchemeError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            throw .unreadable(SchemeError.describe(error))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, version, name, effectiveFrom, isDefault, notice, basedOn, stageRule, indicators, tiers, fullScore,
             totalFloor
    }

    /// Missing descriptive fields take defaults, so a bare `{"indicators": [...]}` (the peer's format) reads
    /// as an unnamed percentile scheme with the standard stages.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? "custom"
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "自定义方案"
        effectiveFrom = try container.decodeIfPresent(String.self, forKey: .effectiveFrom) ?? "2000-01-01"
        isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        notice = try container.decodeIfPresent(String.self, forKey: .notice)
        basedOn = try container.decodeIfPresent(SchemeReference.self, forKey: .basedOn)
        stageRule = try container.decodeIfPresent(StageRule.self, forKey: .stageRule) ?? .standard
        indicators = try container.decode([Indicator].self, forKey: .indicators)
        tiers = try container.decodeIfPresent(TierRule.self, forKey: .tiers) ?? .standard
        fullScore = try container.decodeIfPresent(Double.self, forKey: .fullScore)
        totalFloor = try container.decodeIfPresent(Double.self, forKey: .totalFloor)
    }
}

/// A development stage (发展阶段) of an enterprise, such as 初创期, 成长期 or 稳定期.
///
/// Stages are data, not an enum: a locality may define its own (成熟期, 扩张期 …) in its stage rule, and the raw
/// value is the Chinese name people see, which is also the key of the stage weights in a scheme's JSON
/// (`"weights": {"初创期": 6, …}`).
public struct DevelopmentStage: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CodingKeyRepresentable, ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init?<T: CodingKey>(codingKey: T) { self.rawValue = codingKey.stringValue }
    public var codingKey: any CodingKey { StageCodingKey(stringValue: rawValue) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: DevelopmentStage, rhs: DevelopmentStage) -> Bool { lhs.rawValue < rhs.rawValue }

    /// 初创期
    public static let startup: DevelopmentStage = "初创期"
    /// 成长期
    public static let growth: DevelopmentStage = "成长期"
    /// 稳定期
    public static let stable: DevelopmentStage = "稳定期"
}

/// The JSON object key of a stage in a weights dictionary.
private struct StageCodingKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { return nil }
}

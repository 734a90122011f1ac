/// The id of a cultivation, reserve or recognition library.
public struct LibraryID: RawRepresentable, Hashable, Sendable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: LibraryID, rhs: LibraryID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// 科企孵化库
    public static let incubation: LibraryID = "incubation"
    /// 高企后备库
    public static let hightechReserve: LibraryID = "hightech_reserve"
    /// 科创板上市企业储备库
    public static let starMarketReserve: LibraryID = "star_market_reserve"
    /// 领军企业培育库
    public static let leadingEnterprise: LibraryID = "leading_enterprise"
    /// 高成长科技企业筛选库
    public static let highGrowth: LibraryID = "high_growth"
    /// 国家科技型中小企业后备库
    public static let techSMEReserve: LibraryID = "tech_sme_reserve"
    /// 科技型企业认定库
    public static let techSMERecognized: LibraryID = "tech_sme_recognized"
    /// 高新技术企业认定库
    public static let hightechRecognized: LibraryID = "hightech_recognized"
}

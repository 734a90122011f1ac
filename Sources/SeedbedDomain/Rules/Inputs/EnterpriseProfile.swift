/// One enterprise's profile as rules read it; `nil` means unknown. The single-enterprise counterpart of a slot of
/// `EnterpriseProfileColumns`.
public struct EnterpriseProfile: Sendable, Hashable {
    /// 成立（注册）日期.
    public var registeredOn: LocalDate?
    /// 技术领域 (RULES.md §4).
    public var techField: ProfileTechField
    /// 国民经济行业门类 letter, e.g. "C".
    public var industrySection: String?
    /// 0 none, 1 挂牌 (新三板/区域股权市场), 2 已上市.
    public var listingStatus: Int?
    /// Holds a 高新技术企业 certificate valid on the evaluation date.
    public var hightechValid: Bool?
    /// Holds a 科技型中小企业 registration valid on the evaluation date.
    public var techSMEValid: Bool?

    public init(registeredOn: LocalDate? = nil, techField: ProfileTechField = .unknown, industrySection: String? = nil,
                listingStatus: Int? = nil, hightechValid: Bool? = nil, techSMEValid: Bool? = nil)
    {
        self.registeredOn = registeredOn
        self.techField = techField
        self.industrySection = industrySection
        self.listingStatus = listingStatus
        self.hightechValid = hightechValid
        self.techSMEValid = techSMEValid
    }
}

/// What 创新型中小企业 evaluation needs that facts do not hold; nil is "unknown" (the line then shows the least
/// and the most it can give).
public struct InnovativeSMEInputs: Sendable, Hashable {
    /// Holds a 高价值 Ⅰ类 IP tied to the main product.
    public var highValueClassOneIP: Bool?
    /// Holds a Ⅰ类 IP from its own R&D.
    public var selfDevelopedClassOneIP: Bool?
    /// The main product belongs to 《战略性新兴产业分类》.
    public var strategicEmergingProduct: Bool?
    /// Holds a valid 国家级技术创新示范企业 title.
    public var nationalInnovationDemonstration: Bool?
    /// Holds a valid 知识产权优势企业 or 知识产权示范企业 title.
    public var ipAdvantageOrDemonstration: Bool?

    public init(highValueClassOneIP: Bool? = nil, selfDevelopedClassOneIP: Bool? = nil,
                strategicEmergingProduct: Bool? = nil, nationalInnovationDemonstration: Bool? = nil,
                ipAdvantageOrDemonstration: Bool? = nil)
    {
        self.highValueClassOneIP = highValueClassOneIP
        self.selfDevelopedClassOneIP = selfDevelopedClassOneIP
        self.strategicEmergingProduct = strategicEmergingProduct
        self.nationalInnovationDemonstration = nationalInnovationDemonstration
        self.ipAdvantageOrDemonstration = ipAdvantageOrDemonstration
    }
}

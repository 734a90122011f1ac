extension DictionaryID {
    /// 专精特新主导产品所属领域 (`SpecializedFieldClass`).
    public static let specializedFieldClass: DictionaryID = "specialized_field_class"
}

/// 创新型中小企业 and 专精特新中小企业 applications (seed 002 §三(三), RULES.md §7–§8): what the enterprise declares
/// beside its approved facts. The facts themselves (revenue, R&D, IP counts, debt ratio …) are not typed again:
/// the evaluators read them from the approved annual reports of `factYear`. Each form's items are the inputs of
/// its evaluator that facts do not hold (`InnovativeSMEInputs`, `SpecializedSMEInputs`).
public enum ApplicationForm {
    static let applicant = "申报信息"
    static let evaluation = "评价补充信息"

    public static let fieldClassDictionary = DataDictionary(
        id: .specializedFieldClass, label: "主导产品所属领域",
        entries: SpecializedFieldClass.allCases.map { .init(code: $0.rawValue, label: $0.label) })

    public static let contactName = FieldDefinition(
        "contact_name", "申报联系人", .text(maxLength: 30), required: true, group: applicant)
    public static let contactPhone = FieldDefinition(
        "contact_phone", "联系电话", .phone, required: true, group: applicant, sensitive: true)
    public static let mainProduct = FieldDefinition(
        "main_product", "主导产品（服务）", .text(maxLength: 100), required: true, group: applicant,
        help: "与申报相关的主导产品或服务名称")
    public static let factYear = FieldDefinition(
        "fact_year", "评价数据年度", .year, required: true, minimum: 2000, maximum: 2100, group: applicant,
        help: "按该年度经审核通过的年报（经营）数据评价")

    // Both kinds.
    public static let highValueIP = FieldDefinition(
        "high_value_ip", "拥有与主导产品相关的Ⅰ类高价值知识产权", .flag, group: evaluation)
    public static let selfDevelopedIP = FieldDefinition(
        "self_developed_ip", "拥有自主研发的Ⅰ类知识产权", .flag, group: evaluation)

    // 创新型中小企业.
    public static let strategicProduct = FieldDefinition(
        "strategic_product", "主导产品属于《战略性新兴产业分类》", .flag, group: evaluation)
    public static let innovationDemonstration = FieldDefinition(
        "innovation_demo", "为有效期内的国家级技术创新示范企业", .flag, group: evaluation)
    public static let ipAdvantage = FieldDefinition(
        "ip_advantage", "为有效期内的知识产权优势企业或知识产权示范企业", .flag, group: evaluation)

    // 专精特新中小企业.
    public static let nicheYears = FieldDefinition(
        "niche_years", "从事特定细分市场年限", .decimal(scale: 1), unit: .year, required: true, minimum: 0,
        maximum: 200, group: evaluation, help: "开始从事该细分市场至今的年数")
    public static let fieldClass = FieldDefinition(
        "field_class", "主导产品所属领域", .choice(.specializedFieldClass), required: true, group: evaluation)
    public static let qualityItems = FieldDefinition(
        "quality_items", "质量管理水平（获得的质量管理体系认证、质量奖项等项数）", .integer, unit: .item, minimum: 0,
        maximum: 1000, group: evaluation)
    public static let lowerInstitution = FieldDefinition(
        "lower_institution", "拥有区县级或其他研发机构（市级以上以年报为准）", .flag, group: evaluation)
    public static let rankedAward = FieldDefinition(
        "ranked_award", "近三年获省级科技奖励排名前三或国家级科技奖励排名前五", .flag, group: evaluation)
    public static let makerChina = FieldDefinition(
        "maker_china", "近三年进入“创客中国”大赛全国 500 强企业组名单", .flag, group: evaluation)
    public static let featurePoints = FieldDefinition(
        "feature_points", "地方特色指标自评得分", .decimal(scale: 1), minimum: 0, maximum: 15, group: evaluation,
        help: "按本省设置的特色化指标自评，0–15 分，以审核认定为准")
    public static let innovativeTitle = FieldDefinition(
        "innovative_title", "为有效期内的科技型中小企业或创新型中小企业", .flag, group: evaluation)
    public static let beneficialIP = FieldDefinition(
        "beneficial_ip", "拥有产生经济效益的Ⅰ类知识产权", .flag, group: evaluation)
    public static let leadingShare = FieldDefinition(
        "leading_share", "主导产品在细分市场占有率较为靠前", .flag, group: evaluation)

    public static let innovative = FormDefinition(
        id: "innovative_sme_application", title: "创新型中小企业申报", groups: [applicant, evaluation],
        fields: [contactName, contactPhone, mainProduct, factYear, highValueIP, selfDevelopedIP, strategicProduct,
                 innovationDemonstration, ipAdvantage])

    public static let specialized = FormDefinition(
        id: "specialized_sme_application", title: "专精特新中小企业申报", groups: [applicant, evaluation],
        fields: [contactName, contactPhone, mainProduct, factYear, nicheYears, fieldClass, qualityItems, highValueIP,
                 selfDevelopedIP, lowerInstitution, rankedAward, makerChina, featurePoints, innovativeTitle,
                 beneficialIP, leadingShare])

    /// The form of an application kind; nil for other kinds.
    public static func form(for kind: FilingKind) -> FormDefinition? {
        switch kind {
        case .innovativeSMEApplication: innovative
        case .specializedSMEApplication: specialized
        default: nil
        }
    }

    /// The kinds an enterprise applies for here.
    public static let kinds: [FilingKind] = [.innovativeSMEApplication, .specializedSMEApplication]

    /// The year of facts the application is evaluated on, if it says.
    public static func factYear(_ values: [FieldID: FieldValue]) -> Int? {
        values[factYear.id]?.number.flatMap { $0.isFinite ? Int($0) : nil }
    }

    /// 创新型中小企业 inputs from the validated values; an item left empty stays unknown.
    public static func innovativeInputs(_ values: [FieldID: FieldValue]) -> InnovativeSMEInputs {
        InnovativeSMEInputs(
            highValueClassOneIP: flag(values, highValueIP), selfDevelopedClassOneIP: flag(values, selfDevelopedIP),
            strategicEmergingProduct: flag(values, strategicProduct),
            nationalInnovationDemonstration: flag(values, innovationDemonstration),
            ipAdvantageOrDemonstration: flag(values, ipAdvantage))
    }

    /// 专精特新 inputs from the validated values and the latest completed digital assessment's level (1–4).
    /// `featureIndicator` is the province's 特色化 indicator the self-assessed points are credited to.
    public static func specializedInputs(_ values: [FieldID: FieldValue], digitalLevel: Int?,
                                         featureIndicator: String = ProvincialFeatureScheme.standard.indicators.first?.id ?? "local_feature")
        -> SpecializedSMEInputs
    {
        var features: [String: Double] = [:]
        if let points = values[featurePoints.id]?.number, points.isFinite { features[featureIndicator] = points }
        let items = values[qualityItems.id]?.number.flatMap { $0.isFinite && $0 >= 0 && $0 <= 1000 ? Int($0) : nil }
        let years = values[nicheYears.id]?.number.flatMap { $0.isFinite ? $0 : nil }
        return SpecializedSMEInputs(
            yearsInNiche: years,
            fieldClass: values[fieldClass.id].flatMap { SpecializedFieldClass(rawValue: $0.text) },
            digitalLevel: digitalLevel.flatMap { (1...4).contains($0) ? $0 : nil }, qualityItems: items,
            highValueClassOneIP: flag(values, highValueIP), selfDevelopedClassOneIP: flag(values, selfDevelopedIP),
            lowerLevelInstitution: flag(values, lowerInstitution), rankedAward: flag(values, rankedAward),
            makerChinaTop500: flag(values, makerChina), featurePoints: features,
            holdsInnovativeTitle: flag(values, innovativeTitle), beneficialClassOneIP: flag(values, beneficialIP),
            leadingMarketShare: flag(values, leadingShare))
    }

    private static func flag(_ values: [FieldID: FieldValue], _ field: FieldDefinition) -> Bool? {
        if case .flag(let value)? = values[field.id] { return value }
        return nil
    }
}

import Foundation

extension DictionaryID {
    /// 挂牌上市板块.
    public static let listingBoard: DictionaryID = "listing_board"
    /// 优质中小企业梯度培育层级 (创新型中小企业 → 专精特新 → 小巨人).
    public static let qualityTier: DictionaryID = "quality_sme_tier"
    /// 战略性新兴产业分类（2018） first-level categories.
    public static let strategicIndustry: DictionaryID = "strategic_industry"
    /// 产品类型.
    public static let productCategory: DictionaryID = "product_category"
    /// 核心技术来源.
    public static let techSource: DictionaryID = "tech_source"
    /// 国家科技服务业统计分类（2018） first-level categories.
    public static let serviceCategory: DictionaryID = "service_category"
    /// 重大变更类型.
    public static let majorChangeType: DictionaryID = "major_change_type"
}

/// The dictionaries the enterprise filings use on top of `Dictionaries`. A validator of these forms is built
/// with `FieldValidator(extra: FilingDictionaries.all + [zones])`.
public enum FilingDictionaries {
    /// Boards: the codes are stable and the listing status each implies is fixed by `listingStatus(ofBoard:)`.
    public static let listingBoard = DataDictionary(
        id: .listingBoard, label: "挂牌上市板块",
        entries: [
            .init(code: "main", label: "沪深主板"), .init(code: "chinext", label: "创业板"),
            .init(code: "star", label: "科创板"), .init(code: "bse", label: "北京证券交易所"),
            .init(code: "overseas", label: "境外上市"), .init(code: "neeq", label: "全国中小企业股份转让系统（新三板）"),
            .init(code: "regional", label: "区域性股权市场"),
        ])
    public static let qualityTier = DataDictionary(
        id: .qualityTier, label: "优质中小企业梯度培育层级",
        entries: [
            .init(code: "0", label: "未认定"), .init(code: "1", label: "创新型中小企业"),
            .init(code: "2", label: "专精特新中小企业"), .init(code: "3", label: "专精特新“小巨人”企业"),
        ])
    public static let strategicIndustry = DataDictionary(
        id: .strategicIndustry, label: "战略性新兴产业",
        entries: [.init(code: "0", label: "不属于战略性新兴产业")] + [
            "新一代信息技术产业", "高端装备制造产业", "新材料产业", "生物产业", "新能源汽车产业", "新能源产业", "节能环保产业",
            "数字创意产业", "相关服务业",
        ].enumerated().map { .init(code: String($0.offset + 1), label: $0.element) })
    public static let productCategory = DataDictionary(
        id: .productCategory, label: "产品类型",
        labels: ["整机与装备", "零部件与元器件", "材料与化学品", "软件与信息系统", "药品与医疗器械", "农产品与食品", "其他"])
    public static let techSource = DataDictionary(
        id: .techSource, label: "核心技术来源", labels: ["自主研发", "合作研发", "受让或许可", "其他"])
    public static let serviceCategory = DataDictionary(
        id: .serviceCategory, label: "服务类型",
        labels: ["科学研究与试验发展服务", "专业化技术服务", "科技推广及相关服务", "科技信息服务", "科技金融服务",
                 "科技普及和宣传教育服务", "综合科技服务"])
    public static let majorChangeType = DataDictionary(
        id: .majorChangeType, label: "变更类型",
        labels: ["名称变更", "注册地变更", "股权结构变更", "法定代表人变更", "主营业务变更", "其他"])

    /// Every dictionary declared here.
    public static let all: [DataDictionary] = [
        listingBoard, qualityTier, strategicIndustry, productCategory, techSource, serviceCategory, majorChangeType,
        ApplicationForm.fieldClassDictionary,
    ]

    /// The `Dictionaries.listingStatus` code a board implies: 1 for 新三板 and regional markets (挂牌), 2 for
    /// exchanges at home or abroad (上市); nil for an unknown board.
    public static func listingStatus(ofBoard board: String) -> String? {
        switch board {
        case "neeq", "regional": "1"
        case "main", "chinext", "star", "bse", "overseas": "2"
        default: nil
        }
    }
}

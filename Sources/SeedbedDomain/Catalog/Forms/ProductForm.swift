/// 产品添加 (seed 000 §2.4, FEATURES D7): one product of the enterprise. The main product's field and
/// strategic-emerging-industry class feed 创新型中小企业 (RULES.md §7, “主导产品所属领域”).
public enum ProductForm {
    static let group = "产品信息"

    public static let name = FieldDefinition(
        "product_name", "产品名称", .text(maxLength: 100), required: true, group: group)
    public static let category = FieldDefinition(
        "product_category", "产品类型", .choice(.productCategory), required: true, group: group)
    public static let techField = FieldDefinition(
        "tech_field", "技术领域", .choice(.techField), group: group,
        help: "产品核心技术所属的国家重点支持的高新技术领域；不属于八大领域的不选")
    public static let strategicIndustry = FieldDefinition(
        "strategic_industry", "所属战略性新兴产业", .choice(.strategicIndustry), required: true, group: group,
        help: "按《战略性新兴产业分类（2018）》选择；不属于的选“不属于战略性新兴产业”")
    public static let isMain = FieldDefinition(
        "is_main_product", "主导产品", .flag, required: true, group: group, help: "是否为企业收入占比最高的主导产品之一")
    public static let isHightech = FieldDefinition(
        "is_hightech_product", "高新技术产品", .flag, required: true, group: group,
        help: "核心技术属于国家重点支持的高新技术领域，且有自主知识产权支撑")
    public static let techSource = FieldDefinition(
        "tech_source", "核心技术来源", .choice(.techSource), required: true, group: group)
    public static let ipCount = FieldDefinition(
        "supporting_ip", "支撑该产品的知识产权", .integer, unit: .piece, minimum: 0, maximum: 100_000, group: group,
        help: "对产品核心技术起支持作用的有效专利、软件著作权等件数")
    public static let launchYear = FieldDefinition(
        "launch_year", "投产年份", .year, minimum: 1949, maximum: 2100, group: group)
    public static let annualRevenue = FieldDefinition(
        "annual_revenue", "上年销售收入", .decimal(scale: 2), unit: .wanYuan, required: true, minimum: 0, maximum: 1e9,
        group: group, help: "该产品上一会计年度的销售收入，尚未销售的填 0")
    public static let description = FieldDefinition(
        "description", "产品简介", .longText(maxLength: 1000), required: true, group: group,
        help: "用途、核心技术、主要性能指标与同类产品相比的优势，1000 字以内")

    public static let form = FormDefinition(
        id: "product", title: "产品添加", groups: [group],
        fields: [name, category, techField, strategicIndustry, isMain, isHightech, techSource, ipCount, launchYear,
                 annualRevenue, description],
        rules: [
            .required(techField.id, whenTicked: isHightech.id, message: "高新技术产品请选择「技术领域」"),
        ])
}

/// 服务添加 (seed 000 §2.4, FEATURES D7): one service of the enterprise, classed by the first-level categories
/// of 国家科技服务业统计分类（2018）.
public enum ServiceForm {
    static let group = "服务信息"

    public static let name = FieldDefinition(
        "service_name", "服务名称", .text(maxLength: 100), required: true, group: group)
    public static let category = FieldDefinition(
        "service_category", "服务类型", .choice(.serviceCategory), required: true, group: group,
        help: "按《国家科技服务业统计分类（2018）》大类选择")
    public static let techField = FieldDefinition(
        "tech_field", "技术领域", .choice(.techField), group: group,
        help: "服务所依托技术所属的国家重点支持的高新技术领域；不属于八大领域的不选")
    public static let isHightech = FieldDefinition(
        "is_hightech_service", "高新技术服务", .flag, required: true, group: group,
        help: "所依托的核心技术属于国家重点支持的高新技术领域，且有自主知识产权支撑")
    public static let customers = FieldDefinition(
        "customers", "主要服务对象", .text(maxLength: 200), group: group, help: "如汽车零部件制造企业、医院")
    public static let annualRevenue = FieldDefinition(
        "annual_revenue", "上年服务收入", .decimal(scale: 2), unit: .wanYuan, required: true, minimum: 0, maximum: 1e9,
        group: group, help: "该服务上一会计年度的收入，尚未取得收入的填 0")
    public static let description = FieldDefinition(
        "description", "服务简介", .longText(maxLength: 1000), required: true, group: group,
        help: "服务内容、服务方式、所依托的技术与能力，1000 字以内")

    public static let form = FormDefinition(
        id: "service", title: "服务添加", groups: [group],
        fields: [name, category, techField, isHightech, customers, annualRevenue, description],
        rules: [
            .required(techField.id, whenTicked: isHightech.id, message: "高新技术服务请选择「技术领域」"),
        ])
}

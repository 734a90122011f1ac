/// The enterprise record (企业名录): the fields a government user enters or imports to create an enterprise.
/// The import kind "企业名录" and the 新增企业 form both read this definition.
public enum EnterpriseRecordForm {
    public static let uscc = FieldDefinition("uscc", "统一社会信用代码", .uscc, required: true, group: "基本信息",
                                            help: "18 位，系统自动校验校验位")
    public static let name = FieldDefinition("name", "企业名称", .text(maxLength: 100), required: true, group: "基本信息")
    public static let region = FieldDefinition("region_code", "所属区县", .region, required: true, group: "基本信息",
                                              help: "依次选择省、市、区县")
    public static let zone = FieldDefinition("zone", "所属高新区", .choice(.zone), group: "基本信息")
    public static let industry = FieldDefinition("industry_code", "所属行业", .industry, group: "基本信息",
                                                help: "国民经济行业分类门类字母加两位大类代码，如 C39")
    public static let techField = FieldDefinition("tech_field", "高新技术领域", .choice(.techField), group: "基本信息")
    public static let registeredOn = FieldDefinition("registered_on", "成立日期", .date, group: "基本信息",
                                                    notAfterToday: true)
    public static let contactName = FieldDefinition("contact_name", "联系人", .text(maxLength: 30), group: "联系方式")
    public static let contactPhone = FieldDefinition("contact_phone", "联系电话", .phone, group: "联系方式", sensitive: true)

    public static let form = FormDefinition(
        id: "enterprise_record", title: "企业名录", groups: ["基本信息", "联系方式"],
        fields: [uscc, name, region, zone, industry, techField, registeredOn, contactName, contactPhone])
}

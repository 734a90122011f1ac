/// 企业基本信息 (seed 000 §2.2, FEATURES D5, M4), filed in three steps: 基本信息, 创新人员, 体系认定.
///
/// Fields with `source: .imported` come from the business registry (import kind "工商数据", `registryImport`):
/// shown grey and read-only to the enterprise. They are not required of the enterprise, which cannot supply
/// them; 统一社会信用代码 and 企业名称 always exist from registration. The `declarable` ones (成立日期, 所属行业:
/// cohorts, rules and forms depend on them) the enterprise fills itself until an import supplies them
/// (`FormDefinition.declaring`). The profile is not a yearly filing, so no
/// field here carries a fact: yearly facts come from the approved annual report (`AnnualReportForm`).
public enum BasicInfoForm {
    static let basicGroup = "基本信息"
    static let peopleGroup = "创新人员"
    static let systemsGroup = "体系认定"
    static let personCeiling: Double = 1_000_000

    // MARK: 基本信息 — imported from the business registry

    public static let uscc = FieldDefinition(
        "uscc", "统一社会信用代码", .uscc, required: true, source: .imported, group: basicGroup)
    public static let name = FieldDefinition(
        "name", "企业名称", .text(maxLength: 100), required: true, source: .imported, group: basicGroup)
    public static let legalRepresentative = FieldDefinition(
        "legal_representative", "法定代表人", .text(maxLength: 30), source: .imported, group: basicGroup)
    public static let registeredOn = FieldDefinition(
        "registered_on", "成立日期", .date, source: .imported, group: basicGroup, help: "营业执照上的成立日期",
        declarable: true, notAfterToday: true)
    public static let registeredCapital = FieldDefinition(
        "registered_capital", "注册资本", .decimal(scale: 4), unit: .wanYuan, minimum: 0, maximum: 1e9,
        source: .imported, group: basicGroup, help: "以人民币计；外币注册资本按登记机关折算的金额")
    public static let enterpriseType = FieldDefinition(
        "enterprise_type", "企业类型", .text(maxLength: 60), source: .imported, group: basicGroup,
        help: "登记机关核定的类型，如“有限责任公司（自然人投资或控股）”")
    public static let registrationStatus = FieldDefinition(
        "registration_status", "登记状态", .text(maxLength: 20), source: .imported, group: basicGroup,
        help: "如存续、在业、吊销、注销")
    public static let registrationAuthority = FieldDefinition(
        "registration_authority", "登记机关", .text(maxLength: 60), source: .imported, group: basicGroup)
    public static let registeredAddress = FieldDefinition(
        "registered_address", "注册地址", .text(maxLength: 200), source: .imported, group: basicGroup)
    public static let businessScope = FieldDefinition(
        "business_scope", "经营范围", .longText(maxLength: 4000), source: .imported, group: basicGroup)
    public static let industry = FieldDefinition(
        "industry_code", "所属行业", .industry, source: .imported, group: basicGroup,
        help: "国民经济行业分类门类字母加两位大类代码，如 C39；决定数字化水平评测使用的问卷",
        declarable: true)

    // MARK: 基本信息 — filed by the enterprise

    public static let mailingAddress = FieldDefinition(
        "mailing_address", "通讯地址", .text(maxLength: 200), required: true, group: basicGroup,
        help: "接收纸质材料的地址，与注册地址相同的也请填写")
    public static let scale = FieldDefinition(
        "enterprise_scale", "企业规模", .choice(.enterpriseScale), required: true, group: basicGroup,
        help: "按《中小企业划型标准规定》及统计上大中小微型企业划分办法，依上年从业人员、营业收入、资产总额确定")
    public static let techField = FieldDefinition(
        "tech_field", "高新技术领域", .choice(.techField), group: basicGroup,
        help: "主要产品（服务）核心技术所属的国家重点支持的高新技术领域；不属于八大领域的不选")
    public static let mainProducts = FieldDefinition(
        "main_products", "主营产品（服务）", .text(maxLength: 200), required: true, group: basicGroup,
        help: "列举主要产品或服务名称，多个用顿号分隔；详细信息在“产品信息”中逐项填报")
    public static let website = FieldDefinition("website", "企业网址", .text(maxLength: 100), group: basicGroup)
    public static let profile = FieldDefinition(
        "profile", "企业简介", .longText(maxLength: 1000), group: basicGroup,
        help: "主营业务、核心技术与市场地位，1000 字以内")
    public static let contactName = FieldDefinition(
        "contact_name", "联系人", .text(maxLength: 30), required: true, group: basicGroup)
    public static let contactPhone = FieldDefinition(
        "contact_phone", "联系电话", .phone, required: true, group: basicGroup, sensitive: true)
    public static let contactEmail = FieldDefinition(
        "contact_email", "电子邮箱", .email, group: basicGroup, sensitive: true)

    // MARK: 创新人员

    public static let rdLeaderName = FieldDefinition(
        "rd_leader_name", "研发负责人", .text(maxLength: 30), required: true, group: peopleGroup,
        help: "企业技术或研发工作的总负责人，如技术总监、总工程师")
    public static let rdLeaderTitle = FieldDefinition(
        "rd_leader_title", "研发负责人职称", .text(maxLength: 30), group: peopleGroup, help: "如高级工程师、研究员")
    public static let rdLeaderPhone = FieldDefinition(
        "rd_leader_phone", "研发负责人电话", .phone, required: true, group: peopleGroup, sensitive: true)
    public static let employees = FieldDefinition(
        "employees", "职工总数", .integer, unit: .person, required: true, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "当前在职、兼职和临时聘用人员合计")
    public static let stStaff = FieldDefinition(
        "st_staff", "科技人员数", .integer, unit: .person, required: true, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "职工中直接从事研发和相关技术创新活动，以及专门从事上述活动的管理和提供直接服务的人员")
    public static let rdStaff = FieldDefinition(
        "rd_staff", "研发人员数", .integer, unit: .person, required: true, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "科技人员中直接从事研究开发活动的人员")
    public static let doctors = FieldDefinition(
        "doctors", "博士人数", .integer, unit: .person, required: true, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "职工中具有博士学位的人数，没有请填 0")
    public static let masters = FieldDefinition(
        "masters", "硕士人数", .integer, unit: .person, required: true, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "职工中具有硕士学位的人数（不含博士），没有请填 0")
    public static let nationalTalents = FieldDefinition(
        "national_talents", "国家级高层次人才", .integer, unit: .person, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "两院院士及入选国家级人才计划的人员，含柔性引进")
    public static let provincialTalents = FieldDefinition(
        "provincial_talents", "省级高层次人才", .integer, unit: .person, minimum: 0, maximum: personCeiling,
        group: peopleGroup, help: "入选省（自治区、直辖市）级人才计划的人员，含柔性引进")

    // MARK: 体系认定

    public static let qualityCertified = FieldDefinition(
        "iso9001_certified", "质量管理体系认证", .flag, required: true, group: systemsGroup,
        help: "持有有效的 GB/T 19001（ISO 9001）认证证书")
    public static let ipManagementCertified = FieldDefinition(
        "ip_management_certified", "知识产权管理体系认证", .flag, required: true, group: systemsGroup,
        help: "持有有效的 GB/T 29490 企业知识产权管理规范认证证书")
    public static let environmentCertified = FieldDefinition(
        "iso14001_certified", "环境管理体系认证", .flag, group: systemsGroup, help: "GB/T 24001（ISO 14001）")
    public static let safetyCertified = FieldDefinition(
        "iso45001_certified", "职业健康安全管理体系认证", .flag, group: systemsGroup, help: "GB/T 45001（ISO 45001）")
    public static let infoSecurityCertified = FieldDefinition(
        "iso27001_certified", "信息安全管理体系认证", .flag, group: systemsGroup, help: "GB/T 22080（ISO/IEC 27001）")
    public static let integrationCertified = FieldDefinition(
        "integration_certified", "两化融合管理体系评定", .flag, group: systemsGroup, help: "GB/T 23001 贯标评定")
    public static let otherCertificates = FieldDefinition(
        "other_certificates", "其他体系认证", .text(maxLength: 200), group: systemsGroup,
        help: "如 IATF 16949、CMMI、GMP，多个用顿号分隔")
    public static let hightechCertified = FieldDefinition(
        "hightech_certified", "高新技术企业", .flag, required: true, group: systemsGroup,
        help: "持有在有效期内的高新技术企业证书")
    public static let hightechCertNo = FieldDefinition(
        "hightech_cert_no", "高企证书编号", .text(maxLength: 20), group: systemsGroup, help: "形如 GR202350000123")
    public static let hightechCertDate = FieldDefinition(
        "hightech_cert_date", "高企发证日期", .date, group: systemsGroup, help: "证书有效期三年，自发证日期起算")
    public static let techSMECertified = FieldDefinition(
        "tech_sme_certified", "科技型中小企业", .flag, required: true, group: systemsGroup,
        help: "本年度已通过科技型中小企业评价并入库")
    public static let techSMENumber = FieldDefinition(
        "tech_sme_number", "科技型中小企业入库登记编号", .text(maxLength: 30), group: systemsGroup)
    public static let qualityTier = FieldDefinition(
        "quality_sme_tier", "专精特新认定层级", .choice(.qualityTier), required: true, group: systemsGroup,
        help: "优质中小企业梯度培育中已获且在有效期内的最高层级；未获认定的选“未认定”")
    public static let qualityTierYear = FieldDefinition(
        "quality_sme_year", "专精特新认定年份", .year, minimum: 2000, maximum: 2100, group: systemsGroup)
    public static let innovationDemonstration = FieldDefinition(
        "innovation_demonstration", "国家技术创新示范企业", .flag, group: systemsGroup)
    public static let ipAdvantage = FieldDefinition(
        "ip_advantage", "国家知识产权优势或示范企业", .flag, group: systemsGroup)

    public static let form = FormDefinition(
        id: "basic_info", title: "企业基本信息", groups: [basicGroup, peopleGroup, systemsGroup],
        fields: [
            uscc, name, legalRepresentative, registeredOn, registeredCapital, enterpriseType, registrationStatus,
            registrationAuthority, registeredAddress, businessScope, industry, mailingAddress, scale, techField,
            mainProducts, website, profile, contactName, contactPhone, contactEmail,
            rdLeaderName, rdLeaderTitle, rdLeaderPhone, employees, stStaff, rdStaff, doctors, masters,
            nationalTalents, provincialTalents,
            qualityCertified, ipManagementCertified, environmentCertified, safetyCertified, infoSecurityCertified,
            integrationCertified, otherCertificates, hightechCertified, hightechCertNo, hightechCertDate,
            techSMECertified, techSMENumber, qualityTier, qualityTierYear, innovationDemonstration, ipAdvantage,
        ],
        derived: [
            .ratio("st_staff_ratio_pct", "科技人员占比", stStaff.id, over: employees.id),
            .ratio("rd_staff_ratio_pct", "研发人员占比", rdStaff.id, over: employees.id),
        ],
        rules: [
            .notGreater(rdStaff.id, than: stStaff.id, message: "研发人员数不能大于科技人员数"),
            .notGreater(stStaff.id, than: employees.id, message: "科技人员数不能大于职工总数"),
            .sumNotGreater([doctors.id, masters.id], than: employees.id, message: "博士与硕士人数之和不能大于职工总数"),
            .required(hightechCertNo.id, whenTicked: hightechCertified.id,
                      message: "已认定为高新技术企业的，请填写「高企证书编号」"),
            .required(hightechCertDate.id, whenTicked: hightechCertified.id,
                      message: "已认定为高新技术企业的，请填写「高企发证日期」"),
            .conforms(hightechCertNo.id, message: "「高企证书编号」应为 GR 加 12 位数字（年份、省份代码和序号），如 GR202350000123",
                      FilingFormats.isHightechCertificate),
            .required(techSMENumber.id, whenTicked: techSMECertified.id,
                      message: "已入库的科技型中小企业，请填写「科技型中小企业入库登记编号」"),
            .required(qualityTierYear.id, when: [qualityTier.id], message: "已获专精特新认定的，请填写「专精特新认定年份」") {
                if case .choice(let code) = $0[qualityTier.id] { return code != "0" }
                return false
            },
        ])

    /// The import kind "工商数据": the registry-imported fields, keyed by 统一社会信用代码. Only the code and the
    /// name are required of a row; the registry may lack the rest.
    public static let registryImport = FormDefinition(
        id: "registry_import", title: "工商数据", groups: ["工商数据"],
        fields: form.fields.filter { $0.source == .imported }.map { $0.with(group: "工商数据") })
}

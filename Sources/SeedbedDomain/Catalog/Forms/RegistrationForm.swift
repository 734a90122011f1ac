/// 企业注册 (seed 000 §2.1, FEATURES D2): the qualification material an enterprise submits to get an account.
/// An administrator of the registered region reviews it; approval is sent by SMS to the contact's mobile.
///
/// The password is not a catalog field: it never enters a filing document and is checked by `PasswordPolicy`.
public enum RegistrationForm {
    static let enterpriseGroup = "企业信息"
    static let accountGroup = "联系人与账号"
    static let consentGroup = "知情同意"

    public static let uscc = FieldDefinition(
        "uscc", "统一社会信用代码", .uscc, required: true, group: enterpriseGroup,
        help: "营业执照上的 18 位代码，系统自动校验校验位；一个代码只能注册一个企业账号")
    public static let name = FieldDefinition(
        "name", "企业名称", .text(maxLength: 100), required: true, group: enterpriseGroup, help: "与营业执照上的名称一致")
    public static let region = FieldDefinition(
        "region_code", "注册地", .region, required: true, group: enterpriseGroup,
        help: "依次选择省、市、区县。注册地决定审核单位：注册及此后的各项填报由注册地所属区县科技主管部门审核")
    public static let zone = FieldDefinition(
        "zone", "所属高新区", .choice(.zone), group: enterpriseGroup, help: "企业位于高新区内的请选择，不在高新区的不选")
    public static let businessLicence = FieldDefinition(
        "business_licence", "营业执照", .file, required: true, group: enterpriseGroup,
        help: "营业执照副本的扫描件或照片，须清晰完整")
    public static let contactName = FieldDefinition(
        "contact_name", "联系人", .text(maxLength: 30), required: true, group: accountGroup)
    public static let contactPhone = FieldDefinition(
        "contact_phone", "联系人手机", .phone, required: true, group: accountGroup,
        help: "11 位手机号码。注册审核结果以短信发送到此号码，找回密码时也须与账号一同核对", sensitive: true)
    public static let email = FieldDefinition(
        "contact_email", "电子邮箱", .email, group: accountGroup, help: "用于接收通知；更换手机号码时可用邮箱核验",
        sensitive: true)
    public static let account = FieldDefinition(
        "account", "登录账号", .text(maxLength: 30), required: true, group: accountGroup,
        help: "4–30 位，由字母、数字、下划线、短横线或点组成，以字母或数字开头；注册后不可修改")
    /// A flag whose only acceptable value is 是: `required` refuses it left blank, the rule `consentGiven`
    /// refuses 否.
    public static let consent = FieldDefinition(
        "consent", "已阅读并同意《知情同意书》", .flag, required: true, group: consentGroup,
        help: "请先阅读《知情同意书》全文，勾选同意后方可注册")

    /// 11 digits starting with 1: the approval SMS cannot reach a landline, which `.phone` otherwise accepts.
    static let mobileOnly = CrossFieldRule.conforms(
        contactPhone.id, message: "「联系人手机」须为 11 位手机号码，用于接收注册审核结果短信", FilingFormats.isMobile)
    static let accountFormat = CrossFieldRule.conforms(
        account.id, message: "「登录账号」须为 4–30 位字母、数字、下划线、短横线或点，并以字母或数字开头",
        FilingFormats.isAccount)
    static let consentGiven = CrossFieldRule.mustBeTicked(
        consent.id, message: "须阅读并勾选同意《知情同意书》后方可注册")

    public static let form = FormDefinition(
        id: "registration", title: "企业注册", groups: [enterpriseGroup, accountGroup, consentGroup],
        fields: [uscc, name, region, zone, businessLicence, contactName, contactPhone, email, account, consent],
        rules: [mobileOnly, accountFormat, consentGiven])
}

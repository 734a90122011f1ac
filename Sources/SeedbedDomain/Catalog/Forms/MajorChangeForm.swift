/// 重大变更 (seed 002 §三(四), FEATURES M7): one change an enterprise reports, filtered by its type. Recognised
/// 专精特新 enterprises report a major change within three months (RULES.md §8).
public enum MajorChangeForm {
    static let group = "变更信息"

    public static let changeType = FieldDefinition(
        "change_type", "变更类型", .choice(.majorChangeType), required: true, group: group)
    public static let before = FieldDefinition(
        "before_value", "变更前", .longText(maxLength: 500), required: true, group: group,
        help: "变更前的内容，如原企业名称、原注册地址、原法定代表人、变更前的股权结构")
    public static let after = FieldDefinition(
        "after_value", "变更后", .longText(maxLength: 500), required: true, group: group, help: "变更后的内容")
    public static let changeDate = FieldDefinition(
        "change_date", "变更日期", .date, required: true, group: group,
        help: "工商变更登记日期；无需登记的，填决议或实际发生日期。应在变更后三个月内报告", notAfterToday: true)
    public static let description = FieldDefinition(
        "description", "变更说明", .longText(maxLength: 1000), group: group,
        help: "变更原因及对企业主营业务、创新能力的影响；变更类型为“其他”的必填")
    public static let proof = FieldDefinition(
        "proof", "证明材料", .file, required: true, group: group,
        help: "如变更登记通知书、股东会决议、新营业执照，多个文件请压缩为一个 zip 上传")

    /// Code of 其他 in `FilingDictionaries.majorChangeType`.
    static let otherCode = "6"

    public static let form = FormDefinition(
        id: "major_change", title: "重大变更", groups: [group],
        fields: [changeType, before, after, changeDate, description, proof],
        rules: [
            .differ(before.id, after.id, message: "「变更后」与「变更前」相同，没有需要报告的变更"),
            .required(description.id, when: [changeType.id], message: "变更类型为“其他”的，请填写「变更说明」") {
                $0[changeType.id] == .choice(otherCode)
            },
        ])
}

/// 复核 (seed 002 §三(五), FEATURES M8): what an enterprise files to keep a recognition past its end date. The
/// platform fills the recognition and the evaluator's verdict on current facts; the enterprise explains why it
/// still meets the level. Reviewed county → city → province like an application.
public enum RenewalForm {
    static let group = "复核信息"

    public static let level = FieldDefinition(
        "recognition_level", "认定级别", .text(maxLength: 50), required: true, group: group)
    public static let certificateNo = FieldDefinition(
        "certificate_no", "证书编号", .text(maxLength: 40), required: true, group: group)
    public static let validUntil = FieldDefinition(
        "valid_until", "有效期至", .date, required: true, group: group)
    public static let evaluation = FieldDefinition(
        "evaluation", "平台评价结果", .longText(maxLength: 1000), group: group,
        help: "提交时按企业最新经审核的数据重新评价，供审核参考")
    public static let statement = FieldDefinition(
        "statement", "复核说明", .longText(maxLength: 2000), required: true, group: group,
        help: "认定以来主营业务、研发投入、知识产权等变化情况，以及仍符合认定条件的说明")

    public static let form = FormDefinition(
        id: "renewal", title: "认定复核", groups: [group],
        fields: [level, certificateNo, validUntil, evaluation, statement])
}

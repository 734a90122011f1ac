/// Everything an enterprise files that a government organisation reviews. Each kind's behaviour is data: see
/// `FilingPolicy.standard(for:)`.
public enum FilingKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// 企业注册: qualification material of a new account.
    case registration
    /// 企业基本信息.
    case basicInfo = "basic_info"
    /// 科技信息年报 / 年度经营信息, one per year.
    case annualReport = "annual_report"
    /// 积分数据, one per points period.
    case pointsData = "points_data"
    /// 企业快报, for enterprises on the government's list.
    case expressReport = "express_report"
    /// 创新型中小企业申报.
    case innovativeSMEApplication = "innovative_sme_application"
    /// 专精特新中小企业申报.
    case specializedSMEApplication = "specialized_sme_application"
    /// 重大变更 of a recognised enterprise.
    case majorChange = "major_change"
    /// 复核 when a recognition expires.
    case renewal

    /// Chinese name of the material.
    public var label: String {
        switch self {
        case .registration: "企业注册信息"
        case .basicInfo: "企业基本信息"
        case .annualReport: "科技信息年报"
        case .pointsData: "积分数据"
        case .expressReport: "企业快报"
        case .innovativeSMEApplication: "创新型中小企业申报"
        case .specializedSMEApplication: "专精特新中小企业申报"
        case .majorChange: "重大变更申请"
        case .renewal: "复核申请"
        }
    }

    /// The activity, as prompts name it ("请先完成企业基本信息填报…，再进行积分数据填报").
    public var activity: String {
        switch self {
        case .registration: "企业注册"
        case .basicInfo: "企业基本信息填报"
        case .annualReport: "科技信息年报填报"
        case .pointsData: "积分数据填报"
        case .expressReport: "企业快报填报"
        case .innovativeSMEApplication: "创新型中小企业申报"
        case .specializedSMEApplication: "专精特新中小企业申报"
        case .majorChange: "重大变更申请"
        case .renewal: "复核申请"
        }
    }
}

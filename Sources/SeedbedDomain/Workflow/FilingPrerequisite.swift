/// Something that must hold before an enterprise may start or submit a kind of filing; each has the prompt the
/// enterprise sees instead of the form.
public enum FilingPrerequisite: Sendable, Hashable {
    /// Another kind must have an approved version (points data needs approved basic info).
    case approved(FilingKind)
    /// Only recognised enterprises (复核, 重大变更).
    case recognised
    /// Only enterprises on the government's express-report list.
    case onExpressReportList
    /// The digital-level self-assessment must be done (专精特新 applications).
    case digitalAssessment

    /// Whether the enterprise meets it.
    public func isMet(by enterprise: FilingEnterprise) -> Bool {
        switch self {
        case .approved(let kind): enterprise.approvedKinds.contains(kind)
        case .recognised: enterprise.isRecognised
        case .onExpressReportList: enterprise.isOnExpressReportList
        case .digitalAssessment: enterprise.hasDigitalAssessment
        }
    }

    /// The Chinese prompt shown to an enterprise that does not meet it when it tries to file `kind`.
    public func prompt(for kind: FilingKind) -> String {
        switch self {
        case .approved(let required):
            "请先完成\(required.activity)并通过审核，再进行\(kind.activity)"
        case .recognised:
            "仅已认定的企业可进行\(kind.activity)"
        case .onExpressReportList:
            "您的企业不在政府设置的企业快报填报名单中，无需填报"
        case .digitalAssessment:
            "请先完成数字化水平评测，再进行\(kind.activity)"
        }
    }
}

/// What the workflow needs to know about the enterprise acting on a filing. The server fills it from the
/// enterprise record, its approved filings, its recognitions and the government's lists.
public struct FilingEnterprise: Sendable, Hashable {
    public var location: EnterpriseLocation
    /// Holds a current recognition (创新型中小企业, 专精特新 …).
    public var isRecognised: Bool
    /// Kinds of which the enterprise has an approved version (`Filing.hasApprovedVersion`).
    public var approvedKinds: Set<FilingKind>
    /// On the government's list of enterprises that file express reports.
    public var isOnExpressReportList: Bool
    /// Has completed the digital-level self-assessment (数字化水平评测).
    public var hasDigitalAssessment: Bool

    public init(location: EnterpriseLocation, isRecognised: Bool = false, approvedKinds: Set<FilingKind> = [],
                isOnExpressReportList: Bool = false, hasDigitalAssessment: Bool = false) {
        self.location = location
        self.isRecognised = isRecognised
        self.approvedKinds = approvedKinds
        self.isOnExpressReportList = isOnExpressReportList
        self.hasDigitalAssessment = hasDigitalAssessment
    }
}

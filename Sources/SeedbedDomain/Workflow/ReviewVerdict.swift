/// What a reviewer decides (审核结论).
public enum ReviewVerdict: String, Sendable, Codable, CaseIterable, Hashable {
    /// 通过: on to the next level, or approved at the last.
    case approve = "approved"
    /// 退回修改: back to the enterprise; its resubmission returns to this level.
    case returnForRevision = "returned"
    /// 不通过: final, where the kind allows it.
    case reject = "rejected"

    /// Chinese name of the decision.
    public var label: String {
        switch self {
        case .approve: "通过"
        case .returnForRevision: "退回修改"
        case .reject: "不通过"
        }
    }

    /// 退回修改 and 不通过 must say why.
    public var requiresReason: Bool { self != .approve }
}

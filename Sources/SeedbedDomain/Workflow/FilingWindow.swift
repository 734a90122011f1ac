/// A period in which enterprises of an audience, in a region, may start, edit and submit a kind of filing.
///
/// A kind is open to an enterprise on a day when at least one of its windows applies to the enterprise and
/// contains the day. A kind with no window at all is never open: applications stay closed until administrators
/// set a province's window (FAQ 4 of seed 002), and kinds open all year carry `FilingWindow.always`.
public struct FilingWindow: Sendable, Hashable {
    public var period: FilingPeriod
    public var audience: FilingAudience
    /// Region-code prefix the window is for ("51" for one province); empty for everywhere.
    public var regionPrefix: String

    public init(period: FilingPeriod, audience: FilingAudience = .everyone, regionPrefix: String = "") {
        self.period = period
        self.audience = audience
        self.regionPrefix = regionPrefix
    }

    /// Open to everyone, all year.
    public static let always = FilingWindow(period: .anytime)

    /// Whether the window concerns the enterprise at all (its audience and region), whatever the day.
    public func applies(to enterprise: FilingEnterprise) -> Bool {
        audience.includes(enterprise) && RegionCodes.code(enterprise.location.regionCode, liesIn: regionPrefix)
    }

    /// Chinese description, e.g. "每年1月1日至4月30日（已认定企业）".
    public var label: String {
        audience == .everyone ? period.label : period.label + "（\(audience.label)）"
    }
}

/// Which enterprises a window is for.
public enum FilingAudience: String, Sendable, Hashable, CaseIterable {
    case everyone
    /// Enterprises holding a current recognition: their basic-info changes are 信息更新, only in the yearly window.
    case recognised
    case unrecognised

    /// Chinese name of the audience.
    public var label: String {
        switch self {
        case .everyone: "所有企业"
        case .recognised: "已认定企业"
        case .unrecognised: "未认定企业"
        }
    }

    /// Whether the enterprise belongs to the audience.
    public func includes(_ enterprise: FilingEnterprise) -> Bool {
        switch self {
        case .everyone: true
        case .recognised: enterprise.isRecognised
        case .unrecognised: !enterprise.isRecognised
        }
    }
}

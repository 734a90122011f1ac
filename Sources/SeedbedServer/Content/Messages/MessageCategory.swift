/// What a message to an enterprise is about (我的消息 filters by it). The raw value is the Chinese name, as the
/// column has always held it.
enum MessageCategory: String, Codable, CaseIterable, Sendable {
    /// A decision on one of the enterprise's filings.
    case reviewResult = "审核结果"
    /// A recognition expires soon (认定到期, seed 002 §五).
    case recognitionExpiry = "认定到期"
    /// A points run was published (积分结果).
    case pointsResult = "积分结果"
    /// The yearly 信息更新 window, or a decision on an update.
    case infoUpdate = "信息更新"
    /// A recognition was granted (认定通知).
    case recognitionNotice = "认定通知"
    /// A recognition was cancelled or lapsed (取消认定).
    case recognitionCancelled = "取消认定"
    /// An application window opened or closes soon (申报提醒).
    case applicationReminder = "申报提醒"
    /// A policy whose 适用条件 the enterprise meets (定向政策推送).
    case policyPush = "政策推送"
    /// A bank's decision on the enterprise's finance application (金融超市: 受理, 放款, 未通过).
    case finance = "金融服务"
    /// Anything else the platform or an official tells the enterprise.
    case notice = "系统通知"

    var label: String { rawValue }
}

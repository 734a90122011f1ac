import Foundation

/// Why the review workflow refused something. Every case has a Chinese `message` for people and a stable `code`
/// for the API and for tests; the server maps them to responses in one place.
public enum WorkflowError: Error, Hashable, Sendable {
    /// The filing changed since the caller loaded it (an edit, or another reviewer's decision).
    case staleVersion
    /// Submitted and waiting for its first decision, and the kind does not let the enterprise change it then.
    case awaitingReview
    /// At least one level approved it in this round; nothing may change until the chain finishes or returns it.
    case underReview
    /// Approved, and the kind locks approved filings.
    case locked(FilingKind)
    /// Rejected (不通过): the process is over.
    case closed
    /// A decision was made on a filing that is not waiting for one.
    case notPending(FilingStatus)
    /// The deciding organisation is not the one the filing waits for.
    case notReviewer
    /// The kind does not allow this decision (e.g. 不通过 on basic info).
    case verdictNotAllowed(ReviewVerdict, FilingKind)
    /// 退回修改 and 不通过 need a reason.
    case reasonRequired(ReviewVerdict)
    /// The opinion is longer than the platform stores.
    case opinionTooLong(limit: Int)
    /// No window applicable to the enterprise is open on the day; `openings` are the ones that apply to it,
    /// empty when none does (e.g. the province has not set its application window).
    case outsideWindow(FilingKind, openings: [FilingWindow])
    /// Something must be done before this kind may be filed.
    case prerequisiteMissing(FilingPrerequisite, for: FilingKind)
    /// Batch decisions are not allowed for this kind at this level.
    case batchNotAllowed(FilingKind, ReviewLevel)
    /// The enterprise's region code is not a GB/T 2260 code.
    case invalidRegionCode(String)
    /// A zone level was asked for an enterprise registered to no zone.
    case noZone
    /// A calendar date or month-day that does not exist.
    case invalidDate(String)
    /// A policy that cannot work (no chain, no approval).
    case invalidPolicy(FilingKind, String)
    /// Stored workflow fields that contradict each other.
    case corruptFiling(String)

    /// Stable machine code.
    public var code: String {
        switch self {
        case .staleVersion: "workflow.stale_version"
        case .awaitingReview: "workflow.awaiting_review"
        case .underReview: "workflow.under_review"
        case .locked: "workflow.locked"
        case .closed: "workflow.closed"
        case .notPending: "workflow.not_pending"
        case .notReviewer: "workflow.not_reviewer"
        case .verdictNotAllowed: "workflow.verdict_not_allowed"
        case .reasonRequired: "workflow.reason_required"
        case .opinionTooLong: "workflow.opinion_too_long"
        case .outsideWindow: "workflow.outside_window"
        case .prerequisiteMissing: "workflow.prerequisite_missing"
        case .batchNotAllowed: "workflow.batch_not_allowed"
        case .invalidRegionCode: "workflow.invalid_region_code"
        case .noZone: "workflow.no_zone"
        case .invalidDate: "workflow.invalid_date"
        case .invalidPolicy: "workflow.invalid_policy"
        case .corruptFiling: "workflow.corrupt_filing"
        }
    }

    /// Chinese message for the person who tried.
    public var message: String {
        switch self {
        case .staleVersion:
            "该材料已被修改或已被其他审核人处理，请刷新后重试"
        case .awaitingReview:
            "材料已提交，正在等待审核，不能修改；如需修改，请联系当前审核部门退回"
        case .underReview:
            "材料正在审核中，不能修改或重复提交"
        case .locked(let kind):
            "\(kind.label)已审核通过并锁定，不能再修改"
        case .closed:
            "该材料审核不通过，流程已结束，不能再修改或提交"
        case .notPending(let status):
            "该材料当前状态为“\(status.label)”，不在待审核状态"
        case .notReviewer:
            "您所在机构不是该材料当前审核层级的审核机构，无权审核"
        case .verdictNotAllowed(let verdict, let kind):
            "\(kind.label)审核不支持“\(verdict.label)”"
        case .reasonRequired(let verdict):
            verdict == .reject ? "审核不通过须填写不通过原因" : "退回修改须填写退回原因"
        case .opinionTooLong(let limit):
            "审核意见不能超过 \(limit) 字"
        case .outsideWindow(let kind, let openings):
            openings.isEmpty
                ? "\(kind.activity)当前未开放（所在地区尚未设置开放时间）"
                : "当前不在\(kind.activity)开放时间内，开放时间：" + openings.map(\.label).joined(separator: "；")
        case .prerequisiteMissing(let prerequisite, let kind):
            prerequisite.prompt(for: kind)
        case .batchNotAllowed(let kind, let level):
            "\(kind.label)在\(level.label)审核环节不支持批量审核，请逐条审核"
        case .invalidRegionCode(let code):
            "企业所在行政区划代码“\(code)”无效，无法确定审核机构"
        case .noZone:
            "企业未登记所属高新区，无法确定高新区审核机构"
        case .invalidDate(let text):
            "日期“\(text)”无效"
        case .invalidPolicy(let kind, let reason):
            "\(kind.label)审核流程配置无效：\(reason)"
        case .corruptFiling(let reason):
            "审核流程数据不一致：\(reason)"
        }
    }
}

extension WorkflowError: LocalizedError {
    public var errorDescription: String? { message }
}

extension WorkflowError: CodedError {
    public var failure: FailureKind {
        switch self {
        // The filing, or the enterprise it belongs to, is not in a state that allows the step. `notReviewer` is
        // here too: the organisation reviews this kind, but the filing has moved on to another level since the
        // page was loaded.
        case .staleVersion, .awaitingReview, .underReview, .locked, .closed, .notPending, .notReviewer,
             .outsideWindow, .prerequisiteMissing, .invalidRegionCode, .noZone:
            .conflict
        case .verdictNotAllowed, .reasonRequired, .opinionTooLong, .batchNotAllowed, .invalidDate:
            .invalid
        case .invalidPolicy, .corruptFiling:
            .internal
        }
    }
}

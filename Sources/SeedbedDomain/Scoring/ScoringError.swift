import Foundation

/// Why a scoring run, an estimate or a comparison could not be made. Messages are Chinese; `code` is stable.
public enum ScoringError: CodedError, LocalizedError, Hashable {
    /// A per-enterprise column (cohorts, stages) has another length than the fact frame.
    case lengthMismatch(column: String, expected: Int, actual: Int)
    /// A cohort code outside `0..<cohortCount`.
    case cohortOutOfRange(slot: Int, code: Int, cohortCount: Int)
    /// A stage code that indexes no stage of the scheme and is not `ScoringInput.undecidedStage`.
    case stageOutOfRange(slot: Int, code: Int, stageCount: Int)
    /// More enterprises or cohorts than one run can index (2³¹ − 1).
    case tooLarge(what: String, count: Int)
    /// A stage name the scheme does not define.
    case unknownStage(DevelopmentStage)
    /// A cohort index the result does not have.
    case unknownCohort(Int)
    /// Two results compared over different numbers of enterprises.
    case comparisonMismatch(before: Int, after: Int)

    /// Stable machine code for the API.
    public var code: String {
        switch self {
        case .lengthMismatch: "scoring_length_mismatch"
        case .cohortOutOfRange: "scoring_cohort_out_of_range"
        case .stageOutOfRange: "scoring_stage_out_of_range"
        case .tooLarge: "scoring_too_large"
        case .unknownStage: "scoring_unknown_stage"
        case .unknownCohort: "scoring_unknown_cohort"
        case .comparisonMismatch: "scoring_comparison_mismatch"
        }
    }

    /// A stage, cohort or comparison the person chose, or more enterprises than a run can hold, is refused input;
    /// columns that disagree with their frame were built wrong by the caller.
    public var failure: FailureKind {
        switch self {
        case .unknownStage, .unknownCohort, .comparisonMismatch, .tooLarge: .invalid
        default: .internal
        }
    }

    public var errorDescription: String? { message }

    /// Chinese message for the person who asked for the run, estimate or comparison.
    public var message: String {
        switch self {
        case .lengthMismatch(let column, let expected, let actual):
            "\(column)有 \(actual) 项，应与企业数 \(expected) 一致"
        case .cohortOutOfRange(let slot, let code, let cohortCount):
            "第 \(slot + 1) 家企业的比较组编号 \(code) 超出范围（应为 0 到 \(cohortCount - 1)）"
        case .stageOutOfRange(let slot, let code, let stageCount):
            "第 \(slot + 1) 家企业的发展阶段编号 \(code) 超出范围（方案共 \(stageCount) 个阶段）"
        case .tooLarge(let what, let count):
            "\(what)数量 \(count) 超过单次计算上限"
        case .unknownStage(let stage):
            "积分方案中没有发展阶段「\(stage)」"
        case .unknownCohort(let cohort):
            "积分结果中没有编号为 \(cohort) 的比较组"
        case .comparisonMismatch(let before, let after):
            "两次积分结果的企业数不同（\(before) 与 \(after)），无法对比"
        }
    }
}

/// What one scoring run reads: a fact frame holding a column for every indicator's fact (derived facts already
/// computed; an absent column counts as all missing), plus one cohort code and one stage code per slot.
///
/// Cohorts are dense codes `0..<cohortCount` (zone or region × year × stage; `CohortTable` hands them out);
/// stages index `scheme.stages`, with `undecidedStage` for an enterprise whose stage could not be decided
/// (it is ranked with its cohort but every weight is 0 for it).
public struct ScoringInput: Sendable {
    /// The stage code of an enterprise with no decided stage.
    public static let undecidedStage: UInt8 = .max

    public var frame: FactFrame
    public var cohorts: [Int32]
    public var cohortCount: Int
    public var stages: [UInt8]

    public init(frame: FactFrame, cohorts: [Int32], cohortCount: Int, stages: [UInt8]) {
        self.frame = frame
        self.cohorts = cohorts
        self.cohortCount = cohortCount
        self.stages = stages
    }

    /// The number of enterprises (slots).
    public var count: Int { frame.count }
}

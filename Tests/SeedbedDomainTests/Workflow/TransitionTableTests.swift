import Foundation
import SeedbedDomain
import Testing

/// Every action in every status for every kind, as one table. A cell is the status the action leads to,
/// `!code` for a refusal (`workflow.<code>`), or `-` where the kind never reaches the status (审核中 needs a
/// second level; 不通过 needs a kind that allows it). Decisions are taken by the right reviewer with a reason.
@Suite("审核流程状态转换表")
struct TransitionTableTests {
    static let columns: [FilingStatus] = [.draft, .submitted, .inReview, .approved, .returned, .rejected]

    static let table = """
    kind                        action  draft         submitted             in_review             approved      returned      rejected
    registration                edit    draft         !awaiting_review      -                     !locked       returned      !closed
    registration                submit  submitted     !awaiting_review      -                     !locked       submitted     !closed
    registration                approve !not_pending  approved              -                     !not_pending  !not_pending  !not_pending
    registration                return  !not_pending  returned              -                     !not_pending  !not_pending  !not_pending
    registration                reject  !not_pending  rejected              -                     !not_pending  !not_pending  !not_pending
    basic_info                  edit    draft         draft                 -                     draft         returned      -
    basic_info                  submit  submitted     submitted             -                     submitted     submitted     -
    basic_info                  approve !not_pending  approved              -                     !not_pending  !not_pending  -
    basic_info                  return  !not_pending  returned              -                     !not_pending  !not_pending  -
    basic_info                  reject  !not_pending  !verdict_not_allowed  -                     !not_pending  !not_pending  -
    annual_report               edit    draft         !awaiting_review      !under_review         !locked       returned      -
    annual_report               submit  submitted     !awaiting_review      !under_review         !locked       submitted     -
    annual_report               approve !not_pending  in_review             approved              !not_pending  !not_pending  -
    annual_report               return  !not_pending  returned              returned              !not_pending  !not_pending  -
    annual_report               reject  !not_pending  !verdict_not_allowed  !verdict_not_allowed  !not_pending  !not_pending  -
    points_data                 edit    draft         !awaiting_review      -                     !locked       returned      -
    points_data                 submit  submitted     !awaiting_review      -                     !locked       submitted     -
    points_data                 approve !not_pending  approved              -                     !not_pending  !not_pending  -
    points_data                 return  !not_pending  returned              -                     !not_pending  !not_pending  -
    points_data                 reject  !not_pending  !verdict_not_allowed  -                     !not_pending  !not_pending  -
    express_report              edit    draft         !awaiting_review      -                     !locked       returned      -
    express_report              submit  submitted     !awaiting_review      -                     !locked       submitted     -
    express_report              approve !not_pending  approved              -                     !not_pending  !not_pending  -
    express_report              return  !not_pending  returned              -                     !not_pending  !not_pending  -
    express_report              reject  !not_pending  !verdict_not_allowed  -                     !not_pending  !not_pending  -
    innovative_sme_application  edit    draft         !awaiting_review      !under_review         !locked       returned      !closed
    innovative_sme_application  submit  submitted     !awaiting_review      !under_review         !locked       submitted     !closed
    innovative_sme_application  approve !not_pending  in_review             in_review             !not_pending  !not_pending  !not_pending
    innovative_sme_application  return  !not_pending  returned              returned              !not_pending  !not_pending  !not_pending
    innovative_sme_application  reject  !not_pending  rejected              rejected              !not_pending  !not_pending  !not_pending
    specialized_sme_application edit    draft         !awaiting_review      !under_review         !locked       returned      !closed
    specialized_sme_application submit  submitted     !awaiting_review      !under_review         !locked       submitted     !closed
    specialized_sme_application approve !not_pending  in_review             in_review             !not_pending  !not_pending  !not_pending
    specialized_sme_application return  !not_pending  returned              returned              !not_pending  !not_pending  !not_pending
    specialized_sme_application reject  !not_pending  rejected              rejected              !not_pending  !not_pending  !not_pending
    major_change                edit    draft         !awaiting_review      !under_review         !locked       returned      !closed
    major_change                submit  submitted     !awaiting_review      !under_review         !locked       submitted     !closed
    major_change                approve !not_pending  in_review             in_review             !not_pending  !not_pending  !not_pending
    major_change                return  !not_pending  returned              returned              !not_pending  !not_pending  !not_pending
    major_change                reject  !not_pending  rejected              rejected              !not_pending  !not_pending  !not_pending
    renewal                     edit    draft         !awaiting_review      !under_review         !locked       returned      !closed
    renewal                     submit  submitted     !awaiting_review      !under_review         !locked       submitted     !closed
    renewal                     approve !not_pending  in_review             in_review             !not_pending  !not_pending  !not_pending
    renewal                     return  !not_pending  returned              returned              !not_pending  !not_pending  !not_pending
    renewal                     reject  !not_pending  rejected              rejected              !not_pending  !not_pending  !not_pending
    """

    struct Row: CustomTestStringConvertible, Sendable {
        let kind: FilingKind
        let action: String
        let cells: [String]
        var testDescription: String { "\(kind.rawValue) \(action)" }
    }

    static let rows: [Row] = table.split(separator: "\n").dropFirst().compactMap { line in
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count == 2 + columns.count, let kind = FilingKind(rawValue: fields[0]) else { return nil }
        return Row(kind: kind, action: fields[1], cells: Array(fields.dropFirst(2)))
    }

    @Test("表格覆盖每一种材料的每一种操作")
    func tableIsComplete() {
        #expect(Self.rows.count == FilingKind.allCases.count * 5)
        #expect(Set(Self.rows.map(\.kind)) == Set(FilingKind.allCases))
    }

    @Test("每种材料在每种状态下的每个操作，结果与表格一致", arguments: rows)
    func transition(row: Row) throws {
        let fixture = try WorkflowFixture.standard()
        for (status, cell) in zip(Self.columns, row.cells) {
            let filing = try fixture.filing(row.kind, in: status)
            guard let filing else {
                #expect(cell == "-", "\(row.kind.rawValue) 应能到达“\(status.label)”")
                continue
            }
            #expect(filing.status == status)
            #expect(cell != "-", "\(row.kind.rawValue) 不应能到达“\(status.label)”")
            let outcome = Result { () throws(WorkflowError) -> WorkflowTransition in
                try Self.perform(row.action, on: filing, with: fixture)
            }
            switch outcome {
            case .success(let transition):
                #expect(transition.filing.status.rawValue == cell, "\(row.kind.rawValue) \(status.label) \(row.action)")
                #expect(transition.filing.version == filing.version + 1)
            case .failure(let error):
                #expect("!" + error.code.replacingOccurrences(of: "workflow.", with: "") == cell,
                        "\(row.kind.rawValue) \(status.label) \(row.action): \(error.message)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    /// Runs the action; a decision is taken by the organisation the filing waits for, or — when it waits for
    /// nobody — by the organisation of its route's first step, so the refusal is about the status.
    static func perform(_ action: String, on filing: Filing, with fixture: WorkflowFixture) throws(WorkflowError)
        -> WorkflowTransition {
        let workflow = fixture.workflow
        let reviewer = (filing.currentStep ?? filing.route.first).map { WorkflowFixture.organization(for: $0.reviewer) }
            ?? ScopeOrganization(id: 210211, kind: .county, regionCode: "210211")
        switch action {
        case "edit":
            return try workflow.edit(filing, expectedVersion: filing.version, by: fixture.enterprise, on: fixture.day)
        case "submit":
            return try workflow.submit(filing, expectedVersion: filing.version, by: fixture.enterprise, on: fixture.day)
        case "approve":
            return try workflow.apply(fixture.decision(.approve, by: reviewer), to: filing,
                                      expectedVersion: filing.version)
        case "return":
            return try workflow.apply(fixture.decision(.returnForRevision, "请补充证明材料", by: reviewer),
                                      to: filing, expectedVersion: filing.version)
        default:
            return try workflow.apply(fixture.decision(.reject, "不符合认定条件", by: reviewer), to: filing,
                                      expectedVersion: filing.version)
        }
    }
}

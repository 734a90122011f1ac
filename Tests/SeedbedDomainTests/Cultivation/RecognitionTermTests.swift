import Foundation
import SeedbedDomain
import Testing

@Suite("认定有效期、到期提醒与复核延期")
struct RecognitionTermTests {
    static func day(_ text: String) throws -> LocalDate { try LocalDate(iso: text) }

    @Test("认定自批准之日起三年有效，到三周年前一日止")
    func grantedForThreeYears() throws {
        let term = RecognitionTerm.granted(on: try Self.day("2026-06-15"))
        #expect(term.validUntil == (try Self.day("2029-06-14")))
        #expect(term.isValid(on: try Self.day("2029-06-14")))
        #expect(!term.isValid(on: try Self.day("2029-06-15")))
        #expect(term.hasLapsed(on: try Self.day("2029-06-15")))
        // 29 February: the anniversary falls on 28 February.
        #expect(RecognitionTerm.granted(on: try Self.day("2024-02-29")).validUntil == (try Self.day("2027-02-27")))
    }

    @Test("复核通过自原到期日起延长三年，与审核当天无关")
    func extensionFromOldEnd() throws {
        let term = RecognitionTerm(issuedOn: try Self.day("2023-01-01"), validUntil: try Self.day("2025-12-31"))
        let extended = term.extended()
        #expect(extended.validUntil == (try Self.day("2028-12-31")))
        #expect(extended.issuedOn == term.issuedOn)
        #expect(extended.extended().validUntil == (try Self.day("2031-12-31")))
    }

    @Test("提前期边界：到期前 3 个月当天起提醒，前一天不提醒；到期日当天仍提醒，次日已到期")
    func leadTimeEdges() throws {
        let term = RecognitionTerm(issuedOn: try Self.day("2023-12-31"), validUntil: try Self.day("2026-12-31"))
        #expect(!term.isDueForReminder(on: try Self.day("2026-09-30"), leadMonths: 3))
        #expect(term.isDueForReminder(on: try Self.day("2026-10-01"), leadMonths: 3))
        #expect(term.isDueForReminder(on: try Self.day("2026-12-31"), leadMonths: 3))
        #expect(!term.isDueForReminder(on: try Self.day("2027-01-01"), leadMonths: 3))
        #expect(term.standing(on: try Self.day("2026-09-30"), status: .valid, leadMonths: 3) == .valid)
        #expect(term.standing(on: try Self.day("2026-10-01"), status: .valid, leadMonths: 3) == .expiring)
        #expect(term.standing(on: try Self.day("2027-01-01"), status: .valid, leadMonths: 3) == .lapsed)
        #expect(term.standing(on: try Self.day("2026-10-01"), status: .cancelled, leadMonths: 3) == .cancelled)
        // A configurable lead: 1 month; none at all.
        #expect(!term.isDueForReminder(on: try Self.day("2026-11-30"), leadMonths: 1))
        #expect(term.isDueForReminder(on: try Self.day("2026-12-01"), leadMonths: 1))
        #expect(!term.isDueForReminder(on: try Self.day("2026-12-31"), leadMonths: 0))
    }

    @Test("月份加减按月末截取")
    func monthArithmetic() throws {
        #expect((try Self.day("2026-03-31")).addingMonths(-1) == (try Self.day("2026-02-28")))
        #expect((try Self.day("2024-03-31")).addingMonths(-1) == (try Self.day("2024-02-29")))
        #expect((try Self.day("2026-11-30")).addingMonths(3) == (try Self.day("2027-02-28")))
        #expect((try Self.day("2026-01-15")).addingMonths(-13) == (try Self.day("2024-12-15")))
    }

    @Test("到期检查：每个有效期只提醒一次；已过期且无待审复核的取消，有待审复核的保留；已取消的不动")
    func sweepPlan() throws {
        let today = try Self.day("2026-11-01")
        func item(_ id: Int, until: String, status: RecognitionStatus = .valid, reminded: String? = nil,
                  pending: Bool = false) throws -> RecognitionSweep.Item {
            RecognitionSweep.Item(id: id, term: RecognitionTerm(issuedOn: try Self.day("2023-01-01"), validUntil: try Self.day(until)),
                                  status: status, remindedFor: try reminded.map { try Self.day($0) }, renewalPending: pending)
        }
        let plan = RecognitionSweep.plan([
            try item(1, until: "2026-12-31"),                              // due, never reminded
            try item(2, until: "2026-12-31", reminded: "2026-12-31"),      // already reminded for this term
            try item(3, until: "2029-12-31", reminded: "2026-12-31"),      // extended: not yet due again
            try item(4, until: "2027-01-31", reminded: "2024-01-31"),      // due; the reminder was for an old term
            try item(5, until: "2026-10-31"),                              // lapsed, nothing pending
            try item(6, until: "2026-10-31", pending: true),               // lapsed, 复核 pending
            try item(7, until: "2026-10-31", status: .cancelled),          // already cancelled
            try item(8, until: "2027-06-30"),                              // not due
        ], on: today, leadMonths: 3)
        #expect(plan.remind == [1, 4])
        #expect(plan.cancel == [5])
    }
}

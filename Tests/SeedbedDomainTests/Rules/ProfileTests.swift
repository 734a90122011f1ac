import Testing
@testable import SeedbedDomain

@Suite("Profiles")
struct ProfileTests {
    @Test("a profile survives a round trip through its columns")
    func roundTrip() {
        var columns = EnterpriseProfileColumns(count: 3)
        columns.set(RulesFixture.profile, at: 1)
        columns.set(RulesFixture.profile, at: 7)
        #expect(columns.profile(at: 1) == RulesFixture.profile)
        #expect(columns.profile(at: 0) == EnterpriseProfile())
        #expect(columns.profile(at: 9) == EnterpriseProfile())
    }

    @Test("codes outside their range and columns of the wrong length read as unknown")
    func sanitised() {
        var columns = EnterpriseProfileColumns(count: 3)
        columns.setTechFields([9, 0, 3, 5])
        columns.setListingStatuses([3])
        columns.setRegistrationDays([1e300, .infinity])
        columns.setIndustrySections([67, 90, 65])
        #expect(columns.techField == [-1, 0, 3])
        #expect(columns.listingStatus == [-1, -1, -1])
        #expect(columns.registrationDay.allSatisfy { $0.isNaN })
        #expect(columns.profile(at: 0).industrySection == "C")
        #expect(columns.profile(at: 1).industrySection == nil)
        #expect(columns.profile(at: 2).techField == .field(.aerospace))
    }

    @Test("an industry-section measure reads the profile letter")
    func industry() throws {
        var library = RuleLibrary.incubation
        library.conditions = [RuleCondition(id: "manufacturing", title: "制造业", template: "属于制造业",
                                            measure: .inIndustrySections(["C"]), threshold: .constant(1), unit: .flag)]
        library.membership = .condition("manufacturing")
        try library.validate()
        var profile = RulesFixture.profile
        for (letter, expected) in [("C", RuleStatus.met), ("I", .notMet), (nil, .unknown)] {
            profile.industrySection = letter
            let explanation = try LibraryEvaluator.explain(library, enterprise: RulesFixture.growing, profile: profile,
                                                           year: 2024, date: RulesFixture.date)
            #expect(explanation.status == expected)
        }
    }
}

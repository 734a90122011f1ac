import Foundation
import Testing
@testable import SeedbedDomain

@Suite("Rule versions")
struct VersionSelectionTests {
    @Test("专精特新 switches from 2022 to 2026 on 2026-04-01", arguments: [
        ("2022-06-01", "specialized_sme_2022"), ("2026-03-31", "specialized_sme_2022"),
        ("2026-04-01", "specialized_sme_2026"), ("2030-01-01", "specialized_sme_2026"),
    ])
    func specializedSwitch(date: String, version: String) throws {
        let day = try LocalDate(iso: date)
        #expect(try SpecializedSMERules.inForce(on: day).version.id == version)
        let verdict = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: RulesFixture.profile,
                                                           year: 2024, date: day)
        #expect(verdict.version.id == version)
    }

    @Test("a date before any version is refused in Chinese")
    func beforeAny() throws {
        let day = RulesFixture.day(2021, 1, 1)
        #expect(throws: RuleError.noVersionInForce(rule: "专精特新中小企业", date: "2021年1月1日")) {
            try SpecializedSMERules.inForce(on: day)
        }
        #expect(RuleError.noVersionInForce(rule: "专精特新中小企业", date: "2021年1月1日").errorDescription
            == "2021年1月1日 没有生效的“专精特新中小企业”规则版本")
        #expect(throws: RuleError.self) {
            try HightechPrescreen.evaluate(enterprise: RulesFixture.growing, profile: RulesFixture.profile,
                                           year: 2014, date: RulesFixture.day(2015, 6, 1))
        }
    }

    @Test("创新型 stays on its 2022 version after 2026-04-01")
    func innovativeContinues() throws {
        #expect(try InnovativeSMERules.inForce(on: RulesFixture.day(2027, 1, 1)).version.id == "innovative_sme_2022")
    }

    /// A deployment's new 高企后备库 version that differs only in numbers, loaded as JSON.
    static func newVersionJSON() throws -> Data {
        var library = RuleLibrary.hightechReserve
        library.version = RuleVersion(id: "hightech_reserve_2027", title: "高企后备库（2027 年地方调整）",
                                      effectiveFrom: RulesFixture.day(2027, 1, 1))
        for index in library.conditions.indices {
            for parameter in library.conditions[index].parameters.indices
            where library.conditions[index].parameters[parameter].id == "ht_st_staff" {
                library.conditions[index].parameters[parameter].defaultValue = 15
            }
        }
        return try JSONEncoder().encode(library)
    }

    @Test("a version differing only in numbers is data, chosen by the evaluation date")
    func dataVersion() throws {
        let decoded = try JSONDecoder().decode(RuleLibrary.self, from: try Self.newVersionJSON())
        var catalog = LibraryCatalog.standard
        try catalog.add(decoded)
        #expect(throws: RuleError.self) { try catalog.add(decoded) }
        let before = try catalog.library(.hightechReserve, on: RulesFixture.day(2026, 12, 31))
        let after = try catalog.library(.hightechReserve, on: RulesFixture.day(2027, 1, 1))
        #expect(before.version.id == "hightech_reserve_2016")
        #expect(after.version.id == "hightech_reserve_2027")
        // 12 % S&T staff meets 10 % but not 15 %; the outcome names the version used.
        let facts = RulesFixture.facts(RulesFixture.strong.merging([.employees: 100, .stStaff: 12]) { $1 })
        for (library, expected) in [(before, RuleStatus.met), (after, .notMet)] {
            let input = EvaluationInput(enterprise: facts, profile: RulesFixture.profile, year: 2024,
                                        date: library.version.effectiveFrom.addingYears(1))
            let outcome = try LibraryEvaluator.evaluate(library, input: input)
            #expect(outcome.version == library.version)
            #expect(outcome.condition("st_staff_share")?.status == [expected.rawValue])
        }
        #expect(catalog.libraries(on: RulesFixture.day(2027, 6, 1)).count == 8)
    }

    @Test("the shipped catalog is valid and survives a JSON round trip unchanged")
    func catalogRoundTrip() throws {
        for library in LibraryCatalog.standard.libraries { try library.validate() }
        let data = try JSONEncoder().encode(LibraryCatalog.standard)
        #expect(try JSONDecoder().decode(LibraryCatalog.self, from: data) == LibraryCatalog.standard)
        for rules in [try JSONEncoder().encode(SpecializedSMERules.versions), try JSONEncoder().encode(TechSMERules.versions),
                      try JSONEncoder().encode(HightechPrescreenRules.versions), try JSONEncoder().encode(InnovativeSMERules.versions)]
        {
            #expect(!rules.isEmpty)
        }
        #expect(try JSONDecoder().decode([SpecializedSMERules].self,
                                         from: try JSONEncoder().encode(SpecializedSMERules.versions))
            == SpecializedSMERules.versions)
        #expect(LibraryCatalog.standard.ids.count == 8)
        #expect(SpecializedSMEIndicators.v2022.maximum == 100)
    }

    @Test("an inconsistent definition is refused", arguments: [
        ("duplicate", "条件编号“owns_ip”重复"), ("dangling", "引用了不存在的条件“ghost”"),
        ("informational", "提示性条件“no_major_incident”不能决定入库"), ("parameter", "引用了不存在的参数“ht_missing”"),
    ])
    func invalidDefinitions(kind: String, message: String) {
        var library = RuleLibrary.hightechReserve
        switch kind {
        case "duplicate": library.conditions.append(library.conditions[1])
        case "dangling": library.membership = .all([.condition("ghost")])
        case "informational": library.membership = .condition("no_major_incident")
        default: library.conditions[3].threshold = .parameter("ht_missing")
        }
        do {
            try library.validate()
            Issue.record("accepted")
        } catch {
            #expect(error.errorDescription?.contains(message) == true, "\(error.errorDescription ?? "")")
        }
    }
}

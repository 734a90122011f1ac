import Testing
@testable import SeedbedDomain

/// An override a query may not make, with the Chinese message it gets.
struct BadOverride: CustomTestStringConvertible, Sendable {
    let library: RuleLibrary
    let form: [String: String]
    let code: String
    let message: String
    var testDescription: String { "\(form) → \(code)" }
}

@Suite("Parameter overrides")
struct ParameterOverrideTests {
    @Test("an override applies to one query only; the next evaluation uses the defaults")
    func oneQueryOnly() throws {
        let library = RuleLibrary.hightechReserve
        let input = EvaluationInput(enterprise: RulesFixture.growing, profile: RulesFixture.profile, year: 2024,
                                    date: RulesFixture.date)
        let stricter = try LibraryEvaluator.evaluate(library, input: input, overrides: ["ht_st_staff": 35])
        #expect(stricter.condition("st_staff_share")?.status == [RuleStatus.notMet.rawValue])
        #expect(stricter.parameters.overridden == ["ht_st_staff"])
        #expect(stricter.parameters["ht_st_staff"] == 35)
        let again = try LibraryEvaluator.evaluate(library, input: input)
        #expect(again.condition("st_staff_share")?.status == [RuleStatus.met.rawValue])
        #expect(again.parameters["ht_st_staff"] == 10)
        #expect(again.parameters.overridden.isEmpty)
        #expect(library.parameters.first { $0.id == "ht_st_staff" }?.defaultValue == 10)
        #expect(LibraryCatalog.standard.libraries.first { $0.id == .hightechReserve } == library)
    }

    @Test("the explanation shows which parameters the query set, filled into the rule text")
    func explained() throws {
        let explanation = try LibraryEvaluator.explain(.hightechReserve, enterprise: RulesFixture.growing,
                                                       profile: RulesFixture.profile, year: 2024, date: RulesFixture.date,
                                                       overrides: ["ht_st_staff": 12.5])
        let setting = try #require(explanation.parameters.first { $0.parameter.id == "ht_st_staff" })
        #expect(setting.overridden && setting.value == 12.5)
        #expect(explanation.parameters.filter(\.overridden).count == 1)
        let check = try #require(explanation.conditions.first { $0.id == "st_staff_share" })
        #expect(check.description.hasSuffix("不低于 12.5%"))
    }

    @Test("form texts parse full-width digits and a percent sign; empty keeps the default", arguments: [
        ("３５％", 35.0), (" 12.5 ", 12.5), ("", 10.0), ("40%", 40.0),
    ])
    func formText(text: String, expected: Double) throws {
        let values = try RuleLibrary.hightechReserve.resolve(form: ["ht_st_staff": text])
        #expect(values["ht_st_staff"] == expected)
    }

    @Test("a choice can be sent by its label")
    func choiceLabel() throws {
        let values = try RuleLibrary.leadingEnterprise.resolve(form: ["lead_title": "专精特新中小企业"])
        #expect(values["lead_title"] == 3)
    }

    static let bad: [BadOverride] = [
        BadOverride(library: .hightechReserve, form: ["nonsense": "1"], code: "rules.unknown_parameter",
                    message: "没有名为“nonsense”的条件参数"),
        BadOverride(library: .hightechReserve, form: ["ht_st_staff": "150"], code: "rules.parameter_out_of_range",
                    message: "“科技人员占比下限”应在 0 至 100% 之间"),
        BadOverride(library: .hightechReserve, form: ["ht_st_staff": "-1"], code: "rules.parameter_out_of_range",
                    message: "“科技人员占比下限”应在 0 至 100% 之间"),
        BadOverride(library: .hightechReserve, form: ["ht_st_staff": "十"], code: "rules.parameter_not_a_number",
                    message: "“科技人员占比下限”应填写数字，收到的是“十”"),
        BadOverride(library: .hightechReserve, form: ["ht_min_years": "1.5"], code: "rules.parameter_not_integer",
                    message: "“注册成立年限”应填写整数"),
        BadOverride(library: .hightechReserve, form: ["ht_sales_small": "6000"], code: "rules.parameter_not_adjustable",
                    message: "“销售收入分档界限一”由政策规定，不能调整"),
        BadOverride(library: .techSMEReserve, form: ["tsme_max_staff": "800"], code: "rules.parameter_not_adjustable",
                    message: "“职工总数上限”由政策规定，不能调整"),
        BadOverride(library: .leadingEnterprise, form: ["lead_title": "9"], code: "rules.parameter_not_a_choice",
                    message: "“须持有的资质”应为以下之一：不限、高新技术企业、科技型中小企业、专精特新中小企业、高新技术企业或专精特新中小企业"),
        BadOverride(library: .highGrowth, form: ["hg_years": "0"], code: "rules.parameter_out_of_range",
                    message: "“连续增长年数”应在 1 至 5年 之间"),
    ]

    @Test("invalid overrides are refused with Chinese messages", arguments: bad)
    func refused(_ item: BadOverride) {
        do {
            _ = try item.library.resolve(form: item.form)
            Issue.record("accepted \(item.form)")
        } catch {
            #expect(error.code == item.code)
            #expect(error.errorDescription == item.message)
        }
    }

    @Test("a numeric override outside the bounds or not finite is refused", arguments: [Double.nan, .infinity, 101])
    func numericRefused(value: Double) {
        #expect(throws: RuleError.self) {
            try RuleLibrary.techSMEReserve.resolve(overrides: ["tsme_st_staff": value])
        }
    }

    @Test("the adjustable parameters are those the 设置条件参数 form offers")
    func adjustable() {
        #expect(RuleLibrary.techSMEReserve.adjustableParameters.map(\.id) == ["tsme_st_staff", "tsme_score"])
        #expect(RuleLibrary.hightechReserve.adjustableParameters.count == 9)
    }
}

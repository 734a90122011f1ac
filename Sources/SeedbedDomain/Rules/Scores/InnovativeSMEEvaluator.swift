/// 创新型中小企业评价 (RULES.md §7): six indicators in three groups with group minimums, or any direct condition.
public enum InnovativeSMEEvaluator {
    static let innovationGroup = "创新能力"
    static let growthGroup = "成长性"
    static let specializationGroup = "专业化"

    /// One enterprise's verdict under the version in force on `date`.
    public static func evaluate(enterprise: EnterpriseFacts, profile: EnterpriseProfile, year: Int, date: LocalDate,
                                inputs: InnovativeSMEInputs = InnovativeSMEInputs()) throws(RuleError) -> ScoreVerdict
    {
        let rules = try InnovativeSMERules.inForce(on: date)
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        return evaluate(FactWindow(input: input, slot: 0), rules: rules, inputs: inputs)
    }

    static func evaluate(_ facts: FactWindow, rules: InnovativeSMERules, inputs: InnovativeSMEInputs) -> ScoreVerdict {
        let ip = rules.ip.score(classOne: facts.value(.ipClass1), classTwo: facts.value(.ipClass2),
                                highValue: inputs.highValueClassOneIP, selfDeveloped: inputs.selfDevelopedClassOneIP)
        let rd = rules.rdRatio.score(facts.value(.rdRatio))
        let growth = rules.mainRevenueGrowth.score(
            DerivedFacts.growth(facts.value(.mainRevenue), over: facts.value(.mainRevenue, back: 1)))
        let debt = rules.debtRatio.score(facts.value(.debtRatio))
        let strategic: LinePoints = switch inputs.strategicEmergingProduct {
        case .some(true): LinePoints(points: rules.strategicYes, possible: rules.strategicYes, band: 0, basis: .exact,
                                     value: .nan)
        case .some(false): LinePoints(points: rules.strategicNo, possible: rules.strategicNo, band: 1,
                                      basis: .exact, value: .nan)
        case .none: .missing(min(rules.strategicYes, rules.strategicNo), upTo: max(rules.strategicYes, rules.strategicNo))
        }
        let share = rules.mainBusinessShare.score(
            DerivedFacts.ratio(facts.value(.mainRevenue), facts.value(.revenue)))

        let indicators = [
            IndicatorScore(ip, id: "ip", name: "与主导产品相关的有效知识产权", group: innovationGroup,
                           maxPoints: rules.ip.maximum, band: rules.ip.describe(ip.band), unit: "项",
                           note: "按有效Ⅰ类、Ⅱ类知识产权数计；是否高价值、自主研发由企业填报"),
            IndicatorScore(rd, id: "rd_ratio", name: "研发费用占营业收入比重", group: innovationGroup,
                           maxPoints: rules.rdRatio.maximum, band: rules.rdRatio.describe(rd.band), unit: "%",
                           scale: 100),
            IndicatorScore(growth, id: "main_revenue_growth", name: "主营业务收入增长率", group: growthGroup,
                           maxPoints: rules.mainRevenueGrowth.maximum,
                           band: rules.mainRevenueGrowth.describe(growth.band), unit: "%", scale: 100),
            IndicatorScore(debt, id: "debt_ratio", name: "资产负债率", group: growthGroup,
                           maxPoints: rules.debtRatio.maximum, band: rules.debtRatio.describe(debt.band), unit: "%",
                           scale: 100),
            IndicatorScore(strategic, id: "strategic_product", name: "主导产品所属领域", group: specializationGroup,
                           maxPoints: max(rules.strategicYes, rules.strategicNo),
                           band: inputs.strategicEmergingProduct.map { $0 ? "属于战略性新兴产业分类" : "不属于" },
                           unit: ""),
            IndicatorScore(share, id: "main_business_share", name: "主营业务收入占营业收入比重",
                           group: specializationGroup, maxPoints: rules.mainBusinessShare.maximum,
                           band: rules.mainBusinessShare.describe(share.band), unit: "%", scale: 100),
        ]
        let groups = [
            ScoreGroupResult.sum(innovationGroup, indicators, minimum: rules.innovationMinimum),
            ScoreGroupResult.sum(growthGroup, indicators, minimum: rules.growthMinimum),
            ScoreGroupResult.sum(specializationGroup, indicators, minimum: rules.specializationMinimum),
        ]
        let total = indicators.reduce(0) { $0 + $1.points }
        let possible = indicators.reduce(0) { $0 + $1.possiblePoints }
        let totalStatus: RuleStatus = Tolerance.atLeast(total, rules.passLine)
            ? .met : Tolerance.atLeast(possible, rules.passLine) ? .unknown : .notMet
        let scoreStatus = groups.reduce(totalStatus) { $0.and($1.status) }

        let years = rules.directYears
        let awards = facts.reaches(.stAwardsNational, years: years, 1)
            .or(facts.reaches(.stAwardsProvincial, years: years, 1))
        let titles = facts.holds(.hightech).or(RuleStatus(inputs.nationalInnovationDemonstration))
            .or(RuleStatus(inputs.ipAdvantageOrDemonstration))
        let level = facts.value(.rdInstitutionLevel)
        let institution = level.isNaN ? RuleStatus.unknown : RuleStatus(level >= 2)
        let equity = facts.total(.equityFinancing, years: years)
        let direct = [
            ConditionCheck.flag(id: "award", title: "科技奖励",
                                description: "近三年内获得过国家级、省级科技奖励", status: awards),
            ConditionCheck.flag(id: "titles", title: "有效资质",
                                description: "获得的高新技术企业、国家级技术创新示范企业、知识产权优势企业和知识产权示范企业等荣誉（均为有效期内）",
                                status: titles),
            ConditionCheck.flag(id: "institution", title: "研发机构",
                                description: "拥有经认定的省部级以上研发机构", status: institution),
            ConditionCheck.numeric(id: "equity", title: "股权融资",
                                   description: "近三年新增股权融资总额（合格机构投资者的实缴额）\(NumberText.plain(rules.directEquity)) 万元以上",
                                   value: equity.sum, upper: equity.missing ? .nan : equity.sum,
                                   threshold: rules.directEquity, unit: .wanYuan),
        ]
        let directStatus = direct.reduce(RuleStatus.notMet) { $0.or($1.status) }
        return ScoreVerdict(
            version: rules.version, year: facts.input.year, conditions: [], indicators: indicators, groups: groups,
            total: total, possibleTotal: possible, passLine: rules.passLine, scoreStatus: scoreStatus,
            directConditions: direct, directConditionApplied: directStatus == .met,
            status: scoreStatus.or(directStatus),
            notes: ["评价得分须达到 \(NumberText.plain(rules.passLine)) 分，且创新能力不低于 \(NumberText.plain(rules.innovationMinimum)) 分、"
                + "成长性不低于 \(NumberText.plain(rules.growthMinimum)) 分、专业化不低于 \(NumberText.plain(rules.specializationMinimum)) 分；"
                + "或满足任一直接认定条件", "认定有效期三年"])
    }
}

/// 专精特新中小企业 (RULES.md §8): the basic conditions of the version in force, the 13-indicator score with the
/// province's 特色化 indicators, and (version 2022) the direct conditions that replace the score.
public enum SpecializedSMEEvaluator {
    static let professionalGroup = "专业化"
    static let refinedGroup = "精细化"
    static let featureGroup = "特色化"
    static let innovationGroup = "创新能力"

    /// One enterprise's verdict under the version in force on `date` (2022 until 2026-03-31, 2026 from
    /// 2026-04-01), or under `rules` when given.
    public static func evaluate(enterprise: EnterpriseFacts, profile: EnterpriseProfile, year: Int, date: LocalDate,
                                inputs: SpecializedSMEInputs = SpecializedSMEInputs(),
                                features: ProvincialFeatureScheme = .standard,
                                rules: SpecializedSMERules? = nil) throws(RuleError) -> ScoreVerdict
    {
        let chosen: SpecializedSMERules
        if let rules { chosen = rules } else { chosen = try SpecializedSMERules.inForce(on: date) }
        let rules = chosen
        try features.validate(total: rules.indicators.featureMax)
        try inputs.validate(features: features)
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        return evaluate(FactWindow(input: input, slot: 0), rules: rules, inputs: inputs, features: features)
    }

    static func evaluate(_ facts: FactWindow, rules: SpecializedSMERules, inputs: SpecializedSMEInputs,
                         features: ProvincialFeatureScheme) -> ScoreVerdict
    {
        let indicators = scoreIndicators(facts, rules.indicators, inputs: inputs, features: features)
        let groups = [professionalGroup, refinedGroup, featureGroup, innovationGroup].map {
            ScoreGroupResult.sum($0, indicators)
        }
        let total = indicators.reduce(0) { $0 + $1.points }
        let possible = indicators.reduce(0) { $0 + $1.possiblePoints }
        let line = rules.conditions.passLine
        let scoreStatus: RuleStatus = Tolerance.atLeast(total, line)
            ? .met : Tolerance.atLeast(possible, line) ? .unknown : .notMet
        let conditions = basicConditions(facts, rules.conditions, inputs: inputs)
        let direct = directConditions(facts, rules.conditions, inputs: inputs)
        let directStatus = direct.reduce(RuleStatus.notMet) { $0.or($1.status) }
        let basic = conditions.reduce(RuleStatus.met) { $0.and($1.status) }
        var notes = ["认定有效期三年，期满复核通过的延长三年；发生重大变化的应在三个月内报告"]
        if let caveat = rules.version.caveat {
            notes.insert("\(rules.version.title)：\(caveat)（阈值尚未与官方文本核对）；评价得分暂沿用 2022 版指标", at: 0)
        }
        notes.append("从事细分市场年限、主导产品领域、数字化水平、质量管理、获奖名次等年报未反映的项目由企业填报，未填报的按“数据缺失”计")
        return ScoreVerdict(
            version: rules.version, year: facts.input.year, conditions: conditions, indicators: indicators,
            groups: groups, total: total, possibleTotal: possible, passLine: line, scoreStatus: scoreStatus,
            directConditions: direct, directConditionApplied: directStatus == .met,
            status: basic.and(scoreStatus.or(directStatus)), notes: notes)
    }

    // MARK: Score

    static func scoreIndicators(_ facts: FactWindow, _ table: SpecializedSMEIndicators, inputs: SpecializedSMEInputs,
                                features: ProvincialFeatureScheme) -> [IndicatorScore]
    {
        let revenue = facts.value(.revenue)
        let main = [facts.value(.mainRevenue), facts.value(.mainRevenue, back: 1), facts.value(.mainRevenue, back: 2)]
        let share = table.mainBusinessShare.score(DerivedFacts.ratio(main[0], revenue))
        let averageGrowth = 0.5 * (DerivedFacts.growth(main[0], over: main[1]) + DerivedFacts.growth(main[1], over: main[2]))
        let growth = table.mainRevenueGrowth.score(averageGrowth)

        let niche: LinePoints = inputs.yearsInNiche.map { years in
            let points = min(table.nicheMax, (years / table.nicheYearsPerStep).rounded(.down) * table.nichePointsPerStep)
            return LinePoints(points: points, possible: points, band: -1, basis: .exact, value: years)
        } ?? .missing(upTo: table.nicheMax)
        let fieldMax = max(table.fieldKeyLink, table.fieldFoundation)
        let field: LinePoints = inputs.fieldClass.map { kind in
            let points = kind == .keyLink ? table.fieldKeyLink : kind == .foundation ? table.fieldFoundation : 0
            return LinePoints(points: points, possible: points, band: -1, basis: .exact, value: .nan)
        } ?? .missing(upTo: fieldMax)

        let digitalMax = table.digitalLevelPoints.max() ?? 0
        let digital: LinePoints = inputs.digitalLevel.map { level in
            let points = level >= 1 && level <= table.digitalLevelPoints.count ? table.digitalLevelPoints[level - 1] : 0
            return LinePoints(points: points, possible: points, band: -1, basis: .exact, value: Double(level))
        } ?? .missing(min(digitalMax, table.digitalLevelPoints.min() ?? 0), upTo: digitalMax)
        let quality: LinePoints = inputs.qualityItems.map { items in
            let points = min(table.qualityMax, Double(items) * table.qualityPointsPerItem)
            return LinePoints(points: points, possible: points, band: -1, basis: .exact, value: Double(items))
        } ?? .missing(upTo: table.qualityMax)
        let margin = table.netMargin.score(DerivedFacts.ratio(facts.value(.netProfit), revenue))
        let debt = table.debtRatio.score(facts.value(.debtRatio))

        let ip = table.ip.score(classOne: facts.value(.ipClass1), classTwo: facts.value(.ipClass2),
                                highValue: inputs.highValueClassOneIP, selfDeveloped: inputs.selfDevelopedClassOneIP)
        let rdExpense = facts.value(.rdExpense)
        let byAmount = table.rdAmount.score(rdExpense)
        let byRatio = table.rdRatio.score(DerivedFacts.ratio(rdExpense, revenue))
        let rd = LinePoints.better(byAmount, byRatio)
        let rdBand = rd.basis == .unknown ? nil
            : byAmount.points >= byRatio.points ? table.rdAmount.describe(byAmount.band) : table.rdRatio.describe(byRatio.band)
        let staff = table.rdStaffShare.score(facts.value(.rdStaffRatio))
        let institution = institutionLine(facts.value(.rdInstitutionLevel), table.institutionPoints,
                                          lower: inputs.lowerLevelInstitution)

        var result = [
            IndicatorScore(share, id: "main_business_share", name: "主营业务收入占营业收入比重", group: professionalGroup,
                           maxPoints: table.mainBusinessShare.maximum,
                           band: table.mainBusinessShare.describe(share.band), unit: "%", scale: 100),
            IndicatorScore(growth, id: "main_revenue_growth", name: "近2年主营业务收入平均增长率", group: professionalGroup,
                           maxPoints: table.mainRevenueGrowth.maximum,
                           band: table.mainRevenueGrowth.describe(growth.band), unit: "%", scale: 100),
            IndicatorScore(niche, id: "niche_years", name: "从事特定细分市场年限", group: professionalGroup,
                           maxPoints: table.nicheMax, band: nil, unit: "年",
                           note: "每满 \(NumberText.plain(table.nicheYearsPerStep)) 年得 \(NumberText.plain(table.nichePointsPerStep)) 分，最高 \(NumberText.plain(table.nicheMax)) 分"),
            IndicatorScore(field, id: "field_class", name: "主导产品所属领域", group: professionalGroup,
                           maxPoints: fieldMax, band: inputs.fieldClass?.label, unit: ""),
            IndicatorScore(digital, id: "digital_level", name: "数字化水平", group: refinedGroup,
                           maxPoints: digitalMax, band: inputs.digitalLevel.map { "\($0)级" }, unit: "级"),
            IndicatorScore(quality, id: "quality", name: "质量管理水平", group: refinedGroup, maxPoints: table.qualityMax,
                           band: nil, unit: "项",
                           note: "每项 \(NumberText.plain(table.qualityPointsPerItem)) 分，最高 \(NumberText.plain(table.qualityMax)) 分"),
            IndicatorScore(margin, id: "net_margin", name: "净利润率", group: refinedGroup,
                           maxPoints: table.netMargin.maximum, band: table.netMargin.describe(margin.band),
                           unit: "%", scale: 100),
            IndicatorScore(debt, id: "debt_ratio", name: "资产负债率", group: refinedGroup,
                           maxPoints: table.debtRatio.maximum, band: table.debtRatio.describe(debt.band),
                           unit: "%", scale: 100),
        ]
        for indicator in features.indicators {
            let line: LinePoints = inputs.featurePoints[indicator.id].map { points in
                LinePoints(points: points, possible: points, band: -1, basis: .exact, value: .nan)
            } ?? .missing(upTo: indicator.maxPoints)
            result.append(IndicatorScore(line, id: "feature_" + indicator.id, name: indicator.name,
                                         group: featureGroup, maxPoints: indicator.maxPoints, band: nil, unit: "",
                                         note: "由省级主管部门设置（按省配置）"))
        }
        result += [
            IndicatorScore(ip, id: "ip", name: "与主导产品相关的有效知识产权", group: innovationGroup,
                           maxPoints: table.ip.maximum, band: table.ip.describe(ip.band), unit: "项"),
            IndicatorScore(rd, id: "rd_input", name: "上年度研发费用投入", group: innovationGroup,
                           maxPoints: max(table.rdAmount.maximum, table.rdRatio.maximum), band: rdBand, unit: "",
                           note: "研发费用总额与占营业收入比重两种口径取高"),
            IndicatorScore(staff, id: "rd_staff_share", name: "研发人员占比", group: innovationGroup,
                           maxPoints: table.rdStaffShare.maximum, band: table.rdStaffShare.describe(staff.band),
                           unit: "%", scale: 100),
            IndicatorScore(institution, id: "rd_institution", name: "建立研发机构级别", group: innovationGroup,
                           maxPoints: table.institutionPoints.max() ?? 0, band: nil, unit: "级"),
        ]
        return result
    }

    /// Level 0 in the facts means "none at municipal level or above": an institution below it is a typed input.
    private static func institutionLine(_ level: Double, _ points: [Double], lower: Bool?) -> LinePoints {
        guard points.count == 5 else { return .zero }
        let most = points.max() ?? 0
        guard level.isFinite else { return .missing(upTo: most) }
        let index = level >= 3 ? 4 : level >= 2 ? 3 : level >= 1 ? 2 : 0
        if index > 0 {
            return LinePoints(points: points[index], possible: points[index], band: -1, basis: .exact, value: level)
        }
        switch lower {
        case .some(true): return LinePoints(points: points[1], possible: points[1], band: -1, basis: .exact, value: 0)
        case .some(false): return LinePoints(points: points[0], possible: points[0], band: -1, basis: .exact, value: 0)
        case .none: return .missing(points[0], upTo: points[1])
        }
    }

    // MARK: Conditions

    static func basicConditions(_ facts: FactWindow, _ rules: SpecializedSMEConditions, inputs: SpecializedSMEInputs)
        -> [ConditionCheck]
    {
        var checks: [ConditionCheck] = []
        if rules.requiresInnovativeTitle {
            checks.append(.flag(id: "innovative_title", title: "科技和创新型中小企业",
                                description: "为有效期内的科技和创新型中小企业",
                                status: RuleStatus(inputs.holdsInnovativeTitle)))
        }
        checks.append(.numeric(id: "niche_years", title: "从事细分市场年限",
                               description: "从事特定细分市场时间达到 \(NumberText.plain(rules.nicheYears)) 年以上",
                               value: inputs.yearsInNiche ?? .nan, threshold: rules.nicheYears, unit: .years))

        // R&D in each of the last `rdYears` years: the lowest year decides; a known failing year decides early.
        var lowestAmount = (all: Double.infinity, known: Double.infinity)
        var lowestRatio = (all: Double.infinity, known: Double.infinity)
        for back in 0..<min(max(1, rules.rdYears), MeasureKernels.maxLookback) {
            let amount = facts.value(.rdExpense, back: back)
            let ratio = DerivedFacts.ratio(amount, facts.value(.revenue, back: back))
            lowestAmount = (amount.isNaN ? .nan : min(lowestAmount.all, amount), amount.isNaN ? lowestAmount.known : min(lowestAmount.known, amount))
            lowestRatio = (ratio.isNaN ? .nan : min(lowestRatio.all, ratio), ratio.isNaN ? lowestRatio.known : min(lowestRatio.known, ratio))
        }
        let years = rules.rdYears > 1 ? "近 \(rules.rdYears) 年每年" : "上年度"
        checks.append(.numeric(id: "rd_amount", title: "研发费用总额",
                               description: "\(years)研发费用总额不低于 \(NumberText.plain(rules.rdAmount)) 万元",
                               value: lowestAmount.all, upper: lowestAmount.known.isFinite ? lowestAmount.known : .nan,
                               threshold: rules.rdAmount, unit: .wanYuan))
        checks.append(.numeric(id: "rd_ratio", title: "研发费用占比",
                               description: "\(years)研发费用占营业收入总额比重不低于 \(NumberText.plain(rules.rdRatio * 100))%",
                               value: lowestRatio.all * 100,
                               upper: lowestRatio.known.isFinite ? lowestRatio.known * 100 : .nan,
                               threshold: rules.rdRatio * 100, unit: .percent))

        let revenue = facts.value(.revenue)
        let equity = facts.total(.equityFinancing, years: rules.equityYears)
        let byRevenue = revenue.isNaN ? RuleStatus.unknown : RuleStatus(Tolerance.atLeast(revenue, rules.revenue))
        let byEquity: RuleStatus = Tolerance.atLeast(equity.sum, rules.equityAlternative)
            ? .met : equity.missing ? .unknown : .notMet
        checks.append(.flag(id: "revenue_or_equity", title: "营业收入或股权融资",
                            description: "上年度营业收入 \(NumberText.plain(rules.revenue)) 万元以上，或近 \(rules.equityYears) 年新增股权融资总额 \(NumberText.plain(rules.equityAlternative)) 万元以上",
                            status: byRevenue.or(byEquity),
                            note: "营业收入 \(ParameterUnit.wanYuan.text(revenue))，近 \(rules.equityYears) 年股权融资"
                                + (equity.missing ? "已知 " : " ") + ParameterUnit.wanYuan.text(equity.sum)))

        if let share = rules.mainBusinessShare {
            checks.append(.numeric(id: "main_business_share", title: "主营业务收入占比",
                                   description: "主营业务收入占营业收入总额比重不低于 \(NumberText.plain(share * 100))%",
                                   value: DerivedFacts.ratio(facts.value(.mainRevenue), revenue) * 100,
                                   threshold: share * 100, unit: .percent))
        }
        if let debt = rules.maxDebtRatio {
            checks.append(.numeric(id: "debt_ratio", title: "资产负债率",
                                   description: "资产负债率不高于 \(NumberText.plain(debt * 100))%",
                                   value: facts.value(.debtRatio) * 100, threshold: debt * 100, comparison: .atMost,
                                   unit: .percent))
        }
        if rules.requiresBeneficialIP {
            let classOne = facts.value(.ipClass1)
            let holds: RuleStatus = classOne == 0 ? .notMet : RuleStatus(inputs.beneficialClassOneIP)
            let level = facts.value(.rdInstitutionLevel)
            let institution = level.isNaN ? RuleStatus.unknown : RuleStatus(level >= 2)
            let waived = RuleStatus(inputs.rankedAward).or(institution)
            checks.append(.flag(id: "beneficial_ip", title: "Ⅰ类知识产权",
                                description: "拥有 1 项以上产生经济效益的Ⅰ类知识产权（获省级科技奖励前三名或拥有省级以上研发机构的除外）",
                                status: holds.or(waived)))
        }
        if rules.requiresLeadingMarketShare {
            checks.append(.flag(id: "market_share", title: "市场占有率",
                                description: "主导产品在细分市场占有率较为靠前",
                                status: RuleStatus(inputs.leadingMarketShare)))
        }
        return checks
    }

    static func directConditions(_ facts: FactWindow, _ rules: SpecializedSMEConditions, inputs: SpecializedSMEInputs)
        -> [ConditionCheck]
    {
        guard let averageRD = rules.directAverageRD, let equity = rules.directEquity else { return [] }
        let rd = [facts.value(.rdExpense), facts.value(.rdExpense, back: 1)]
        let average = rd.contains(where: \.isNaN) ? Double.nan : (rd[0] + rd[1]) / 2
        let raised = facts.total(.equityFinancing, years: 2)
        return [
            .flag(id: "ranked_award", title: "科技奖励",
                  description: "近三年获得过省级科技奖励并在获奖单位中排名前三，或获得国家级科技奖励并在获奖单位中排名前五",
                  status: RuleStatus(inputs.rankedAward)),
            .numeric(id: "average_rd", title: "近两年研发费用",
                     description: "近两年研发费用总额均值在 \(NumberText.plain(averageRD)) 万元以上",
                     value: average, threshold: averageRD, unit: .wanYuan),
            .numeric(id: "equity", title: "股权融资",
                     description: "近两年新增股权融资总额（合格机构投资者的实缴额）\(NumberText.plain(equity)) 万元以上",
                     value: raised.sum, upper: raised.missing ? .nan : raised.sum, threshold: equity, unit: .wanYuan),
            .flag(id: "maker_china", title: "创客中国",
                  description: "近三年进入“创客中国”中小企业创新创业大赛全国 500 强企业组名单",
                  status: RuleStatus(inputs.makerChinaTop500)),
        ]
    }
}

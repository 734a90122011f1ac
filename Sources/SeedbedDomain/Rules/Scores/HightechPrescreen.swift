/// 高企 pre-screen (RULES.md §10): the 高企后备库 conditions with the innovation-capacity score facts allow.
///
/// Sub-scores the rule gives as a range (知识产权数量 7–8 …) and those facts cannot show (技术的先进程度, 核心支持作用,
/// 获得方式, 研究开发组织管理水平) are credited at their upper bound and marked "按上限估算": a pre-screen finds who
/// may qualify, it does not replace the expert review. Missing data leaves a line open between the least and the
/// most it can give; the score condition is then unknown unless even the most misses the line.
public enum HightechPrescreen {
    static let ipGroup = "知识产权"
    static let conversionGroup = "科技成果转化能力"
    static let organisationGroup = "研究开发组织管理水平"
    static let growthGroup = "企业成长性"

    /// One enterprise's verdict: the conditions of the 高企后备库 version in force (with this query's overrides),
    /// the innovation-capacity breakdown, and the overall status.
    public static func evaluate(enterprise: EnterpriseFacts, profile: EnterpriseProfile, year: Int, date: LocalDate,
                                overrides: [String: Double] = [:], catalog: LibraryCatalog = .standard)
        throws(RuleError) -> ScoreVerdict
    {
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        let rules = try HightechPrescreenRules.inForce(on: date)
        let library = try catalog.library(.hightechReserve, on: date)
        let outcome = try LibraryEvaluator.evaluate(library, input: input, overrides: overrides)
        let explanation = try LibraryEvaluator.explain(outcome, library: library, input: input, slot: 0)
        let points = HightechCapacityColumns(input: input, rules: rules).points(at: 0)
        let indicators = indicators(points, rules: rules)
        let scoreCondition = library.conditions.firstIndex { $0.measure == .hightechInnovationScore }
        let scoreCheck = scoreCondition.map { explanation.conditions[$0] }
        let groups = [
            ScoreGroupResult.sum(ipGroup, indicators), ScoreGroupResult.sum(conversionGroup, indicators),
            ScoreGroupResult.sum(organisationGroup, indicators), ScoreGroupResult.sum(growthGroup, indicators),
        ]
        var notes = ["区间评分及年报无法反映的子项（技术先进程度、核心支持作用、获得方式、研究开发组织管理水平）按上限估算，"
            + "仅用于预筛，不代替专家评审"]
        notes.append(contentsOf: library.notes)
        return ScoreVerdict(
            version: rules.version, year: year,
            conditions: explanation.conditions.filter { $0.id != scoreCheck?.id },
            indicators: indicators, groups: groups, total: points.total, possibleTotal: points.possible,
            passLine: scoreCheck?.threshold ?? .nan, scoreStatus: scoreCheck?.status ?? .unknown,
            directConditions: [], directConditionApplied: false, status: explanation.status, notes: notes)
    }

    /// The breakdown of one slot of an evaluation input.
    static func indicators(input: EvaluationInput, slot: Int) throws(RuleError) -> [IndicatorScore] {
        let rules = try HightechPrescreenRules.inForce(on: input.date)
        return indicators(HightechCapacityColumns(input: input, rules: rules).points(at: slot), rules: rules)
    }

    static func indicators(_ points: HightechCapacityPoints, rules: HightechPrescreenRules) -> [IndicatorScore] {
        let notJudged = "年报数据无法反映，按上限估算"
        func growthNote(_ reason: UInt8) -> String? {
            switch reason {
            case 1: "经营不满两个会计年度，按 0 分计"
            case 2: "第二年末数值不为正，按 0 分计"
            default: nil
            }
        }
        let cap = "知识产权合计以 \(NumberText.plain(rules.ipCap)) 分封顶"
        return [
            IndicatorScore(points.ipQuantity, id: "ip_quantity", name: "知识产权数量", group: ipGroup,
                           maxPoints: rules.ipQuantity.maximum,
                           band: rules.ipQuantity.describe(points.ipQuantity.band), unit: "项"),
            IndicatorScore(points.ipAdvancement, id: "ip_advancement", name: "技术的先进程度", group: ipGroup,
                           maxPoints: rules.ipAdvancementMax, band: nil, unit: "",
                           note: points.ipAdvancement.basis == .upperBound ? notJudged : nil),
            IndicatorScore(points.ipCoreSupport, id: "ip_core_support", name: "对主要产品（服务）的核心支持作用",
                           group: ipGroup, maxPoints: rules.ipCoreSupportMax, band: nil, unit: "",
                           note: points.ipCoreSupport.basis == .upperBound ? notJudged : nil),
            IndicatorScore(points.ipObtaining, id: "ip_obtaining", name: "知识产权获得方式", group: ipGroup,
                           maxPoints: rules.ipObtainingMax, band: nil, unit: "",
                           note: points.ipObtaining.basis == .upperBound ? notJudged : nil),
            IndicatorScore(points.ipStandards, id: "ip_standards", name: "参与编制标准（加分）", group: ipGroup,
                           maxPoints: rules.standardsBonus.maximum,
                           band: rules.standardsBonus.describe(points.ipStandards.band), unit: "项", note: cap),
            IndicatorScore(points.conversions, id: "conversions", name: "科技成果转化（年均）", group: conversionGroup,
                           maxPoints: rules.conversions.maximum,
                           band: rules.conversions.describe(points.conversions.band), unit: "项"),
            IndicatorScore(points.organisation, id: "organisation", name: "研究开发组织管理水平",
                           group: organisationGroup, maxPoints: rules.organisationMax, band: nil, unit: "",
                           note: notJudged),
            IndicatorScore(points.netAssetGrowth, id: "net_asset_growth", name: "净资产增长率", group: growthGroup,
                           maxPoints: rules.netAssetGrowth.maximum,
                           band: rules.netAssetGrowth.describe(points.netAssetGrowth.band), unit: "%", scale: 100,
                           note: growthNote(points.netAssetGrowthReason)),
            IndicatorScore(points.salesGrowth, id: "sales_growth", name: "销售收入增长率", group: growthGroup,
                           maxPoints: rules.salesGrowth.maximum,
                           band: rules.salesGrowth.describe(points.salesGrowth.band), unit: "%", scale: 100,
                           note: growthNote(points.salesGrowthReason)),
        ]
    }
}

/// 科技型中小企业评价 (RULES.md §11): the basic conditions of the 国家科技型中小企业后备库 version in force, the
/// score (科技人员, 研发投入 — the better of R&D/sales and R&D/total cost —, 科技成果), and the direct confirmations
/// that replace the score (the basic conditions still apply).
public enum TechSMEEvaluator {
    static let directTitles = [
        ("hightech_valid", "有效高新技术企业", "拥有在有效期内的高新技术企业资格证书"),
        ("national_award", "国家级科技奖励", "近五年内获得过国家级科技奖励，并在获奖单位中排在前三名"),
        ("provincial_institution", "省部级以上研发机构", "拥有经认定的省部级以上研发机构"),
        ("standard_led", "主导制定标准", "近五年内主导制定过国际标准、国家标准或行业标准"),
    ]

    /// One enterprise's verdict, with this query's overrides of the library parameters (score line, S&T-staff
    /// share).
    public static func evaluate(enterprise: EnterpriseFacts, profile: EnterpriseProfile, year: Int, date: LocalDate,
                                overrides: [String: Double] = [:], catalog: LibraryCatalog = .standard)
        throws(RuleError) -> ScoreVerdict
    {
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        let rules = try TechSMERules.inForce(on: date)
        let library = try catalog.library(.techSMEReserve, on: date)
        let outcome = try LibraryEvaluator.evaluate(library, input: input, overrides: overrides)
        let explanation = try LibraryEvaluator.explain(outcome, library: library, input: input, slot: 0)
        let points = TechSMEColumns(input: input, rules: rules).points(at: 0)
        let indicators = indicators(points, rules: rules)

        var basic: [ConditionCheck] = []
        var scoreStatus = RuleStatus.met
        var passLine = Double.nan
        for (condition, check) in zip(library.conditions, explanation.conditions) {
            switch condition.measure {
            case .techSMEScore:
                scoreStatus = scoreStatus.and(check.status)
                passLine = check.threshold ?? passLine
            case .fact(.stStaffRatio):
                scoreStatus = scoreStatus.and(check.status)
            case .techSMEDirectConfirmation:
                break
            default:
                basic.append(check)
            }
        }
        let statuses = [points.direct.0, points.direct.1, points.direct.2, points.direct.3]
        let direct = zip(directTitles, statuses).map { title, status in
            ConditionCheck(id: title.0, title: title.1, description: title.2, status: status,
                           value: status == .unknown ? nil : (status == .met ? 1 : 0), upperValue: nil, threshold: 1,
                           gap: nil, unit: "", informational: false,
                           summary: "\(title.1)：\(status == .unknown ? "数据不足，无法判断" : status.label)"
                               + (title.0 == "national_award" ? "（获奖排名无法从年报判断，按获奖计）" : ""))
        }
        let groups = indicators.map { ScoreGroupResult.sum($0.group, [$0]) }
        return ScoreVerdict(
            version: rules.version, year: year, conditions: basic, indicators: indicators, groups: groups,
            total: points.total, possibleTotal: points.possible, passLine: passLine, scoreStatus: scoreStatus,
            directConditions: direct, directConditionApplied: points.directStatus == .met,
            status: explanation.status,
            notes: ["科技人员指标得分须大于 0（即科技人员占比不低于设定下限）"] + library.notes)
    }

    /// The breakdown of one slot of an evaluation input.
    static func indicators(input: EvaluationInput, slot: Int) throws(RuleError) -> [IndicatorScore] {
        let rules = try TechSMERules.inForce(on: input.date)
        return indicators(TechSMEColumns(input: input, rules: rules).points(at: slot), rules: rules)
    }

    static func indicators(_ points: TechSMEPoints, rules: TechSMERules) -> [IndicatorScore] {
        let rdBand: String? = switch points.rdMeasure {
        case 1: rules.rdToSales.describe(points.rd.band)
        case 2: rules.rdToCost.describe(points.rd.band)
        default: nil
        }
        let rdNote: String? = switch points.rdMeasure {
        case 1: "按研发费用占销售收入比例计（两种口径取高）"
        case 2: "按研发费用占成本费用支出比例计（两种口径取高）"
        default: nil
        }
        return [
            IndicatorScore(points.staff, id: "st_staff", name: "科技人员指标", group: "科技人员指标",
                           maxPoints: rules.staffShare.maximum, band: rules.staffShare.describe(points.staff.band),
                           unit: "%", scale: 100),
            IndicatorScore(points.rd, id: "rd_input", name: "研发投入指标", group: "研发投入指标",
                           maxPoints: max(rules.rdToSales.maximum, rules.rdToCost.maximum), band: rdBand,
                           unit: "%", scale: 100, note: rdNote),
            IndicatorScore(points.ip, id: "ip", name: "科技成果指标", group: "科技成果指标",
                           maxPoints: rules.ip.maximum, band: rules.ip.describe(points.ip.band), unit: "项"),
        ]
    }
}

import Foundation

extension InnovationScheme {
    /// The weights of base groups must add up to the full score within this tolerance, so that a scheme rescaled
    /// by a factor (18+M) is not refused for a rounding error.
    static let weightSumTolerance = 1e-6

    /// Every problem of the scheme, in Chinese, in the order the editor shows the fields; empty when the scheme
    /// can be used. Scoring engines refuse a scheme with problems.
    public func validate() -> [SchemeProblem] {
        var problems: [SchemeProblem] = []
        validateHeader(into: &problems)
        validateStages(into: &problems)
        validateIndicators(into: &problems)
        validateFullScore(into: &problems)
        validateTiers(into: &problems)
        return problems
    }

    private func validateHeader(into problems: inout [SchemeProblem]) {
        if id.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(SchemeProblem(code: "scheme_id_empty", message: "方案编号不能为空"))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(SchemeProblem(code: "scheme_name_empty", message: "方案名称不能为空"))
        }
        if version < 1 {
            problems.append(SchemeProblem(code: "version_invalid", message: "版本号必须是正整数，当前为 \(version)"))
        }
        if !Self.isISODay(effectiveFrom) {
            problems.append(SchemeProblem(
                code: "effective_date_invalid",
                message: "生效日期「\(effectiveFrom)」不是有效日期，应为 yyyy-MM-dd 格式"))
        }
        if let fullScore, !(fullScore.isFinite && fullScore > 0) {
            problems.append(SchemeProblem(code: "full_score_invalid", message: "满分必须是正数"))
        }
        if let totalFloor, !totalFloor.isFinite {
            problems.append(SchemeProblem(code: "total_floor_invalid", message: "总分下限必须是有限数"))
        }
    }

    private func validateStages(into problems: inout [SchemeProblem]) {
        let stages = stageRule.stages
        if stages.isEmpty {
            problems.append(SchemeProblem(code: "stages_empty", message: "至少需要定义一个发展阶段"))
        }
        if stages.count >= Int(ScoringInput.undecidedStage) {
            problems.append(SchemeProblem(code: "stages_too_many", message: "发展阶段不能超过 254 个"))
        }
        var seen = Set<DevelopmentStage>()
        for stage in stages {
            if stage.rawValue.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(SchemeProblem(code: "stage_name_empty", message: "发展阶段名称不能为空"))
            } else if !seen.insert(stage).inserted {
                problems.append(SchemeProblem(code: "stage_duplicate", message: "发展阶段「\(stage)」重复"))
            }
        }
        for (index, clause) in stageRule.clauses.enumerated() {
            let line = "阶段规则第 \(index + 1) 条"
            if !seen.contains(clause.stage) {
                problems.append(SchemeProblem(code: "stage_rule_unknown_stage",
                                              message: "\(line)引用了未定义的发展阶段「\(clause.stage)」"))
            }
            if clause.ageBelow == nil, clause.revenueBelow == nil {
                problems.append(SchemeProblem(code: "stage_rule_without_bound",
                                              message: "\(line)未设置成立年限或营业收入界限"))
            }
            for bound in [clause.ageBelow, clause.revenueBelow].compactMap({ $0 }) where !bound.isFinite {
                problems.append(SchemeProblem(code: "stage_rule_bound_invalid", message: "\(line)的界限必须是有限数"))
            }
        }
        if !seen.contains(stageRule.otherwise), !stages.isEmpty {
            problems.append(SchemeProblem(code: "stage_rule_unknown_stage",
                                          message: "阶段规则的默认阶段「\(stageRule.otherwise)」未定义"))
        }
    }

    private func validateIndicators(into problems: inout [SchemeProblem]) {
        if indicators.isEmpty {
            problems.append(SchemeProblem(code: "indicators_empty", message: "方案至少需要一个指标"))
        }
        let stages = Set(stageRule.stages)
        var ids = Set<String>()
        for indicator in indicators {
            let id = indicator.id
            let label = "指标「\(indicator.name.isEmpty ? id : indicator.name)」"
            func problem(_ code: String, _ message: String) {
                problems.append(SchemeProblem(code: code, message: message, indicatorID: id))
            }
            if id.trimmingCharacters(in: .whitespaces).isEmpty {
                problem("indicator_id_empty", "\(label)的编号不能为空")
            } else if !ids.insert(id).inserted {
                problem("indicator_id_duplicate", "指标编号「\(id)」重复")
            }
            if indicator.name.trimmingCharacters(in: .whitespaces).isEmpty {
                problem("indicator_name_empty", "指标「\(id)」的名称不能为空")
            }
            if indicator.fact.rawValue.isEmpty {
                problem("indicator_fact_empty", "\(label)未指定读取的数据项")
            }
            for (stage, weight) in indicator.weights.sorted(by: { $0.key < $1.key }) {
                if !stages.contains(stage) {
                    problem("weight_unknown_stage", "\(label)的权重引用了未定义的发展阶段「\(stage)」")
                }
                if !weight.isFinite {
                    problem("weight_not_finite", "\(label)在「\(stage)」的权重必须是有限数")
                } else if weight < 0 {
                    problem("weight_negative", "\(label)在「\(stage)」的权重不能为负数（扣分项请使用负面扣分方法）")
                }
            }
            validateMethod(of: indicator, label: label, problem: problem)
        }
    }

    private func validateMethod(of indicator: Indicator, label: String,
                                problem: (_ code: String, _ message: String) -> Void)
    {
        switch indicator.method {
        case .percentile, .boolean:
            break
        case .bands(let thresholds, let values):
            if thresholds.isEmpty {
                problem("bands_empty", "\(label)至少需要一个分段")
            }
            if thresholds.count != values.count {
                problem("bands_count_mismatch",
                        "\(label)的分段界限有 \(thresholds.count) 个，分值有 \(values.count) 个，应一一对应")
            }
            if thresholds.contains(where: { !$0.isFinite }) {
                problem("bands_not_finite", "\(label)的分段界限必须是有限数")
            } else if zip(thresholds, thresholds.dropFirst()).contains(where: { $0 >= $1 }) {
                problem("bands_not_ascending", "\(label)的分段界限必须严格递增")
            }
            if values.contains(where: { !($0 >= 0 && $0 <= 1) }) {
                problem("band_value_out_of_range", "\(label)的分段分值必须在 0 到 1 之间（得分 = 权重 × 分值）")
            }
        case .countWithCap(let cap), .deduction(let cap):
            if !(cap.isFinite && cap > 0) {
                problem("cap_invalid", "\(label)的封顶数必须是正数")
            }
        }
        if indicator.method.subtracts, indicator.group != .negative {
            problem("deduction_outside_negative_group", "\(label)使用负面扣分方法，应归入负面扣分项")
        }
        if indicator.group == .negative, !indicator.method.subtracts {
            problem("negative_group_not_deduction", "\(label)属于负面扣分项，应使用负面扣分方法")
        }
    }

    private func validateFullScore(into problems: inout [SchemeProblem]) {
        guard let fullScore, fullScore.isFinite else { return }
        for stage in stageRule.stages {
            let sum = indicators
                .filter { $0.group.countsTowardFullScore }
                .reduce(0.0) { $0 + $1.weight(in: stage) }
            guard sum.isFinite else { continue }
            if abs(sum - fullScore) > Self.weightSumTolerance {
                problems.append(SchemeProblem(
                    code: "weights_not_full_score",
                    message: "「\(stage)」基础指标（技术创新、成长经营、辅助）权重合计为 \(Self.format(sum))，"
                        + "应为满分 \(Self.format(fullScore))"))
            }
        }
    }

    private func validateTiers(into problems: inout [SchemeProblem]) {
        var ids = Set<String>()
        var previous = 0.0
        if tiers.lists.count > 100 {
            problems.append(SchemeProblem(code: "tiers_too_many", message: "榜单不能超过 100 个"))
        }
        for list in tiers.lists {
            let label = "榜单「\(list.name.isEmpty ? list.id : list.name)」"
            if list.name.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(SchemeProblem(code: "tier_name_empty", message: "榜单「\(list.id)」的名称不能为空"))
            }
            if !ids.insert(list.id).inserted {
                problems.append(SchemeProblem(code: "tier_id_duplicate", message: "榜单编号「\(list.id)」重复"))
            }
            if !(list.topFraction > 0 && list.topFraction <= 1) {
                problems.append(SchemeProblem(code: "tier_fraction_out_of_range",
                                              message: "\(label)的比例必须大于 0 且不超过 100%"))
            } else if list.topFraction <= previous {
                problems.append(SchemeProblem(code: "tier_fraction_not_ascending",
                                              message: "\(label)的累计比例必须大于上一个榜单"))
            }
            if list.topFraction.isFinite { previous = max(previous, list.topFraction) }
        }
        if let line = tiers.absoluteLine, !line.minimumTotal.isFinite {
            problems.append(SchemeProblem(code: "absolute_line_invalid", message: "分数线「\(line.name)」必须是有限数"))
        }
    }

    /// Whether `text` is a real calendar day written `yyyy-MM-dd`.
    static func isISODay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1, (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// A weight as people write it: no trailing `.0`, at most 6 decimals.
    static func format(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }
}

import Foundation
import SeedbedDomain

/// The facts an indicator may read: every filed fact with a column, and the derived ones the run computes.
enum PointsFacts {
    static let derivedLabels: [FactID: String] = [
        .ipClass1: "Ⅰ类知识产权数", .ipClass2: "Ⅱ类知识产权数", .rdRatio: "研发费用占营业收入比例",
        .stStaffRatio: "科技人员占比", .rdStaffRatio: "研发人员占比", .debtRatio: "资产负债率",
        .revenueGrowth: "营业收入增长率", .profitGrowth: "净利润增长率", .rdInstitutionLevel: "研发机构级别（0–3）",
    ]

    /// Labels of filed facts, from the annual-report catalog (one declaration of each field).
    static let filedLabels: [FactID: String] = {
        var labels: [FactID: String] = [:]
        for field in AnnualReportForm.form.fields {
            if let fact = field.fact, labels[fact] == nil { labels[fact] = field.label }
        }
        return labels
    }()

    /// Every fact a scheme may use, in the order the editor lists them.
    static let all: [FactID] = EnterpriseFacts.columns + DerivedFacts.ids

    static func label(_ fact: FactID) -> String { derivedLabels[fact] ?? filedLabels[fact] ?? fact.rawValue }

    static func isKnown(_ fact: FactID) -> Bool { all.contains(fact) }

    /// Facts that are fractions (shown as percentages).
    static let ratios: Set<FactID> = [.rdRatio, .stStaffRatio, .rdStaffRatio, .debtRatio, .revenueGrowth, .profitGrowth]

    /// Facts stored in 万元 (the catalog's money fields).
    static let money: Set<FactID> = Set(AnnualReportForm.form.fields.compactMap { field in
        field.unit == .qianYuan || field.unit == .wanYuan ? field.fact : nil
    })

    /// A fact value as people read it: ratios as percentages, money with its unit.
    static func display(_ value: Double, fact: FactID) -> String {
        if ratios.contains(fact) { return PointsFormat.percent(value) }
        if money.contains(fact) { return PointsFormat.number(value, decimals: 2) + " 万元" }
        return PointsFormat.number(value)
    }
}

/// Numbers as people write them in the scheme pages: no trailing zeros, at most 4 decimals.
enum PointsFormat {
    static func number(_ value: Double, decimals: Int = 4) -> String {
        value.isFinite ? FieldValue.format(value, decimals: decimals) : "—"
    }

    static func score(_ value: Double) -> String { String(format: "%.2f", value) }

    static func percent(_ fraction: Double) -> String { number(fraction * 100, decimals: 2) + "%" }

    static func method(_ method: ScoringMethod) -> String {
        switch method {
        case .percentile: "比较组内百分位"
        case .bands(let thresholds, let values):
            "分段赋分：" + zip(thresholds, values).map { "≥\(number($0)) 得 \(number($1 * 100))%" }.joined(separator: "，")
        case .countWithCap(let cap): "计数，每项 1/\(number(cap))，\(number(cap)) 封顶"
        case .boolean: "具备即得满分"
        case .deduction(let cap): "负面扣分，\(number(cap)) 次扣满"
        }
    }
}

/// Turns the scheme editor's posted fields into a scheme, collecting inline errors (field name → message).
/// Numbers that do not parse are field errors; a scheme that parses but breaks a rule gets the domain's Chinese
/// problems (`InnovationScheme.validate`), shown above the form.
struct SchemeEditor {
    var errors = FormErrors()

    static func weightField(_ indicator: Int, _ stage: Int) -> String { "w_\(indicator)_\(stage)" }

    private mutating func number(_ form: [String: String], _ name: String, label: String, required: Bool = true)
        -> Double?
    {
        let text = (form[name] ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            if required { errors[name] = "请填写\(label)" }
            return nil
        }
        guard let value = Double(text), value.isFinite else {
            errors[name] = "\(label)应为数字"
            return nil
        }
        return value
    }

    /// Applies the edit form (name, weights per stage, lists, line) to `scheme`.
    mutating func applyEdit(_ form: [String: String], to scheme: InnovationScheme) -> InnovationScheme {
        var result = scheme
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors["name"] = "请填写方案名称" } else if name.count > 60 {
            errors["name"] = "方案名称不能超过 60 个字"
        } else {
            result.name = name
        }
        for (index, indicator) in scheme.indicators.enumerated() {
            for (code, stage) in scheme.stages.enumerated() {
                let field = Self.weightField(index, code)
                guard let weight = number(form, field, label: "「\(indicator.name)」在\(stage)的权重") else { continue }
                if weight < 0 { errors[field] = "权重不能为负数" }
                result.indicators[index].weights[stage] = weight
            }
        }
        var lists: [TierList] = []
        for (index, list) in scheme.tiers.lists.enumerated() {
            var copy = list
            let nameField = "tier_name_\(index)"
            let listName = (form[nameField] ?? "").trimmingCharacters(in: .whitespaces)
            if listName.isEmpty { errors[nameField] = "请填写榜单名称" } else { copy.name = String(listName.prefix(20)) }
            let pctField = "tier_pct_\(index)"
            if let percent = number(form, pctField, label: "累计比例") {
                if !(percent > 0 && percent <= 100) { errors[pctField] = "累计比例应大于 0 且不超过 100" }
                copy.topFraction = percent / 100
            }
            lists.append(copy)
        }
        result.tiers.lists = lists
        result.tiers.seatRounding = form["seat_rounding"] == "up" ? .up : .down
        if form["line_enabled"] == "1" {
            let lineName = (form["line_name"] ?? "").trimmingCharacters(in: .whitespaces)
            if let minimum = number(form, "line_min", label: "分数线") {
                result.tiers.absoluteLine = AbsoluteLine(
                    name: lineName.isEmpty ? "积分 \(PointsFormat.number(minimum)) 分及以上" : String(lineName.prefix(30)),
                    minimumTotal: minimum)
            }
        } else {
            result.tiers.absoluteLine = nil
        }
        return result
    }

    /// The indicator of the "新增本地指标" form, or nil with errors.
    mutating func indicator(_ form: [String: String], stages: [DevelopmentStage], existing: Set<String>) -> Indicator? {
        let id = (form["id"] ?? "").trimmingCharacters(in: .whitespaces)
        if id.isEmpty {
            errors["id"] = "请填写指标编号"
        } else if id.count > 40 || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            errors["id"] = "指标编号只能由英文字母、数字和下划线组成，不超过 40 个字符"
        } else if existing.contains(id) {
            errors["id"] = "指标编号「\(id)」已存在"
        }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors["name"] = "请填写指标名称" } else if name.count > 40 { errors["name"] = "指标名称不能超过 40 个字" }
        let group = IndicatorGroup(rawValue: form["group"] ?? "")
        if group == nil { errors["group"] = "请选择一级指标" }
        let fact = FactID(form["fact"] ?? "")
        if !PointsFacts.isKnown(fact) { errors["fact"] = "请选择读取的数据项" }
        let direction: RankDirection = form["direction"] == "lower" ? .lower : .higher
        var method: ScoringMethod?
        switch form["method"] ?? "" {
        case "percentile": method = .percentile
        case "boolean": method = .boolean
        case "count", "deduction":
            if let cap = number(form, "cap", label: "封顶数") {
                if cap <= 0 { errors["cap"] = "封顶数应大于 0" }
                method = form["method"] == "count" ? .countWithCap(cap: cap) : .deduction(cap: cap)
            }
        case "bands":
            let thresholds = list(form, "thresholds", label: "分段界限")
            let values = list(form, "band_values", label: "分段分值（%）").map { $0 / 100 }
            if !thresholds.isEmpty, !values.isEmpty { method = .bands(thresholds: thresholds, values: values) }
        default:
            errors["method"] = "请选择计分方法"
        }
        var weights: [DevelopmentStage: Double] = [:]
        for (code, stage) in stages.enumerated() {
            let field = "weight_\(code)"
            if let weight = number(form, field, label: "\(stage)权重") {
                if weight < 0 { errors[field] = "权重不能为负数" }
                weights[stage] = weight
            }
        }
        let note = (form["note"] ?? "").trimmingCharacters(in: .whitespaces)
        guard errors.isEmpty, let group, let method else { return nil }
        return Indicator(id: id, name: name, group: group, fact: fact, method: method, direction: direction,
                         weights: weights, note: note.isEmpty ? nil : String(note.prefix(200)))
    }

    private mutating func list(_ form: [String: String], _ name: String, label: String) -> [Double] {
        let text = (form[name] ?? "").replacingOccurrences(of: "，", with: ",")
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if parts.isEmpty {
            errors[name] = "请填写\(label)，多个数值用逗号分隔"
            return []
        }
        let numbers = parts.compactMap { Double($0) }.filter(\.isFinite)
        if numbers.count != parts.count {
            errors[name] = "\(label)只能填写数字，多个数值用逗号分隔"
            return []
        }
        return numbers
    }

    /// Adds a local indicator ("18+M"). With `rescale`, the full-score indicators already there shrink in
    /// proportion so every stage still adds up to the full score (`SchemeExtension`); the draft keeps its identity.
    static func adding(_ indicator: Indicator, to scheme: InnovationScheme, rescale: Bool) throws(SchemeError)
        -> InnovationScheme
    {
        guard rescale, scheme.fullScore != nil, indicator.group.countsTowardFullScore else {
            var result = scheme
            result.indicators.append(indicator)
            let problems = result.validate()
            guard problems.isEmpty else { throw .invalid(problems) }
            return result
        }
        let extensionOfDraft = SchemeExtension(base: scheme.reference, id: scheme.id, version: scheme.version,
                                               name: scheme.name, effectiveFrom: scheme.effectiveFrom,
                                               localIndicators: [indicator], rescaleToFullScore: true)
        var result = try extensionOfDraft.apply(to: scheme)
        result.basedOn = scheme.basedOn
        result.isDefault = scheme.isDefault
        return result
    }

    /// Removes an indicator; the remaining full-score indicators grow in proportion so each stage still adds up
    /// to the full score.
    static func removing(at index: Int, from scheme: InnovationScheme) throws(SchemeError) -> InnovationScheme {
        guard scheme.indicators.indices.contains(index) else { return scheme }
        var result = scheme
        let removed = result.indicators.remove(at: index)
        if let fullScore = scheme.fullScore, removed.group.countsTowardFullScore {
            for stage in scheme.stages {
                let sum = result.indicators.filter { $0.group.countsTowardFullScore }.reduce(0.0) { $0 + $1.weight(in: stage) }
                guard sum > 0 else { continue }
                for position in result.indicators.indices where result.indicators[position].group.countsTowardFullScore {
                    if let weight = result.indicators[position].weights[stage] {
                        result.indicators[position].weights[stage] = weight * fullScore / sum
                    }
                }
            }
        }
        let problems = result.validate()
        guard problems.isEmpty else { throw .invalid(problems) }
        return result
    }
}

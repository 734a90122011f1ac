import Foundation

/// The rules the evaluation API runs.
public enum EvaluationRule: String, CaseIterable, Sendable, Hashable, Codable {
    case techSME = "tech_sme"
    case hightech
    case innovativeSME = "innovative_sme"
    case specializedSME = "specialized_sme"

    public var label: String {
        switch self {
        case .techSME: "科技型中小企业评价"
        case .hightech: "高新技术企业认定预评"
        case .innovativeSME: "创新型中小企业评价"
        case .specializedSME: "专精特新中小企业认定"
        }
    }
}

/// Why an evaluation request was refused: the field (a JSON path such as `facts.2024.revenue`) and the reason.
public struct EvaluationRequestError: CodedError, Equatable {
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var code: String { "evaluation.invalid_request" }
    public var message: String { field.isEmpty ? reason : "“\(field)”\(reason)" }
    public var failure: FailureKind { .invalid }
}

/// One request of `POST /api/v1/evaluations`, decoded and checked: the rule, the evaluation day, the fact year,
/// the enterprise's profile, its facts by year in catalog units, and what the evaluators need that facts do not
/// hold. Decoding never traps: every refusal is an `EvaluationRequestError` naming the field.
public struct EvaluationRequest: Sendable {
    public var rule: EvaluationRule
    public var asOf: LocalDate
    /// The fact year evaluated: `year` when given, else the latest year of `facts` not after `asOf`'s year.
    public var year: Int
    public var profile: EnterpriseProfile
    public var facts: EnterpriseFacts
    public var innovative: InnovativeSMEInputs
    public var specialized: SpecializedSMEInputs

    /// At most this many years of facts (the rules look back five).
    public static let maxYears = 10
    /// Years accepted as keys of `facts` and as `year`.
    public static let years = 1990...2100
    /// Largest body the route reads.
    public static let maxBodyBytes = 256 * 1024

    /// The declared yes/no inputs: key, Chinese label and the rules that read it.
    public static let declaredFlags: [(key: String, label: String, rules: [EvaluationRule])] = [
        ("highValueClassOneIP", "与主导产品相关的Ⅰ类知识产权中有高价值知识产权", [.innovativeSME, .specializedSME]),
        ("selfDevelopedClassOneIP", "Ⅰ类知识产权中有自主研发取得的", [.innovativeSME, .specializedSME]),
        ("strategicEmergingProduct", "主导产品属于《战略性新兴产业分类》", [.innovativeSME]),
        ("nationalInnovationDemonstration", "有效期内的国家级技术创新示范企业", [.innovativeSME]),
        ("ipAdvantageOrDemonstration", "有效期内的知识产权优势企业或示范企业", [.innovativeSME]),
        ("lowerLevelInstitution", "建有区县级或其他研发机构（市级以下）", [.specializedSME]),
        ("rankedAward", "近三年省级科技奖励前三名或国家级科技奖励前五名", [.specializedSME]),
        ("makerChinaTop500", "近三年“创客中国”全国 500 强", [.specializedSME]),
        ("holdsInnovativeTitle", "有效期内的科技和创新型中小企业（2026 版）", [.specializedSME]),
        ("beneficialClassOneIP", "拥有产生经济效益的Ⅰ类知识产权（2026 版）", [.specializedSME]),
        ("leadingMarketShare", "主导产品细分市场占有率较为靠前（2026 版）", [.specializedSME]),
    ]

    static let topLevelKeys: Set<String> = Set(["rule", "asOf", "year", "profile", "facts", "digitalLevel",
                                                "yearsInNiche", "fieldClass", "qualityItems", "featurePoints"]
        + declaredFlags.map(\.key))
    static let profileKeys: Set<String> = ["registeredOn", "industry", "field", "listingStatus", "hightechValid",
                                           "techSMEValid"]

    /// Decodes and checks a JSON body.
    public static func parse(_ data: Data) throws(EvaluationRequestError) -> EvaluationRequest {
        guard data.count <= maxBodyBytes else {
            throw EvaluationRequestError(field: "", reason: "请求体不能超过 \(maxBodyBytes / 1024) KB")
        }
        let json: EvaluationJSON
        do {
            json = try JSONDecoder().decode(EvaluationJSON.self, from: data)
        } catch {
            throw EvaluationRequestError(field: "", reason: "请求体不是有效的 JSON")
        }
        return try parse(json)
    }

    static func parse(_ json: EvaluationJSON) throws(EvaluationRequestError) -> EvaluationRequest {
        guard case .object(let body) = json else {
            throw EvaluationRequestError(field: "", reason: "请求体应为 JSON 对象")
        }
        if let unknown = body.keys.sorted().first(where: { !topLevelKeys.contains($0) }) {
            throw EvaluationRequestError(field: String(unknown.prefix(60)), reason: "不是可识别的字段")
        }
        guard case .string(let ruleText)? = body["rule"] else {
            throw EvaluationRequestError(field: "rule", reason: "必填，应为 " + EvaluationRule.allCases.map(\.rawValue)
                .joined(separator: "、") + " 之一")
        }
        guard let rule = EvaluationRule(rawValue: ruleText) else {
            throw EvaluationRequestError(field: "rule", reason: "应为 " + EvaluationRule.allCases.map(\.rawValue)
                .joined(separator: "、") + " 之一")
        }
        guard case .string(let dateText)? = body["asOf"] else {
            throw EvaluationRequestError(field: "asOf", reason: "必填，格式为 YYYY-MM-DD")
        }
        let asOf: LocalDate
        do { asOf = try LocalDate(iso: dateText) } catch {
            throw EvaluationRequestError(field: "asOf", reason: "不是有效日期（格式为 YYYY-MM-DD）")
        }
        guard years.contains(asOf.year) else {
            throw EvaluationRequestError(field: "asOf", reason: "年份应在 \(years.lowerBound) 至 \(years.upperBound) 之间")
        }
        let facts = try parseFacts(body["facts"])
        let profile = try parseProfile(body["profile"])

        var year: Int
        if let given = body["year"], given != .null {
            year = try integer(given, field: "year", in: years)
        } else {
            year = facts.years.keys.filter { $0 <= asOf.year }.max() ?? (asOf.year - 1)
        }
        year = min(max(year, years.lowerBound), years.upperBound)

        var flags: [String: Bool] = [:]
        for (key, _, _) in declaredFlags {
            switch body[key] {
            case nil, .null?: break
            case .bool(let value)?: flags[key] = value
            case let other?: throw EvaluationRequestError(field: key, reason: "应为 true、false 或 null，收到\(other.kindLabel)")
            }
        }
        let digitalLevel = try optional(body["digitalLevel"]) { value throws(EvaluationRequestError) in
            try integer(value, field: "digitalLevel", in: 1...4)
        }
        let yearsInNiche = try optional(body["yearsInNiche"]) { value throws(EvaluationRequestError) in
            try number(value, field: "yearsInNiche", in: 0...200)
        }
        let qualityItems = try optional(body["qualityItems"]) { value throws(EvaluationRequestError) in
            try integer(value, field: "qualityItems", in: 0...1000)
        }
        let fieldClass = try optional(body["fieldClass"]) { value throws(EvaluationRequestError) -> SpecializedFieldClass in
            guard case .string(let text) = value, let kind = SpecializedFieldClass(rawValue: text) else {
                throw EvaluationRequestError(field: "fieldClass", reason: "应为 " + SpecializedFieldClass.allCases
                    .map(\.rawValue).joined(separator: "、") + " 之一")
            }
            return kind
        }
        var featurePoints: [String: Double] = [:]
        switch body["featurePoints"] {
        case nil, .null?: break
        case .object(let points)?:
            let scheme = ProvincialFeatureScheme.standard
            for (id, value) in points.sorted(by: { $0.key < $1.key }) {
                guard let indicator = scheme.indicators.first(where: { $0.id == id }) else {
                    throw EvaluationRequestError(field: "featurePoints." + String(id.prefix(60)),
                                                 reason: "不是特色化指标（可用：" + scheme.indicators.map(\.id)
                                                     .joined(separator: "、") + "）")
                }
                featurePoints[id] = try number(value, field: "featurePoints." + id, in: 0...indicator.maxPoints)
            }
        case let other?:
            throw EvaluationRequestError(field: "featurePoints", reason: "应为对象，收到\(other.kindLabel)")
        }

        let innovative = InnovativeSMEInputs(
            highValueClassOneIP: flags["highValueClassOneIP"], selfDevelopedClassOneIP: flags["selfDevelopedClassOneIP"],
            strategicEmergingProduct: flags["strategicEmergingProduct"],
            nationalInnovationDemonstration: flags["nationalInnovationDemonstration"],
            ipAdvantageOrDemonstration: flags["ipAdvantageOrDemonstration"])
        let specialized = SpecializedSMEInputs(
            yearsInNiche: yearsInNiche, fieldClass: fieldClass, digitalLevel: digitalLevel, qualityItems: qualityItems,
            highValueClassOneIP: flags["highValueClassOneIP"], selfDevelopedClassOneIP: flags["selfDevelopedClassOneIP"],
            lowerLevelInstitution: flags["lowerLevelInstitution"], rankedAward: flags["rankedAward"],
            makerChinaTop500: flags["makerChinaTop500"], featurePoints: featurePoints,
            holdsInnovativeTitle: flags["holdsInnovativeTitle"], beneficialClassOneIP: flags["beneficialClassOneIP"],
            leadingMarketShare: flags["leadingMarketShare"])
        return EvaluationRequest(rule: rule, asOf: asOf, year: year, profile: profile, facts: facts,
                                 innovative: innovative, specialized: specialized)
    }

    public init(rule: EvaluationRule, asOf: LocalDate, year: Int, profile: EnterpriseProfile = EnterpriseProfile(),
                facts: EnterpriseFacts, innovative: InnovativeSMEInputs = InnovativeSMEInputs(),
                specialized: SpecializedSMEInputs = SpecializedSMEInputs())
    {
        self.rule = rule
        self.asOf = asOf
        self.year = year
        self.profile = profile
        self.facts = facts
        self.innovative = innovative
        self.specialized = specialized
    }

    // MARK: Parts

    static func parseFacts(_ json: EvaluationJSON?) throws(EvaluationRequestError) -> EnterpriseFacts {
        guard let json, json != .null else { return EnterpriseFacts() }
        guard case .object(let byYear) = json else {
            throw EvaluationRequestError(field: "facts", reason: "应为以年度为键的对象，例如 {\"2024\": {\"revenue\": 1200}}")
        }
        guard byYear.count <= maxYears else {
            throw EvaluationRequestError(field: "facts", reason: "最多 \(maxYears) 个年度，收到 \(byYear.count) 个")
        }
        var facts = EnterpriseFacts()
        for (key, values) in byYear.sorted(by: { $0.key < $1.key }) {
            let path = "facts." + String(key.prefix(20))
            guard key.count == 4, key.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(key),
                  years.contains(year)
            else { throw EvaluationRequestError(field: path, reason: "年度应为 \(years.lowerBound)–\(years.upperBound) 的四位数字") }
            guard case .object(let entries) = values else {
                throw EvaluationRequestError(field: path, reason: "应为以指标编号为键的对象")
            }
            var yearFacts: [FactID: Double] = [:]
            for (id, value) in entries.sorted(by: { $0.key < $1.key }) {
                let field = path + "." + String(id.prefix(60))
                guard let fact = EvaluationFact.byID[FactID(id)] else {
                    throw EvaluationRequestError(field: field, reason: "不是数据字典中的指标编号（可用编号见接口文档）")
                }
                switch value {
                case .null: continue
                case .number(let number):
                    if let problem = fact.problem(with: number) {
                        throw EvaluationRequestError(field: field, reason: "（\(fact.label)）\(problem)")
                    }
                    yearFacts[fact.id] = number
                case .unrepresentable:
                    throw EvaluationRequestError(field: field, reason: "（\(fact.label)）超出可表示的数值范围")
                default:
                    throw EvaluationRequestError(field: field, reason: "（\(fact.label)）应为数字或 null，收到\(value.kindLabel)")
                }
            }
            facts.years[year] = yearFacts
        }
        return facts
    }

    static func parseProfile(_ json: EvaluationJSON?) throws(EvaluationRequestError) -> EnterpriseProfile {
        guard let json, json != .null else { return EnterpriseProfile() }
        guard case .object(let body) = json else {
            throw EvaluationRequestError(field: "profile", reason: "应为对象")
        }
        if let unknown = body.keys.sorted().first(where: { !profileKeys.contains($0) }) {
            throw EvaluationRequestError(field: "profile." + String(unknown.prefix(60)), reason: "不是可识别的字段")
        }
        var profile = EnterpriseProfile()
        switch body["registeredOn"] {
        case nil, .null?: break
        case .string(let text)?:
            do { profile.registeredOn = try LocalDate(iso: text) } catch {
                throw EvaluationRequestError(field: "profile.registeredOn", reason: "不是有效日期（格式为 YYYY-MM-DD）")
            }
        case let other?:
            throw EvaluationRequestError(field: "profile.registeredOn", reason: "应为日期字符串，收到\(other.kindLabel)")
        }
        switch body["industry"] {
        case nil, .null?: break
        case .string(let text)?:
            guard let section = industrySection(text) else {
                throw EvaluationRequestError(field: "profile.industry",
                                             reason: "应为国民经济行业门类字母或行业代码，例如 C 或 C39")
            }
            profile.industrySection = section
        case let other?:
            throw EvaluationRequestError(field: "profile.industry", reason: "应为字符串，收到\(other.kindLabel)")
        }
        switch body["field"] {
        case nil, .null?: break
        case .string(let text)?:
            if text == noTechField { profile.techField = .none }
            else if let field = TechField(label: text) { profile.techField = .field(field) }
            else {
                throw EvaluationRequestError(field: "profile.field", reason: "应为国家重点支持的高新技术领域之一："
                    + techFieldValues.joined(separator: "、"))
            }
        case let other?:
            throw EvaluationRequestError(field: "profile.field", reason: "应为字符串，收到\(other.kindLabel)")
        }
        profile.listingStatus = try optional(body["listingStatus"]) { value throws(EvaluationRequestError) in
            try integer(value, field: "profile.listingStatus", in: 0...2)
        }
        for (key, path) in [("hightechValid", \EnterpriseProfile.hightechValid),
                            ("techSMEValid", \EnterpriseProfile.techSMEValid)] {
            switch body[key] {
            case nil, .null?: break
            case .bool(let value)?: profile[keyPath: path] = value
            case let other?:
                throw EvaluationRequestError(field: "profile." + key, reason: "应为 true、false 或 null，收到\(other.kindLabel)")
            }
        }
        return profile
    }

    /// "无": the technology lies in none of the 8 fields.
    public static let noTechField = "无"
    /// The values `profile.field` accepts.
    public static var techFieldValues: [String] { TechField.allCases.map(\.label) + [noTechField] }

    /// The section letter of a GB/T 4754 section or code ("C", "C39", "C3911").
    static func industrySection(_ text: String) -> String? {
        guard let first = text.first, first.isASCII, first.isUppercase, ("A"..."T").contains(String(first)),
              text.count <= 5, text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return String(first)
    }

    static func optional<T>(_ json: EvaluationJSON?, _ read: (EvaluationJSON) throws(EvaluationRequestError) -> T)
        throws(EvaluationRequestError) -> T?
    {
        guard let json, json != .null else { return nil }
        return try read(json)
    }

    static func number(_ json: EvaluationJSON, field: String, in range: ClosedRange<Double>)
        throws(EvaluationRequestError) -> Double
    {
        switch json {
        case .number(let value) where value.isFinite && range.contains(value):
            return value
        case .number, .unrepresentable:
            throw EvaluationRequestError(field: field, reason: "应在 \(NumberText.plain(range.lowerBound)) 至 \(NumberText.plain(range.upperBound)) 之间")
        default:
            throw EvaluationRequestError(field: field, reason: "应为数字，收到\(json.kindLabel)")
        }
    }

    static func integer(_ json: EvaluationJSON, field: String, in range: ClosedRange<Int>)
        throws(EvaluationRequestError) -> Int
    {
        let value = try number(json, field: field, in: Double(range.lowerBound)...Double(range.upperBound))
        guard value.rounded() == value else {
            throw EvaluationRequestError(field: field, reason: "应为整数")
        }
        return Int(value)
    }
}

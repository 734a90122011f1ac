import Foundation
import TextFormatting

/// Checks raw values against their catalog definitions and turns them into stored values. The same checks
/// serve web forms (text in), imports (typed spreadsheet cells in) and the API; every refusal is a Chinese
/// sentence naming the field.
public struct FieldValidator: Sendable {
    public let dictionaries: [DictionaryID: DataDictionary]
    public let regions: RegionTable
    /// The day dates marked `notAfterToday` are checked against; nil checks none.
    public let today: LocalDate?

    /// `extra` adds dictionaries the server knows at run time (e.g. the list of zones).
    public init(extra: [DataDictionary] = [], regions: RegionTable = .shipped, today: LocalDate? = nil) {
        self.today = today
        var all = Dictionaries.all
        for dictionary in FilingDictionaries.all { all[dictionary.id] = dictionary }
        for dictionary in extra { all[dictionary.id] = dictionary }
        self.dictionaries = all
        self.regions = regions
    }

    /// Validates one value; `.success(nil)` for an optional field left empty.
    public func validate(_ raw: RawValue, as field: FieldDefinition) -> Result<FieldValue?, FieldProblem> {
        func fail(_ message: String) -> Result<FieldValue?, FieldProblem> {
            .failure(FieldProblem(field: field.id, message: message))
        }
        let name = "「\(field.label)」"
        if raw.isBlank {
            if field.required {
                switch field.kind {
                case .choice, .region, .flag: return fail("请选择\(name)")
                case .file: return fail("请上传\(name)")
                default: return fail("请填写\(name)")
                }
            }
            return .success(nil)
        }
        switch field.kind {
        case .text(let maxLength), .longText(let maxLength):
            let text = Self.clean(raw.display)
            if text.count > maxLength { return fail("\(name)不能超过 \(maxLength) 个字（当前 \(text.count) 个）") }
            return .success(.text(text))
        case .integer, .year:
            guard let number = Self.number(raw) else { return fail("\(name)须为整数，“\(raw.display)”无法识别") }
            guard number == number.rounded(), abs(number) < 1e15 else { return fail("\(name)须为整数") }
            if case .year = field.kind, !(1900...2100).contains(number) { return fail("\(name)须为 1900–2100 之间的年份") }
            if let problem = bounds(number, field, name) { return fail(problem) }
            return .success(.integer(Int(number)))
        case .decimal(let scale):
            guard let typed = Self.number(raw) else { return fail("\(name)须为数字，“\(raw.display)”无法识别") }
            if let problem = bounds(typed, field, name) { return fail(problem) }
            let factor = pow(10, Double(scale))
            let rounded = (typed * factor).rounded() / factor
            return .success(.decimal(rounded * (field.unit?.toStored ?? 1)))
        case .date:
            guard let date = Self.date(raw) else { return fail("\(name)须为有效日期，格式 YYYY-MM-DD") }
            // The registry's own value is not questioned; what a person typed is.
            if field.notAfterToday, field.source != .imported, let today, date > today.description {
                return fail("\(name)不能晚于今天")
            }
            return .success(.date(date))
        case .choice(let dictionaryID):
            guard let dictionary = dictionaries[dictionaryID] else { return fail("\(name)的可选项未配置") }
            guard let entry = dictionary.entry(matching: raw.display) else {
                let options = dictionary.entries.prefix(12).map(\.label).joined(separator: "、")
                let more = dictionary.entries.count > 12 ? "等" : ""
                return fail("\(name)的值“\(raw.display)”不在可选项中（可选：\(options)\(more)）")
            }
            return .success(.choice(entry.code))
        case .flag:
            if case .bool(let flag) = raw { return .success(.flag(flag)) }
            switch raw.display.trimmingCharacters(in: .whitespaces).lowercased() {
            case "是", "y", "yes", "true", "1", "有": return .success(.flag(true))
            case "否", "n", "no", "false", "0", "无": return .success(.flag(false))
            default: return fail("\(name)请填“是”或“否”")
            }
        case .uscc:
            switch USCC.parse(raw.display) {
            case .success(let code): return .success(.text(code.value))
            case .failure(let error): return fail(error.message)
            }
        case .region:
            let code = raw.display.trimmingCharacters(in: .whitespaces)
            guard regions[code]?.level == .county else { return fail("\(name)“\(code)”不是有效的区县级行政区划") }
            return .success(.text(code))
        case .phone:
            let phone = raw.display.replacingOccurrences(of: " ", with: "")
            let mobile = phone.count == 11 && phone.hasPrefix("1") && phone.allSatisfy(\.isNumber)
            let landline = phone.range(of: #"^0\d{2,3}-?\d{7,8}$"#, options: .regularExpression) != nil
            guard mobile || landline else { return fail("\(name)应为 11 位手机号码或带区号的固定电话") }
            return .success(.text(phone))
        case .email:
            let email = raw.display.trimmingCharacters(in: .whitespaces)
            guard email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil, email.count <= 100
            else { return fail("\(name)格式不正确") }
            return .success(.text(email))
        case .industry:
            guard let code = IndustryCode.parse(raw.display) else {
                return fail("\(name)“\(raw.display)”应为门类字母加两位大类代码，如 C39，且大类属于该门类")
            }
            return .success(.text(code.description))
        case .file:
            return .success(.text(raw.display))
        }
    }

    /// Validates a whole form: each field, then the cross-field rules over the valid values.
    public func validate(form: FormDefinition, values: [FieldID: RawValue], only: Set<FieldID>? = nil)
        -> (values: [FieldID: FieldValue], problems: [FieldProblem])
    {
        var valid: [FieldID: FieldValue] = [:]
        var problems: [FieldProblem] = []
        for field in form.fields where only?.contains(field.id) ?? true {
            switch validate(values[field.id] ?? .empty, as: field) {
            case .success(let value?): valid[field.id] = value
            case .success(nil): break
            case .failure(let problem): problems.append(problem)
            }
        }
        // A rule over a field that already failed would only repeat (or mask) that field's own message.
        let failed = Set(problems.map(\.field))
        for rule in form.rules where rule.fields.allSatisfy({ !failed.contains($0) }) && !rule.check(valid) {
            problems.append(FieldProblem(field: rule.fields.first ?? "", message: rule.message))
        }
        return (valid, problems)
    }

    private func bounds(_ number: Double, _ field: FieldDefinition, _ name: String) -> String? {
        if let minimum = field.minimum, number < minimum { return "\(name)不能小于 \(FieldValue.format(minimum))" }
        if let maximum = field.maximum, number > maximum { return "\(name)不能大于 \(FieldValue.format(maximum))" }
        return nil
    }

    /// Removes control characters and trims.
    static func clean(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) || $0 == "\n" })
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A number from a cell or from text ("1,234.5", "１２３", " 12 ").
    static func number(_ raw: RawValue) -> Double? {
        switch raw {
        case .number(let value): return value.isFinite ? value : nil
        case .bool(let flag): return flag ? 1 : 0
        case .text(let text):
            // Most cells are plain ASCII digits: only text with other characters needs full-width folding.
            let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text.filter { !$0.isWhitespace } : USCC.normalise(text)
            let halfWidth = folded.replacingOccurrences(of: ",", with: "")
            guard !halfWidth.isEmpty, let value = Double(halfWidth), value.isFinite else { return nil }
            return value
        case .empty, .date: return nil
        }
    }

    /// A date from a cell, an Excel serial number, or text such as 2024-03-01, 2024/3/1, 2024年3月1日.
    public static func date(_ raw: RawValue) -> String? {
        var year = 0, month = 0, day = 0
        switch raw {
        case .date(let y, let m, let d):
            (year, month, day) = (y, m, d)
        case .number(let serial):
            guard serial >= 1, serial < 2_958_466 else { return nil }
            (year, month, day) = LocalDate(daysSince1970: CivilCalendar.dayNumber(excel1900Serial: Int(serial))).components
        case .text(let text):
            let parts = USCC.normalise(text).split(whereSeparator: { "-/.年月日".contains($0) }).compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            (year, month, day) = (parts[0], parts[1], parts[2])
        case .empty, .bool:
            return nil
        }
        guard (1900...2100).contains(year), let date = try? LocalDate(year: year, month: month, day: day) else {
            return nil
        }
        return date.description
    }
}

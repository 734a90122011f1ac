import Foundation
import SeedbedDomain

/// A valid value for every field of a form, derived from the catalog, as an enterprise would type it. Flags are
/// "否" so conditional requirements stay off; counts are equal so "≤" rules hold.
enum SampleValues {
    static func of(_ form: FormDefinition, overrides: [String: String] = [:]) -> [String: String] {
        var values: [String: String] = [:]
        let dictionaries = FieldValidator().dictionaries
        for field in form.fields {
            values[field.id.rawValue] = sample(field, dictionaries: dictionaries)
        }
        // Consistent with the forms' cross-field rules: a few graduates among the staff, no R&D institution
        // (so the internal-institution flag may be 否), not listed and so no board.
        for key in ["doctors", "masters", "bachelors"] where values[key] != nil { values[key] = "1" }
        for key in ["rd_institutions_national", "rd_institutions_provincial", "rd_institutions_municipal",
                    "rd_institutions_county"] where values[key] != nil { values[key] = "0" }
        if values["listing_status"] != nil { values["listing_status"] = "0" }
        if values["listing_board"] != nil { values["listing_board"] = "" }
        for (key, value) in overrides { values[key] = value }
        return values
    }

    static func sample(_ field: FieldDefinition, dictionaries: [DictionaryID: DataDictionary]) -> String {
        func number(_ preferred: Double) -> Double {
            var value = preferred
            if let minimum = field.minimum { value = max(value, minimum) }
            if let maximum = field.maximum { value = min(value, maximum) }
            return value
        }
        switch field.kind {
        case .text(let length), .longText(let length):
            // Optional text (certificate numbers, notes) stays empty: several have formats tied to a flag.
            return field.required ? String("测试内容".prefix(max(1, length))) : ""
        case .integer: return String(Int(number(10)))
        case .decimal: return FieldValue.format(number(1000))
        case .year: return "2020"
        case .date: return "2020-01-01"
        case .choice(let id): return dictionaries[id]?.entries.first?.code ?? ""
        case .flag: return "否"
        case .uscc: return "91350100M000100Y43"
        case .region: return "210212"
        case .phone: return "13800138000"
        case .email: return "test@example.cn"
        case .industry: return "C39"
        case .file: return "licence.pdf"
        }
    }
}

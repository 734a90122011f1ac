import SeedbedDomain

/// What the filing-form tests share: a validator that knows the filing dictionaries and one zone, and a
/// whole-form check returning the problems by field.
enum FormsFixture {
    static let zones = DataDictionary(id: .zone, label: "高新区", entries: [.init(code: "7", label: "大连高新技术产业园区")])
    static let validator = FieldValidator(extra: FilingDictionaries.all + [zones])

    /// A USCC with a correct check character.
    static let uscc = "91350100M000100Y43"

    struct Checked {
        let values: [FieldID: FieldValue]
        let problems: [FieldID: [String]]

        /// Problems of one field, in the order the validator found them.
        subscript(field: FieldDefinition) -> [String] { problems[field.id] ?? [] }
    }

    static func check(_ form: FormDefinition, _ raw: [FieldID: RawValue]) -> Checked {
        let result = validator.validate(form: form, values: raw)
        var problems: [FieldID: [String]] = [:]
        for problem in result.problems { problems[problem.field, default: []].append(problem.message) }
        return Checked(values: result.values, problems: problems)
    }

    /// Text values as a web form posts them.
    static func typed(_ values: [FieldID: String]) -> [FieldID: RawValue] { values.mapValues { .text($0) } }

    /// The message the validator gives a required field left blank, by kind.
    static func missingMessage(_ field: FieldDefinition) -> String {
        switch field.kind {
        case .choice, .region, .flag: "请选择「\(field.label)」"
        case .file: "请上传「\(field.label)」"
        default: "请填写「\(field.label)」"
        }
    }

    /// The value of a derived field of `form` over validated values.
    static func derived(_ form: FormDefinition, _ id: FieldID, _ values: [FieldID: FieldValue]) -> Double? {
        form.derived.first { $0.id == id }?.compute(values)
    }
}

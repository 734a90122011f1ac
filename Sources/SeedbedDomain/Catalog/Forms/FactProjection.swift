/// Turns the validated values of an approved filing into facts (DESIGN.md §4): for every field that carries a
/// `fact:`, its stored number. Money is already in 万元 (the validator converts 千元), counts stay counts, flags
/// become 0/1 and choices their numeric code (挂牌上市情况 0/1/2). A field left empty yields no fact, never 0.
/// Derived facts (ratios, growth, Ⅰ类/Ⅱ类 totals, highest institution level) are not projected: they are
/// computed from these where they are needed.
public enum FactProjection {
    /// The facts of an approved annual report (`AnnualReportForm`).
    public static func annualReport(_ values: [FieldID: FieldValue]) -> [FactID: Double] {
        project(values, form: AnnualReportForm.form)
    }

    /// The facts of an approved 积分数据 filing (`PointsDataForm`).
    public static func pointsData(_ values: [FieldID: FieldValue]) -> [FactID: Double] {
        project(values, form: PointsDataForm.form)
    }

    /// The facts carried by `form`'s fields. Values of fields outside the form are ignored, so a document
    /// holding more than the form (an older version, extra keys) projects only what the form declares.
    public static func project(_ values: [FieldID: FieldValue], form: FormDefinition) -> [FactID: Double] {
        var facts: [FactID: Double] = [:]
        for field in form.fields {
            guard let fact = field.fact, let value = values[field.id], let number = number(value) else { continue }
            facts[fact] = number
        }
        return facts
    }

    /// The number a stored value stands for; nil for text, dates and non-numeric choice codes.
    static func number(_ value: FieldValue) -> Double? {
        let number: Double?
        switch value {
        case .integer, .decimal, .flag: number = value.number
        case .choice(let code): number = Double(code)
        case .text, .date: number = nil
        }
        guard let number, number.isFinite else { return nil }
        return number
    }
}

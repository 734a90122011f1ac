import Foundation

/// Why a rule evaluation refused its input: an override, a typed input or a rule definition.
/// Every case has a Chinese message for people and a stable `code` for the API.
public enum RuleError: CodedError, LocalizedError, Equatable {
    /// No parameter with this id in the library.
    case unknownParameter(String)
    /// The parameter is fixed by the rule text and cannot be set per query.
    case parameterNotAdjustable(label: String)
    /// The text is not a number.
    case parameterNotANumber(label: String, text: String)
    /// Outside the parameter's bounds (given in its display unit).
    case parameterOutOfRange(label: String, minimum: Double, maximum: Double, unit: String)
    /// A count or number of years with a fraction.
    case parameterNotInteger(label: String)
    /// A choice parameter given a code it does not offer.
    case parameterNotAChoice(label: String, choices: [String])
    /// No version of the rule is in force on the date.
    case noVersionInForce(rule: String, date: String)
    /// No library with this id.
    case unknownLibrary(String)
    /// A typed input of an evaluator is outside what the rule allows.
    case invalidInput(field: String, reason: String)
    /// A rule or library definition (for example one loaded from JSON) is inconsistent.
    case invalidDefinition(String)

    /// Stable machine code.
    public var code: String {
        switch self {
        case .unknownParameter: "rules.unknown_parameter"
        case .parameterNotAdjustable: "rules.parameter_not_adjustable"
        case .parameterNotANumber: "rules.parameter_not_a_number"
        case .parameterOutOfRange: "rules.parameter_out_of_range"
        case .parameterNotInteger: "rules.parameter_not_integer"
        case .parameterNotAChoice: "rules.parameter_not_a_choice"
        case .noVersionInForce: "rules.no_version_in_force"
        case .unknownLibrary: "rules.unknown_library"
        case .invalidInput: "rules.invalid_input"
        case .invalidDefinition: "rules.invalid_definition"
        }
    }

    /// What the person asked for that cannot be: a parameter, a date, an input. Only a library that does not exist
    /// is another class.
    public var failure: FailureKind {
        switch self {
        case .unknownLibrary: .notFound
        default: .invalid
        }
    }

    public var errorDescription: String? { message }

    /// Chinese message for the person who asked.
    public var message: String {
        switch self {
        case .unknownParameter(let id):
            "没有名为“\(id)”的条件参数"
        case .parameterNotAdjustable(let label):
            "“\(label)”由政策规定，不能调整"
        case .parameterNotANumber(let label, let text):
            "“\(label)”应填写数字，收到的是“\(text)”"
        case .parameterOutOfRange(let label, let minimum, let maximum, let unit):
            "“\(label)”应在 \(NumberText.plain(minimum)) 至 \(NumberText.plain(maximum))\(unit) 之间"
        case .parameterNotInteger(let label):
            "“\(label)”应填写整数"
        case .parameterNotAChoice(let label, let choices):
            "“\(label)”应为以下之一：" + choices.joined(separator: "、")
        case .noVersionInForce(let rule, let date):
            "\(date) 没有生效的“\(rule)”规则版本"
        case .unknownLibrary(let id):
            "没有名为“\(id)”的培育库"
        case .invalidInput(let field, let reason):
            "“\(field)”\(reason)"
        case .invalidDefinition(let reason):
            "规则定义有误：\(reason)"
        }
    }
}

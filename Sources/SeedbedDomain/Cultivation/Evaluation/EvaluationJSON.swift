import Foundation

/// A JSON value as the evaluation API receives it. A number JSON allows but a `Double` cannot hold (1e309) is
/// kept as `.unrepresentable`, so the request is refused naming its field instead of as a whole.
enum EvaluationJSON: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([EvaluationJSON])
    case object([String: EvaluationJSON])
    case unrepresentable

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([EvaluationJSON].self) { self = .array(value) }
        else if let value = try? container.decode([String: EvaluationJSON].self) { self = .object(value) }
        else { self = .unrepresentable }
    }

    /// The JSON type's Chinese name, for messages.
    var kindLabel: String {
        switch self {
        case .null: "null"
        case .bool: "布尔值"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        case .unrepresentable: "超出范围的数字"
        }
    }
}

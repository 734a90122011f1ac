import Foundation

/// Why a scheme could not be read, derived or used.
public enum SchemeError: CodedError, LocalizedError, Hashable {
    /// The JSON is not a scheme (detail in Chinese).
    case unreadable(String)
    /// The scheme has the listed problems.
    case invalid([SchemeProblem])
    /// A local extension names another base than the one given.
    case baseMismatch(expected: SchemeReference, actual: SchemeReference)

    /// Stable machine code for the API.
    public var code: String {
        switch self {
        case .unreadable: "scheme_unreadable"
        case .invalid: "scheme_invalid"
        case .baseMismatch: "scheme_base_mismatch"
        }
    }

    /// A scheme is what an administrator wrote: every problem with it is refused input.
    public var failure: FailureKind { .invalid }

    public var errorDescription: String? { message }

    /// Chinese message for the person who edits or runs the scheme.
    public var message: String {
        switch self {
        case .unreadable(let detail):
            "积分方案无法读取：\(detail)"
        case .invalid(let problems):
            "积分方案有 \(problems.count) 处问题：" + problems.map(\.message).joined(separator: "；")
        case .baseMismatch(let expected, let actual):
            "本地方案基于「\(expected)」，但提供的基础方案是「\(actual)」"
        }
    }

    /// A Chinese account of a decoding failure, naming the field path.
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "格式错误" }
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "根" : text
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "缺少字段「\(path(context.codingPath + [key]))」"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "字段「\(path(context.codingPath))」类型不正确"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "不是有效的 JSON"
                : "字段「\(path(context.codingPath))」的值无效：\(context.debugDescription)"
        @unknown default:
            return "格式错误"
        }
    }
}

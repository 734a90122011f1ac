import Foundation

/// 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
///
/// Eighteen characters from a 31-character set: registration authority (1), organisation category (2),
/// GB/T 2260 region of the registering authority (3–8), organisation code (9–17) and a check character (18).
/// Construct one with `USCC.parse(_:)`, which normalises what people type (spaces, full-width characters,
/// lower case) and says what is wrong when the code is invalid.
public struct USCC: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The normalised 18-character code.
    public let value: String

    public var description: String { value }

    /// The 31 characters a code may hold; a character's value is its index.
    public static let charset: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// Weights of positions 1–17 (3^i mod 31).
    public static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    private static let valueOf: [Character: Int] = {
        var map: [Character: Int] = [:]
        for (index, character) in charset.enumerated() { map[character] = index }
        return map
    }()

    private init(normalised: String) { self.value = normalised }

    /// Registration-authority category (position 1), e.g. `9` 工商.
    public var authority: Character { value.first ?? "0" }
    /// The GB/T 2260 code of the registering authority (positions 3–8).
    public var regionCode: String { String(value.dropFirst(2).prefix(6)) }
    /// The organisation code (positions 9–17).
    public var organisationCode: String { String(value.dropFirst(8).prefix(9)) }

    /// Trims, converts full-width characters to half-width and upper-cases, as users paste codes from
    /// documents typed with Chinese input methods.
    public static func normalise(_ input: String) -> String {
        var result = ""
        result.reserveCapacity(18)
        for scalar in input.unicodeScalars {
            var v = scalar.value
            if v == 0x3000 { continue }  // full-width space
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // full-width ASCII
            guard let half = Unicode.Scalar(v) else { continue }
            if half.properties.isWhitespace { continue }
            result.unicodeScalars.append(half)
        }
        return result.uppercased()
    }

    /// Parses and validates a code, returning the first problem found.
    public static func parse(_ input: String) -> Result<USCC, USCCError> {
        let code = normalise(input)
        let characters = Array(code)
        if characters.isEmpty { return .failure(.empty) }
        if characters.count != 18 { return .failure(.wrongLength(characters.count)) }
        var sum = 0
        for position in 0..<18 {
            let character = characters[position]
            guard let v = valueOf[character] else {
                return .failure(.illegalCharacter(position: position + 1, character: character))
            }
            if position < 17 { sum += v * weights[position] }
        }
        let expected = charset[(31 - sum % 31) % 31]
        if characters[17] != expected {
            return .failure(.checkMismatch(expected: expected, found: characters[17]))
        }
        return .success(USCC(normalised: code))
    }

    /// The check character for the first 17 characters, or `nil` when one of them is not in the charset.
    public static func checkCharacter(for first17: String) -> Character? {
        let characters = Array(first17)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (position, character) in characters.enumerated() {
            guard let v = valueOf[character] else { return nil }
            sum += v * weights[position]
        }
        return charset[(31 - sum % 31) % 31]
    }

    /// Builds a valid code from its first 17 characters (used by demo data and tests).
    public static func completing(_ first17: String) -> USCC? {
        guard let check = checkCharacter(for: first17) else { return nil }
        if case .success(let code) = parse(first17 + String(check)) { return code }
        return nil
    }
}

/// Why a 统一社会信用代码 is invalid, with a Chinese message naming the position where it can be told.
public enum USCCError: CodedError, Equatable {
    case empty
    case wrongLength(Int)
    case illegalCharacter(position: Int, character: Character)
    case checkMismatch(expected: Character, found: Character)

    /// Stable code for the API.
    public var code: String {
        switch self {
        case .empty: "uscc.empty"
        case .wrongLength: "uscc.length"
        case .illegalCharacter: "uscc.character"
        case .checkMismatch: "uscc.check"
        }
    }

    /// Chinese message shown beside the field.
    public var message: String {
        switch self {
        case .empty:
            "请填写统一社会信用代码"
        case .wrongLength(let n):
            "统一社会信用代码应为 18 位，当前为 \(n) 位"
        case .illegalCharacter(let position, let character):
            "统一社会信用代码第 \(position) 位“\(character)”不是合法字符（不含 I、O、S、V、Z）"
        case .checkMismatch(let expected, let found):
            "统一社会信用代码校验位（第 18 位）应为“\(expected)”，当前为“\(found)”，请核对前 17 位"
        }
    }
}

extension USCCError: LocalizedError {
    public var errorDescription: String? { message }
    public var failure: FailureKind { .invalid }
}

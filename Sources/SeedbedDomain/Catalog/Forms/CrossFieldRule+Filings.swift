import Foundation

/// Rule shapes the filing forms need beyond `notGreater`. Each holds (returns true) while the values it compares
/// are absent, so a missing value is reported once, by the field's own required check; only the `required`
/// shapes are about absence itself.
extension CrossFieldRule {
    /// A flag that must be 是 (a consent box): 否 breaks it.
    static func mustBeTicked(_ id: FieldID, message: String) -> CrossFieldRule {
        CrossFieldRule(fields: [id], message: message) { values in
            guard let value = values[id] else { return true }
            return value == .flag(true)
        }
    }

    /// `target` must be filled when `condition` holds; the problem is reported on `target`.
    static func required(_ target: FieldID, when trigger: [FieldID], message: String,
                         _ condition: @escaping @Sendable ([FieldID: FieldValue]) -> Bool) -> CrossFieldRule
    {
        CrossFieldRule(fields: [target] + trigger, message: message) { values in
            values[target] != nil || !condition(values)
        }
    }

    /// `target` must be filled when the flag `trigger` is 是.
    static func required(_ target: FieldID, whenTicked trigger: FieldID, message: String) -> CrossFieldRule {
        required(target, when: [trigger], message: message) { $0[trigger] == .flag(true) }
    }

    /// The stored text of `id` passes `test` (a format `FieldKind` cannot express).
    static func conforms(_ id: FieldID, message: String, _ test: @escaping @Sendable (String) -> Bool)
        -> CrossFieldRule
    {
        CrossFieldRule(fields: [id], message: message) { values in
            guard let text = values[id]?.text else { return true }
            return test(text)
        }
    }

    /// Σ `parts` ≤ `whole` when the whole and at least one part are present (an absent part counts 0);
    /// reported on the first part.
    static func sumNotGreater(_ parts: [FieldID], than whole: FieldID, message: String) -> CrossFieldRule {
        CrossFieldRule(fields: parts + [whole], message: message) { values in
            let present = parts.compactMap { values[$0]?.number }
            guard let total = values[whole]?.number, !present.isEmpty else { return true }
            return present.reduce(0, +) <= total + 1e-9
        }
    }

    /// `a` and `b` differ (a change whose before and after are the same records nothing).
    static func differ(_ a: FieldID, _ b: FieldID, message: String) -> CrossFieldRule {
        CrossFieldRule(fields: [b, a], message: message) { values in
            guard let x = values[a]?.text, let y = values[b]?.text else { return true }
            return x.replacingOccurrences(of: " ", with: "") != y.replacingOccurrences(of: " ", with: "")
        }
    }
}

/// Formats that `FieldKind` cannot express, checked by hand rather than by regular expression: a rule runs on
/// every row of an import, and Foundation compiles a pattern anew on each `range(of:options:)`.
enum FilingFormats {
    /// 11 digits starting with 1.
    static func isMobile(_ text: String) -> Bool {
        text.utf8.count == 11 && text.hasPrefix("1") && text.utf8.allSatisfy(isDigit)
    }

    /// 4–30 ASCII letters, digits, `_`, `-` or `.`, starting with a letter or digit.
    static func isAccount(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (4...30).contains(bytes.count), let first = bytes.first, isDigit(first) || isLetter(first) else {
            return false
        }
        return bytes.allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            || $0 == UInt8(ascii: ".") }
    }

    /// 高新技术企业证书编号: GR, 4-digit year, 2-digit province code, 6-digit serial. GF prefixes are found on
    /// certificates issued before 2016.
    static func isHightechCertificate(_ text: String) -> Bool {
        text.utf8.count == 14 && (text.hasPrefix("GR") || text.hasPrefix("GF"))
            && text.utf8.dropFirst(2).allSatisfy(isDigit)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}

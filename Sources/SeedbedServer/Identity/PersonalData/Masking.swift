/// The one masking of personal data (手机号、身份证号、邮箱) for lists, exports, API answers, logs and the SMS
/// outbox. Full values appear only on a detail page after an audited 查看完整号码.
enum Masking {
    /// `13812340000` → `138****0000`.
    static func phone(_ phone: String) -> String {
        // Phone numbers are ASCII: cut the bytes (lists and exports mask every row) rather than the characters.
        let bytes = phone.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard bytes.count >= 7 else { return String(repeating: "*", count: bytes.count) }
            return String(decoding: bytes.prefix(3), as: UTF8.self) + "****"
                + String(decoding: bytes.suffix(4), as: UTF8.self)
        }
        let characters = Array(phone)
        guard characters.count >= 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
    }

    /// `110101199001011234` → `1101**********1234`.
    static func idNumber(_ id: String) -> String {
        let characters = Array(id)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8)
            + String(characters.suffix(4))
    }

    /// `zhangsan@example.cn` → `z***@example.cn`.
    static func email(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at != email.startIndex else { return phone(email) }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }

    /// A one-time code inside a text message, as the outbox keeps it.
    static func code(_ code: String) -> String {
        String(repeating: "*", count: code.count)
    }
}

/// A kind of personal value: decides its mask.
enum PersonalDataKind: String, Sendable {
    case phone, idNumber, email

    func mask(_ value: String) -> String {
        switch self {
        case .phone: Masking.phone(value)
        case .idNumber: Masking.idNumber(value)
        case .email: Masking.email(value)
        }
    }
}

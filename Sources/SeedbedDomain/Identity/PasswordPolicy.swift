import Foundation

/// The password rules the server enforces: length, character classes, expiry. Reuse of recent passwords is
/// checked by the server against stored hashes (`historyDepth`), because only it can verify bcrypt hashes.
public struct PasswordPolicy: Sendable, Equatable {
    public var minimumLength: Int
    /// How many of the four classes (upper case, lower case, digit, symbol) a password must mix.
    public var requiredClasses: Int
    /// How many previous passwords may not be reused.
    public var historyDepth: Int
    /// Days after which a password must be changed.
    public var maximumAgeDays: Int

    public init(minimumLength: Int = 8, requiredClasses: Int = 3, historyDepth: Int = 5, maximumAgeDays: Int = 90) {
        self.minimumLength = minimumLength
        self.requiredClasses = requiredClasses
        self.historyDepth = historyDepth
        self.maximumAgeDays = maximumAgeDays
    }

    /// Problems with a proposed password, as Chinese sentences; empty when it is acceptable.
    public func problems(with password: String, account: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength {
            problems.append("密码长度至少 \(minimumLength) 位")
        }
        if password.count > 128 {
            problems.append("密码长度不能超过 128 位")
        }
        var classes = 0
        if password.contains(where: { $0.isASCII && $0.isUppercase }) { classes += 1 }
        if password.contains(where: { $0.isASCII && $0.isLowercase }) { classes += 1 }
        if password.contains(where: { $0.isASCII && $0.isNumber }) { classes += 1 }
        if password.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) { classes += 1 }
        if classes < requiredClasses {
            problems.append("密码须包含大写字母、小写字母、数字、特殊符号中的至少 \(requiredClasses) 类")
        }
        if !account.isEmpty, password.lowercased().contains(account.lowercased()) {
            problems.append("密码不能包含账号")
        }
        if password.contains(where: { $0.isWhitespace }) {
            problems.append("密码不能包含空格")
        }
        return problems
    }

    /// Whether a password set at `changedAt` has expired at `now`.
    public func isExpired(changedAt: Date, now: Date) -> Bool {
        guard maximumAgeDays > 0 else { return false }
        return now.timeIntervalSince(changedAt) > Double(maximumAgeDays) * 86_400
    }
}

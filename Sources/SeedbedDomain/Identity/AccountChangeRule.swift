/// The rules of 账号变更 (binding a new phone to an enterprise account): what a new phone must be, how long an
/// e-mailed code lives and how many guesses it allows.
public enum AccountChangeRule {
    /// Minutes an e-mailed code stays good.
    public static let codeLifetimeMinutes = 10
    /// Wrong guesses an e-mailed code allows before a new one must be requested.
    public static let maxTries = 5
    /// Longest reason an administrator may give for 驳回.
    public static let maxReasonLength = 200

    public enum PhoneProblem: Sendable, Equatable {
        case missing, notMobile, unchanged

        public var message: String {
            switch self {
            case .missing: "请填写新手机号码"
            case .notMobile: "新手机号码须为 11 位手机号码"
            case .unchanged: "新手机号码与当前绑定的号码相同"
            }
        }
    }

    /// The new phone as typed with spaces and dashes dropped, or what is wrong with it. `isCurrent` says whether
    /// a number is the one bound now.
    public static func newPhone(_ typed: String, isCurrent: (String) -> Bool) -> Result<String, PhoneProblemError> {
        let phone = String(typed.unicodeScalars.filter { $0 != " " && $0 != "-" })
        guard !phone.isEmpty else { return .failure(PhoneProblemError(problem: .missing)) }
        guard phone.utf8.count == 11, phone.hasPrefix("1"), phone.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return .failure(PhoneProblemError(problem: .notMobile))
        }
        guard !isCurrent(phone) else { return .failure(PhoneProblemError(problem: .unchanged)) }
        return .success(phone)
    }

    /// Guesses left after `tries` have been counted.
    public static func triesLeft(after tries: Int) -> Int {
        max(0, maxTries - max(0, tries))
    }
}

public struct PhoneProblemError: Error, Sendable, Equatable {
    public let problem: AccountChangeRule.PhoneProblem
}

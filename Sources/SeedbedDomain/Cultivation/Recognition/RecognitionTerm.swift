/// Whether a recognition of a gradient-cultivation level (创新型中小企业, 专精特新中小企业, 专精特新"小巨人") still
/// stands: valid until its end date, or cancelled (复核不通过, lapsed without 复核, or by an administrator).
public enum RecognitionStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case valid
    case cancelled

    public var label: String {
        switch self {
        case .valid: "有效"
        case .cancelled: "已取消"
        }
    }
}

/// How a recognition stands on a given day, as the lists show it.
public enum RecognitionStanding: String, Sendable, Codable, CaseIterable, Hashable {
    /// Valid and not yet within the reminder lead time.
    case valid
    /// Valid, and its end date lies within the lead time (认定到期 reminders go out, 复核 may be applied for).
    case expiring
    /// Its end date has passed but it is not cancelled yet (a 复核 is pending, or the sweep has not run).
    case lapsed
    case cancelled

    public var label: String {
        switch self {
        case .valid: "有效"
        case .expiring: "即将到期"
        case .lapsed: "已到期"
        case .cancelled: "已取消"
        }
    }
}

/// The validity of a recognition, both ends inclusive, and the date arithmetic of M8 (RULES.md §7, §8: valid 3
/// years; at expiry the enterprise applies for 复核 and passing extends 3 years from the old end date).
public struct RecognitionTerm: Sendable, Hashable {
    /// Years a recognition and each 复核 run.
    public static let standardYears = 3
    /// Months before the end date from which 认定到期 reminders go out and 复核 opens (configurable).
    public static let defaultLeadMonths = 3

    public let issuedOn: LocalDate
    public let validUntil: LocalDate

    public init(issuedOn: LocalDate, validUntil: LocalDate) {
        self.issuedOn = issuedOn
        self.validUntil = validUntil
    }

    /// The term of two stored `yyyy-MM-dd` dates, or nil when either does not read.
    public init?(iso issuedOn: String, validUntil: String) {
        guard let from = try? LocalDate(iso: issuedOn), let until = try? LocalDate(iso: validUntil) else { return nil }
        self.init(issuedOn: from, validUntil: until)
    }

    /// A recognition granted on `day`: valid from that day to the day before its `years`-th anniversary
    /// (granted 2026-06-15 → valid to 2029-06-14).
    public static func granted(on day: LocalDate, years: Int = standardYears) -> RecognitionTerm {
        RecognitionTerm(issuedOn: day, validUntil: day.addingYears(years).adding(days: -1))
    }

    /// The term after a passed 复核: `years` more from the old end date (valid to 2029-06-14 → 2032-06-14), whatever
    /// the day of the decision.
    public func extended(years: Int = standardYears) -> RecognitionTerm {
        RecognitionTerm(issuedOn: issuedOn, validUntil: validUntil.adding(days: 1).addingYears(years).adding(days: -1))
    }

    public func isValid(on day: LocalDate) -> Bool { issuedOn <= day && day <= validUntil }

    /// Past its end date.
    public func hasLapsed(on day: LocalDate) -> Bool { day > validUntil }

    /// The last day (exclusive) an end date may fall on to be within the lead time seen from `day`: `leadMonths`
    /// months later (2026-10-01, 3 months → 2027-01-01, so a term ending 2026-12-31 is due from 2026-10-01). A
    /// negative lead counts as none. Lists filter 即将到期 with the same horizon.
    public static func horizon(from day: LocalDate, leadMonths: Int) -> LocalDate {
        day.addingMonths(max(0, leadMonths))
    }

    /// Within the lead time and not yet lapsed: the day 认定到期 goes out and 复核 opens.
    public func isDueForReminder(on day: LocalDate, leadMonths: Int) -> Bool {
        day <= validUntil && validUntil < Self.horizon(from: day, leadMonths: leadMonths)
    }

    /// Days left on `day` (0 on the last valid day, negative once lapsed).
    public func daysLeft(on day: LocalDate) -> Int { validUntil.daysSince1970 - day.daysSince1970 }

    /// How it stands on `day` with its stored status.
    public func standing(on day: LocalDate, status: RecognitionStatus, leadMonths: Int) -> RecognitionStanding {
        if status == .cancelled { return .cancelled }
        if hasLapsed(on: day) { return .lapsed }
        return isDueForReminder(on: day, leadMonths: leadMonths) ? .expiring : .valid
    }
}

/// What the daily expiry run does with the recognitions it looks at (pure: the server loads and performs).
public enum RecognitionSweep {
    /// One recognition as the sweep sees it.
    public struct Item: Sendable, Hashable {
        public let id: Int
        public let term: RecognitionTerm
        public let status: RecognitionStatus
        /// The end date a 认定到期 reminder was last sent for (`nil`: never), so each term is reminded once.
        public let remindedFor: LocalDate?
        /// A 复核 for this term is submitted, under review or returned for revision.
        public let renewalPending: Bool

        public init(id: Int, term: RecognitionTerm, status: RecognitionStatus, remindedFor: LocalDate?,
                    renewalPending: Bool) {
            self.id = id
            self.term = term
            self.status = status
            self.remindedFor = remindedFor
            self.renewalPending = renewalPending
        }
    }

    public struct Plan: Sendable, Hashable {
        /// Send 认定到期 to these.
        public var remind: [Int] = []
        /// Cancel these (lapsed, no 复核 pending) with a 取消认定 message.
        public var cancel: [Int] = []
    }

    public static func plan(_ items: [Item], on day: LocalDate, leadMonths: Int) -> Plan {
        var plan = Plan()
        for item in items where item.status == .valid {
            if item.term.hasLapsed(on: day) {
                if !item.renewalPending { plan.cancel.append(item.id) }
            } else if item.term.isDueForReminder(on: day, leadMonths: leadMonths),
                      item.remindedFor != item.term.validUntil
            {
                plan.remind.append(item.id)
            }
        }
        return plan
    }
}

extension LocalDate {
    /// `days` later (or earlier).
    public func adding(days: Int) -> LocalDate { LocalDate(daysSince1970: daysSince1970 + days) }

    /// The same day `months` later (or earlier), clamped to the month's last day (31 March − 1 month → 28/29
    /// February); years stay within 1…9999.
    public func addingMonths(_ months: Int) -> LocalDate {
        let (year, month, day) = components
        let index = year * 12 + (month - 1) + months
        let targetYear = min(max(index / 12, 1), 9999)
        let targetMonth = index >= 12 ? index % 12 + 1 : 1
        let clamped = min(day, LocalDate.days(inMonth: targetMonth, year: targetYear))
        return (try? LocalDate(year: targetYear, month: targetMonth, day: clamped)) ?? self
    }
}

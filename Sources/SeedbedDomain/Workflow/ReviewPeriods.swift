import Foundation

/// How long each kind of review may take (审核时限), in working days. Seed 000 promises basic information a
/// review within 1–2 working days; the other kinds get what their reviews take in practice. A filing is overdue
/// (已超期) once the working days after the day it reached the reviewer's queue are used up.
///
/// Working days are Monday to Friday. Public holidays and the weekends worked in their place (调休) are not
/// known to the platform, so a review around 春节 or 国庆 may show as overdue a few days early.
public struct ReviewPeriods: Sendable, Hashable {
    /// What a period may be set to: at least a day, at most three months of working days.
    public static let allowedDays: ClosedRange<Int> = 1...60

    /// The kinds that have a review queue, in the order the workbench lists them.
    public static let kinds: [FilingKind] = [
        .registration, .basicInfo, .annualReport, .majorChange, .renewal, .pointsData, .expressReport,
        .innovativeSMEApplication, .specializedSMEApplication,
    ]

    /// The default periods.
    public static let standard = ReviewPeriods(days: [
        .registration: 2, .basicInfo: 2, .annualReport: 5, .majorChange: 5, .renewal: 10, .pointsData: 5,
        .expressReport: 5, .innovativeSMEApplication: 10, .specializedSMEApplication: 10,
    ])

    private var days: [FilingKind: Int]

    private init(days: [FilingKind: Int]) {
        self.days = days
    }

    /// The working days a review of `kind` may take.
    public func workingDays(for kind: FilingKind) -> Int {
        days[kind] ?? Self.standard.days[kind] ?? 5
    }

    /// The periods with one kind changed; a number outside `allowedDays` is refused.
    public func setting(_ kind: FilingKind, to workingDays: Int) throws(ReviewPeriodError) -> ReviewPeriods {
        guard Self.kinds.contains(kind) else { throw .unknownKind(kind.rawValue) }
        guard Self.allowedDays.contains(workingDays) else { throw .outOfRange(kind, workingDays) }
        var copy = self
        copy.days[kind] = workingDays
        return copy
    }

    /// The stored form: `basic_info=2,registration=2,…` in the order of `kinds`.
    public var setting: String {
        Self.kinds.map { "\($0.rawValue)=\(workingDays(for: $0))" }.joined(separator: ",")
    }

    /// Reads the stored form. Kinds it leaves out keep their default; an unknown kind, a repeated kind or a
    /// number outside `allowedDays` makes the whole setting invalid.
    public init(setting: String) throws(ReviewPeriodError) {
        var periods = ReviewPeriods.standard
        var seen: Set<FilingKind> = []
        for part in setting.split(separator: ",", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw .malformed(String(part)) }
            let name = pieces[0].trimmingCharacters(in: .whitespaces)
            guard let kind = FilingKind(rawValue: name) else { throw .unknownKind(name) }
            guard seen.insert(kind).inserted else { throw .repeated(kind) }
            guard let value = Int(pieces[1].trimmingCharacters(in: .whitespaces)) else { throw .malformed(String(part)) }
            periods = try periods.setting(kind, to: value)
        }
        self = periods
    }

    /// The last day a review of something that reached the queue on `arrival` is in time: `workingDays`
    /// working days after the day it arrived.
    public static func dueDate(arrival: LocalDate, workingDays: Int) -> LocalDate {
        var day = arrival
        var left = min(max(workingDays, 0), allowedDays.upperBound)
        while left > 0 {
            day = LocalDate(daysSince1970: day.daysSince1970 + 1)
            if day.isWorkingDay { left -= 1 }
        }
        return day
    }

    /// The first arrival day whose review is still in time `today`: whatever arrived on an earlier day is
    /// overdue. Lets a database count overdue rows with one comparison against the start of that day.
    public static func earliestInTime(today: LocalDate, workingDays: Int) -> LocalDate {
        var day = today
        // Bounded: each step back passes at most one working day, and a period is at most 60 of them.
        for _ in 0..<(allowedDays.upperBound * 2 + 7) {
            let before = LocalDate(daysSince1970: day.daysSince1970 - 1)
            guard dueDate(arrival: before, workingDays: workingDays) >= today else { break }
            day = before
        }
        return day
    }
}

/// Why a review period setting was refused.
public enum ReviewPeriodError: Error, Sendable, Equatable, CodedError {
    case malformed(String)
    case unknownKind(String)
    case repeated(FilingKind)
    case outOfRange(FilingKind, Int)

    public var code: String { "review_period" }
    public var failure: FailureKind { .invalid }

    public var message: String {
        switch self {
        case .malformed(let part): "审核时限设置格式不正确：\(part)"
        case .unknownKind(let name): "未知的审核类型：\(name)"
        case .repeated(let kind): "\(kind.label)的审核时限重复设置"
        case .outOfRange(let kind, _):
            "\(kind.label)的审核时限应为 \(ReviewPeriods.allowedDays.lowerBound)–\(ReviewPeriods.allowedDays.upperBound) 个工作日"
        }
    }
}

extension LocalDate {
    /// Monday = 0 … Sunday = 6. 1970-01-01 was a Thursday.
    public var weekdayIndex: Int { ((daysSince1970 % 7) + 7 + 3) % 7 }

    /// Monday to Friday.
    public var isWorkingDay: Bool { weekdayIndex < 5 }
}

/// A month and day without a year (e.g. 1月1日), for windows that repeat every year. 29 February is allowed:
/// in a common year a window ending on it ends on 28 February.
public struct MonthDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    public init(month: Int, day: Int) throws(WorkflowError) {
        guard (1...12).contains(month), (1...LocalDate.days(inMonth: month, year: 2000)).contains(day)
        else { throw .invalidDate("\(month)-\(day)") }
        self.init(unchecked: month, day)
    }

    init(unchecked month: Int, _ day: Int) {
        self.month = month
        self.day = day
    }

    /// Chinese form, e.g. "4月30日".
    public var label: String { "\(month)月\(day)日" }

    public var description: String { label }

    public static func < (lhs: MonthDay, rhs: MonthDay) -> Bool {
        (lhs.month, lhs.day) < (rhs.month, rhs.day)
    }
}

import Foundation

/// When the demo's events happened, so statistics by year tell one consistent story: each enterprise registered
/// on the platform between January and October of the first report year, was admitted (入库: basic information
/// approved) a few weeks after, and the annual report of year Y was approved in the filing season of Y + 1
/// (March to May) — never after `now`. Every date is a function of the enterprise's credit code, so the
/// enterprise loader and the filing loader agree without talking. (The generator's founding dates are not
/// consulted: it files every demo enterprise's reports from the first report year on, founded or not.)
public struct DemoTimeline: Sendable {
    public let now: Date
    /// The first annual-report year of the demo.
    public let firstReportYear: Int

    public init(now: Date, firstReportYear: Int) {
        self.now = now
        self.firstReportYear = firstReportYear
    }

    /// When the enterprise registered on the platform.
    public func registration(uscc: String) -> Date {
        let seed = Self.seed(uscc)
        let start = Self.chinaDate(year: firstReportYear, month: 1, day: 1)
        let offset = Double(seed % 300) * 86_400 + Double(9 + (seed >> 12) % 8) * 3600
        return min(start.addingTimeInterval(offset), now)
    }

    /// When its basic information was first approved (入库).
    public func admission(uscc: String) -> Date {
        let seed = Self.seed(uscc)
        let registered = registration(uscc: uscc)
        return min(registered.addingTimeInterval(Double(3 + (seed >> 20) % 40) * 86_400), now)
    }

    /// When its annual report of `year` was approved.
    public func reportApproval(uscc: String, year: Int) -> Date {
        let seed = Self.seed(uscc) >> 28 &+ UInt64(clamping: max(0, year))
        let season = Self.chinaDate(year: year + 1, month: 3, day: 1).addingTimeInterval(Double(seed % 80) * 86_400 + 10 * 3600)
        let admitted = admission(uscc: uscc)
        return min(max(season, admitted.addingTimeInterval(86_400)), now)
    }

    /// FNV-1a of the code: stable across runs and platforms, unlike `Hasher`.
    static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Midnight of a day in China time (UTC+8).
    static func chinaDate(year: Int, month: Int, day: Int) -> Date {
        ((try? LocalDate(year: year, month: month, day: day)) ?? LocalDate(daysSince1970: 0)).startInChina
    }
}

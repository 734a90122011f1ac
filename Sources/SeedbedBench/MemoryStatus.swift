import Foundation

/// Resident and peak memory from /proc/self/status (Linux); zeros elsewhere.
struct MemoryStatus: Sendable {
    var residentMB: Double
    var peakMB: Double

    static func current() -> MemoryStatus {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return MemoryStatus(residentMB: 0, peakMB: 0)
        }
        func kilobytes(_ key: String) -> Double {
            for line in status.split(separator: "\n") where line.hasPrefix(key) {
                let digits = line.dropFirst(key.count).filter(\.isNumber)
                return Double(digits) ?? 0
            }
            return 0
        }
        return MemoryStatus(residentMB: kilobytes("VmRSS:") / 1024, peakMB: kilobytes("VmHWM:") / 1024)
    }
}

import Foundation

/// How rule texts print numbers: integers without a decimal point, others with at most two decimals and no
/// trailing zeros, so "不低于 10%" and "还差 1.5 个百分点" read as people write them.
enum NumberText {
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

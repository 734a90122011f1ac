import Foundation
import TextFormatting

/// How rule texts, library cells and analytics labels print numbers.
public enum NumberText {
    /// Integers without a decimal point, others with at most two decimals and no trailing zeros, so "不低于 10%"
    /// and "还差 1.5 个百分点" read as people write them; "—" for a value that is not a number.
    public static func plain(_ value: Double) -> String {
        DecimalText.trimmed(value, maxDecimals: 2) ?? "—"
    }

    /// Points on analytics labels: 85, 72.5 — whole numbers bare, others with one decimal.
    public static func points(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.1f", value)
    }
}

import TextFormatting

/// Numbers as SVG coordinates and sizes.
enum SVGNumber {
    /// At most two decimals, trailing zeros dropped. Non-finite or absurdly large input (which would make the SVG
    /// invalid or unreadable) becomes 0.
    static func coordinate(_ value: Double) -> String {
        guard abs(value) < 1e12, let text = DecimalText.trimmed(value, maxDecimals: 2) else { return "0" }
        return text
    }
}

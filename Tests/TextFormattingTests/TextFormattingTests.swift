import Testing
import TextFormatting

@Suite("Decimal text")
struct DecimalTextTests {
    @Test("数字用千位分隔符和固定小数位，四舍五入远离零，不出现 -0", arguments: [
        (1234567.0, 0, "1,234,567"), (1234567.891, 2, "1,234,567.89"), (999.5, 0, "1,000"), (-999.5, 0, "-1,000"),
        (0.05, 1, "0.1"), (-0.04, 1, "0.0"), (0, 2, "0.00"), (12, 0, "12"), (100, 0, "100"), (1000, 0, "1,000"),
        (1_000_000_000, 0, "1,000,000,000"), (0.0012, 4, "0.0012"), (Double.nan, 0, "0"), (Double.infinity, 1, "0"),
    ] as [(Double, Int, String)])
    func numbers(_ sample: (Double, Int, String)) {
        #expect(DecimalText.format(sample.0, decimals: sample.1) == sample.2)
    }

    @Test("超出精确整数范围的数值也不会崩溃")
    func absurdNumbers() {
        #expect(DecimalText.format(1e300, decimals: 2).isEmpty == false)
        #expect(DecimalText.format(-Double.greatestFiniteMagnitude, decimals: 0).hasPrefix("-"))
    }

    @Test("百分比一位小数", arguments: [(23.44, "23.4%"), (100, "100.0%"), (0, "0.0%"), (33.35, "33.4%")])
    func percents(_ sample: (Double, String)) {
        #expect(DecimalText.percent(sample.0) == sample.1)
    }

    @Test("At most N decimals, trailing zeros dropped, half away from zero, never -0", arguments: [
        (12.0, 2, "12"), (12.5, 2, "12.5"), (12.345, 2, "12.35"), (-0.001, 2, "0"), (-3.1, 2, "-3.1"),
        (0.05, 2, "0.05"), (-0.125, 2, "-0.13"), (2.5, 0, "3"), (1234.56789, 4, "1234.5679"), (0.10, 4, "0.1"),
        (-12.0, 1, "-12"),
    ] as [(Double, Int, String)])
    func trimmed(_ sample: (Double, Int, String)) {
        #expect(DecimalText.trimmed(sample.0, maxDecimals: sample.1) == sample.2)
    }

    @Test("Non-finite input is left to the caller; absurd input does not trap")
    func trimmedExtremes() {
        #expect(DecimalText.trimmed(.nan, maxDecimals: 2) == nil)
        #expect(DecimalText.trimmed(-.infinity, maxDecimals: 2) == nil)
        #expect(DecimalText.trimmed(1e300, maxDecimals: 2)?.isEmpty == false)
        #expect(DecimalText.trimmed(-Double.greatestFiniteMagnitude, maxDecimals: 12)?.hasPrefix("-") == true)
    }

    @Test("The shortest text that reads back as the same Double, whole numbers without .0", arguments: [
        (4.0, "4"), (-4.0, "-4"), (0.1, "0.1"), (1.5, "1.5"), (1e20, "1e+20"), (123456789012.0, "123456789012"),
    ] as [(Double, String)])
    func shortest(_ sample: (Double, String)) {
        #expect(DecimalText.shortest(sample.0) == sample.1)
        #expect(Double(DecimalText.shortest(sample.0)) == sample.0)
    }
}

@Suite("XML escaping")
struct XMLEscapingTests {
    @Test("SVG 规则转义五个特殊字符并去掉非法控制字符")
    func escaping() {
        #expect(XMLEscaping.svg.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(XMLEscaping.svg.escape("x\u{0}y\u{1B}z\u{FFFE}") == "xyz")
        #expect(XMLEscaping.svg.escape("电子信息，新材料") == "电子信息，新材料")
    }

    @Test("SVG rules turn tab, line feed and carriage return into references")
    func svgWhitespace() {
        #expect(XMLEscaping.svg.escape("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d")
    }

    @Test("Spreadsheet text keeps quotes, tab and line feed, and protects Excel's _xHHHH_ escapes")
    func spreadsheetText() {
        #expect(XMLEscaping.spreadsheetText.escape("\"a\"\t'b'\nc\rd") == "\"a\"\t'b'\nc&#13;d")
        #expect(XMLEscaping.spreadsheetText.escape("_x0041_ _x00G1_ _x004") == "_x005F_x0041_ _x00G1_ _x004")
        #expect(XMLEscaping.spreadsheetText.escape("a\u{1}b\u{FFFF}c<&>") == "abc&lt;&amp;&gt;")
    }

    @Test("Spreadsheet attributes escape the double quote and tab, line feed and carriage return")
    func spreadsheetAttribute() {
        #expect(XMLEscaping.spreadsheetAttribute.escape("\"a\"\t'b'\nc\rd") == "&quot;a&quot;&#9;'b'&#10;c&#13;d")
    }

    @Test("The minimal rules escape & \" < > and leave everything else as it is")
    func minimal() {
        #expect(XMLEscaping.minimal.escape("a\"b<c>&d'e\tf\u{1}") == "a&quot;b&lt;c&gt;&amp;d'e\tf\u{1}")
        #expect(XMLEscaping.minimal.escape("企业名称") == "企业名称")
        #expect(XMLEscaping.minimal.escape("") == "")
    }

    @Test("Escaping into a sink hands over runs and replacements in order")
    func sink() {
        var pieces: [String] = []
        var text = "ab&cd"
        text.withUTF8 { bytes in
            XMLEscaping.svg.escape(bytes) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(pieces == ["ab", "&amp;", "cd"])
    }
}

@testable import Charts
import Foundation
import Testing

@Suite("数字、文本宽度与刻度")
struct FormattingTests {
    @Test("坐标最多两位小数并去掉末尾的零", arguments: [
        (12.0, "12"), (12.5, "12.5"), (12.345, "12.35"), (-0.001, "0"), (-3.1, "-3.1"), (0.05, "0.05"),
        (Double.nan, "0"), (-Double.infinity, "0"), (2e12, "0"),
    ] as [(Double, String)])
    func coordinates(_ sample: (Double, String)) {
        #expect(SVGNumber.coordinate(sample.0) == sample.1)
    }

    @Test("中文字符按 1 em、ASCII 按 0.55 em 估算宽度")
    func textWidth() {
        #expect(TextMetrics.width("电子信息", fontSize: 10) == 40)
        #expect(abs(TextMetrics.width("ABCD", fontSize: 10) - 22) < 1e-9)
        #expect(abs(TextMetrics.width("A（≥85分）", fontSize: 10) - (5.5 + 10 + 6 + 5.5 + 5.5 + 10 + 10)) < 1e-9)
    }

    @Test("截断在宽度内保留最长前缀并加省略号")
    func truncation() {
        #expect(TextMetrics.truncate("信息技术", maxWidth: 40, fontSize: 10) == "信息技术")
        #expect(TextMetrics.truncate("信息传输、软件和信息技术服务业", maxWidth: 60, fontSize: 10) == "信息传输、…")
        #expect(TextMetrics.truncate("信息传输", maxWidth: 5, fontSize: 10) == "…")
    }

    @Test("刻度步长为 1、2、5×10^k，覆盖数据范围", arguments: [
        (0.0, 1520.0, 7, [0.0, 500, 1000, 1500, 2000]), (0, 310, 7, [0, 50, 100, 150, 200, 250, 300, 350]),
        (-4, 170, 7, [-50, 0, 50, 100, 150, 200]), (0, 3, 7, [0, 1, 2, 3]), (0, 0.0047, 5, [0, 0.001, 0.002, 0.003, 0.004, 0.005]), (0, 0.9, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0, 0, 5, [0, 1]), (0.3, 0.3, 3, [0, 0.1, 0.2, 0.3]), (-7, -7, 5, [-8, -6, -4, -2, 0]), (0, 3.2e9, 5, [0, 1e9, 2e9, 3e9, 4e9]),
    ] as [(Double, Double, Int, [Double])])
    func niceScale(_ sample: (Double, Double, Int, [Double])) {
        let scale = NiceScale(minimum: sample.0, maximum: sample.1, maxIntervals: sample.2,
                              integral: sample.1 >= 1 || sample.0 <= -1 || sample.1 == 0)
        #expect(scale.ticks == sample.3)
        #expect(scale.lower <= sample.0 && scale.upper >= sample.1)
    }

    @Test("刻度计算对非有限或极端输入保持有限")
    func niceScaleExtremes() {
        for (low, high) in [(Double.nan, 1.0), (-1e300, 1e300), (0, Double.leastNonzeroMagnitude), (0, Double.greatestFiniteMagnitude)] {
            let scale = NiceScale(minimum: low, maximum: high, maxIntervals: 6, integral: false)
            #expect(scale.ticks.allSatisfy { $0.isFinite })
            #expect(!scale.ticks.isEmpty && scale.ticks.count <= 51)
        }
    }

    @Test("最大余数法让百分比合计恰为 100，平局时靠前的项优先")
    func shares() {
        #expect(Shares.percentages([1, 1, 1]) == [33.4, 33.3, 33.3])
        #expect(Shares.percentages([]) == [])
        #expect(Shares.percentages([0, 0]) == [0, 0])
        #expect(Shares.percentages([-3, 3, .nan]) == [0, 100, 0])
    }

    @Test("图表 id 中的非法字符按十六进制编码，不同 id 保持不同")
    func ids() {
        #expect(SVGID.sanitise("tech-field") == "tech-field")
        #expect(SVGID.sanitise("图 1") == "_56fe__20_1")
        #expect(SVGID.sanitise("a_b") != SVGID.sanitise("a b"))
        #expect(SVGID.sanitise("") == "chart")
    }

    @Test("十六进制颜色解析", arguments: [("#0072B2", "#0072B2"), ("0072b2", "#0072B2"), ("#fff", "#FFFFFF")])
    func hexColors(_ sample: (String, String)) {
        #expect(ChartColor(hex: sample.0)?.hex == sample.1)
    }

    @Test("无效的十六进制颜色返回 nil", arguments: ["", "#12", "#12345G", "red", "#1234567", "\"/><script>"])
    func invalidHexColors(_ text: String) {
        #expect(ChartColor(hex: text) == nil)
    }

    @Test("标准调色板每种颜色对白色背景的对比度至少 3:1，且互不相同")
    func paletteContrast() {
        func luminance(_ color: ChartColor) -> Double {
            func channel(_ value: UInt8) -> Double {
                let c = Double(value) / 255
                return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)
        }
        let colors = ChartPalette.standard.colors
        #expect(colors.count == 8)
        #expect(Set(colors).count == colors.count)
        for color in colors {
            #expect(1.05 / (luminance(color) + 0.05) >= 3, "\(color.hex)")
        }
        let twenty = (0..<20).map { ChartPalette.standard.color(at: $0) }
        #expect(Set(twenty).count == 20)
        #expect(ChartPalette(colors: []) == nil)
    }
}

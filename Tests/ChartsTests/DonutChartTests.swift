import Charts
import Testing

@Suite("环形图")
struct DonutChartTests {
    /// Shares that do not divide evenly, so naive rounding would sum to 99.9 % or 100.1 %.
    static let awkwardShares: [[Double]] = [
        [1, 1, 1], [1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
        [1_000_000_000, 1, 1], [0.1, 0.2, 0.3], [5, 0, 0, 0], [999, 1, 0], [1234, 812, 97, 640, 1530, 455, 210, 1388],
    ]

    @Test("图例中的百分比合计恰好为 100.0%", arguments: awkwardShares)
    func legendPercentagesSumToHundred(_ values: [Double]) throws {
        let chart = DonutChart(options: ChartOptions(id: "d", title: "分布"),
                               segments: values.enumerated().map { ChartSegment("项\($0.offset)", value: $0.element) })
        let root = try SVGDocument.parse(chart.svg())
        let shown = root.elements(withClass: "chart-percent").map(\.text)
        #expect(shown.count == values.count)
        let tenths = try shown.map { text -> Int in
            #expect(text.hasSuffix("%"))
            let digits = text.dropLast().replacingOccurrences(of: ".", with: "")
            return try #require(Int(digits))
        }
        #expect(tenths.reduce(0, +) == 1000)
        let rows = chart.dataRows()
        #expect(rows.compactMap(\.percentText) == shown)
        #expect(abs(rows.compactMap(\.percent).reduce(0, +) - 100) < 1e-9)
    }

    @Test("零值扇区显示 0.0%，不会因为进位分到百分比")
    func zeroSegmentsStayZero() {
        let chart = DonutChart(options: ChartOptions(id: "d", title: "分布"),
                               segments: [ChartSegment("甲", value: 1), ChartSegment("乙", value: 0),
                                          ChartSegment("丙", value: 1), ChartSegment("丁", value: 1)])
        #expect(chart.dataRows().map(\.percentText) == ["33.4%", "0.0%", "33.3%", "33.3%"])
    }

    @Test("选中的扇区带高亮类，其余扇区和图例带变暗类")
    func selectedSegmentIsHighlighted() throws {
        let root = try SVGDocument.parse(Fixtures.techFieldDonut(selected: 4).svg())
        let marks = root.elements(withClass: "chart-mark")
        #expect(marks.count == 8)
        #expect(marks.filter { $0.classes.contains("is-selected") }.map { $0.title ?? "" }
            == ["高技术服务：1,530家（24.0%）"])
        #expect(marks.filter { $0.classes.contains("is-dimmed") }.count == 7)
        #expect(marks.allSatisfy { $0.classes.contains("is-selected") != $0.classes.contains("is-dimmed") })
        let legend = root.elements(withClass: "chart-legend-item")
        #expect(legend.filter { $0.classes.contains("is-selected") }.count == 1)
        #expect(legend.filter { $0.classes.contains("is-dimmed") }.count == 7)
        let current = root.all.filter { $0.attributes["aria-current"] == "true" }
        #expect(current.count == 2)  // the segment and its legend row
        #expect(current.allSatisfy { $0.attributes["href"] == "/overview?field=5&year=2024" })
    }

    @Test("没有选中项时既不高亮也不变暗")
    func noSelectionNoDimming() throws {
        let root = try SVGDocument.parse(Fixtures.techFieldDonut(selected: nil).svg())
        #expect(root.elements(withClass: "is-selected").isEmpty)
        #expect(root.elements(withClass: "is-dimmed").isEmpty)
        #expect(!root.all.contains { $0.attributes["opacity"] != nil })
    }

    @Test("每个扇区和图例项都可点击，链接带筛选参数并经过转义")
    func segmentsAreLinks() throws {
        let svg = Fixtures.techFieldDonut().svg()
        #expect(svg.contains("href=\"/overview?field=1&amp;year=2024\""))
        #expect(!svg.contains("field=1&year"))
        let root = try SVGDocument.parse(svg)
        let links = root.all.filter { $0.name == "a" && $0.classes.contains("chart-link") }
        #expect(links.count == 16)
        #expect(Set(links.compactMap { $0.attributes["href"] }).count == 8)
        #expect(links.allSatisfy { ($0.attributes["aria-label"] ?? "").contains("家（") })
    }

    @Test("过长的行业名称在图例中以省略号截断，完整名称保留在 title 中")
    func longLabelsAreTruncated() throws {
        let root = try SVGDocument.parse(Fixtures.industryDonut().svg())
        let items = root.elements(withClass: "chart-legend-item")
        #expect(items.count == 20)
        let item = try #require(items.first { $0.title?.hasPrefix("信息传输、软件和信息技术服务业：") == true })
        let label = try #require(item.children.first { $0.classes.contains("chart-label") })
        #expect(label.text.hasSuffix("…"))
        #expect("信息传输、软件和信息技术服务业".hasPrefix(String(label.text.dropLast())))
        let mark = root.elements(withClass: "chart-mark").first { $0.title?.hasPrefix("信息传输") == true }
        #expect(mark?.title == "信息传输、软件和信息技术服务业：1,630家（24.9%）")
        #expect(items.first { $0.title?.hasPrefix("教育") == true }.flatMap { item in
            item.children.first { $0.classes.contains("chart-label") }?.text } == "教育")
    }

    @Test("单一扇区画成完整圆环，占 100.0%")
    func singleSegmentIsFullRing() throws {
        let chart = DonutChart(options: ChartOptions(id: "one", title: "单项"), segments: [ChartSegment("甲", value: 7)])
        let root = try SVGDocument.parse(chart.svg())
        let marks = root.elements(withClass: "chart-mark")
        #expect(marks.count == 1)
        #expect(marks.first?.attributes["fill-rule"] == "evenodd")
        #expect(marks.first?.attributes["d"]?.components(separatedBy: "M ").count == 3)  // outer and inner circle
        #expect(root.elements(withClass: "chart-percent").map(\.text) == ["100.0%"])
    }

    @Test("零值扇区不画弧，但保留图例行和链接")
    func zeroSegmentKeepsLegendRow() throws {
        let chart = DonutChart(options: ChartOptions(id: "z", title: "阶段"),
                               segments: [ChartSegment("初创期", value: 3, href: "/a"),
                                          ChartSegment("成长期", value: 0, href: "/b")])
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.elements(withClass: "chart-mark").count == 1)
        #expect(root.elements(withClass: "chart-legend-item").count == 2)
        #expect(root.all.contains { $0.name == "a" && $0.attributes["href"] == "/b" })
    }

    @Test("负值按零计算，不会画出反向扇区")
    func negativeValuesCountAsZero() {
        let chart = DonutChart(options: ChartOptions(id: "n", title: "分布"),
                               segments: [ChartSegment("甲", value: -5), ChartSegment("乙", value: 5)])
        #expect(chart.dataRows().map(\.percentText) == ["0.0%", "100.0%"])
    }

    @Test("中心显示合计和说明文字")
    func centerShowsTotal() throws {
        let root = try SVGDocument.parse(Fixtures.techFieldDonut().svg())
        let total = root.elements(withClass: "chart-total").first
        #expect(total?.children.map(\.text) == ["6,366家", "企业总数"])
    }

    @Test("全部为零或没有扇区时显示暂无数据", arguments: [[], [0.0, 0, 0]])
    func emptyDonut(_ values: [Double]) throws {
        let chart = DonutChart(options: ChartOptions(id: "e", title: "分布"),
                               segments: values.map { ChartSegment("项", value: $0) })
        let svg = chart.svg()
        let root = try SVGDocument.parse(svg)
        #expect(root.classes.contains("chart-empty"))
        #expect(root.all.contains { $0.text == "暂无数据" })
        #expect(root.elements(withClass: "chart-mark").isEmpty)
        #expect(!svg.contains("NaN") && !svg.contains("nan"))
    }

    @Test("调用方指定的颜色覆盖调色板")
    func colorOverride() throws {
        let red = try #require(ChartColor(hex: "#c00"))
        let chart = DonutChart(options: ChartOptions(id: "c", title: "分布"),
                               segments: [ChartSegment("甲", value: 1, color: red), ChartSegment("乙", value: 1)])
        let fills = try SVGDocument.parse(chart.svg()).elements(withClass: "chart-mark").compactMap { $0.attributes["fill"] }
        #expect(fills == ["#CC0000", ChartPalette.standard.color(at: 1).hex])
    }
}

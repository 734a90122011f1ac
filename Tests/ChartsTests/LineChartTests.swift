import Charts
import Testing

@Suite("折线图")
struct LineChartTests {
    @Test("负值时坐标轴跨过零，零线加深")
    func negativeValues() throws {
        let root = try SVGDocument.parse(Fixtures.growthLines().svg())
        let axis = try #require(root.elements(withClass: "chart-axis").first)
        let ticks = axis.children.filter { $0.name == "text" }.map(\.text)
        #expect(ticks.first == "-10")
        #expect(ticks.contains("0"))
        let zeroLines = axis.children.filter { $0.name == "line" && $0.attributes["stroke"] == "#9CA3AF" }
        #expect(zeroLines.count == 1)
    }

    @Test("每个数据点都有 title，多系列时包含系列名")
    func pointTitles() throws {
        let root = try SVGDocument.parse(Fixtures.growthLines().svg())
        let points = root.elements(withClass: "chart-mark")
        #expect(points.count == 12)
        #expect(points.first?.title == "2019 · 高新技术企业：12.4%")
        #expect(root.elements(withClass: "chart-line-path").map { $0.title ?? "" } == ["高新技术企业", "全部企业"])
    }

    @Test("缺失或非有限的值在折线上留下缺口，数据表中不出现")
    func gaps() throws {
        let chart = LineChart(options: ChartOptions(id: "g", title: "进度"), categories: ["1月", "2月", "3月", "4月"],
                              series: [ChartSeries("入库", values: [1, .nan, 3])])
        let svg = chart.svg()
        #expect(!svg.contains("NaN") && !svg.contains("nan"))
        let root = try SVGDocument.parse(svg)
        let path = try #require(root.elements(withClass: "chart-line-path").first?.attributes["d"])
        #expect(path.components(separatedBy: "M ").count == 3)
        #expect(!path.contains("L"))
        #expect(chart.dataRows().map(\.label) == ["1月", "3月"])
        #expect(chart.dataRows().allSatisfy { $0.percent == nil && $0.series == nil })
    }

    @Test("月份标签放不下时间隔显示")
    func labelsThinOut() throws {
        let chart = LineChart(options: ChartOptions(id: "t", title: "进度", width: 320),
                              categories: (1...36).map { ChartCategory("2024年\($0)月") },
                              series: [ChartSeries("入库", values: (1...36).map(Double.init))])
        let root = try SVGDocument.parse(chart.svg())
        let labels = root.elements(withClass: "chart-label")
        #expect(labels.count < 36 && labels.count >= 3)
        #expect(root.elements(withClass: "chart-mark").count == 36)
    }

    @Test("选中的月份高亮其数据点")
    func selectedCategory() throws {
        let chart = LineChart(options: ChartOptions(id: "s", title: "进度"),
                              categories: [ChartCategory("1月"), ChartCategory("2月", href: "/m?2", isSelected: true)],
                              series: [ChartSeries("入库", values: [3, 5])])
        let root = try SVGDocument.parse(chart.svg())
        let points = root.elements(withClass: "chart-mark")
        #expect(points.map { $0.classes.contains("is-selected") } == [false, true])
        #expect(points.map { $0.classes.contains("is-dimmed") } == [true, false])
        #expect(root.all.contains { $0.name == "a" && $0.attributes["href"] == "/m?2" })
    }

    @Test("全为零或没有数据时显示暂无数据")
    func empty() throws {
        let zero = LineChart(options: ChartOptions(id: "z", title: "进度"), categories: ["1月", "2月"],
                             series: [ChartSeries("入库", values: [0, 0])])
        #expect(try SVGDocument.parse(zero.svg()).classes.contains("chart-empty"))
        let none = LineChart(options: ChartOptions(id: "z", title: "进度"), categories: [], series: [])
        #expect(try SVGDocument.parse(none.svg()).classes.contains("chart-empty"))
    }
}

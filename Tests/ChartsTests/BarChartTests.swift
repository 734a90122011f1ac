import Charts
import Foundation
import Testing

@Suite("柱状图")
struct BarChartTests {
    @Test("排名条形图中选中的地区高亮、标签加粗，其余变暗")
    func rankingSelection() throws {
        let root = try SVGDocument.parse(Fixtures.provinceRanking(selected: 2).svg())
        let marks = root.elements(withClass: "chart-mark")
        #expect(marks.count == 31)
        let selected = marks.filter { $0.classes.contains("is-selected") }
        #expect(selected.count == 1)
        #expect(selected.first?.title?.hasPrefix("北京市：") == true)
        #expect(marks.filter { $0.classes.contains("is-dimmed") }.count == 30)
        let bold = root.elements(withClass: "chart-label").filter { $0.attributes["font-weight"] == "bold" }
        #expect(bold.map(\.text) == ["北京市"])
    }

    @Test("每个条形和地区名都是下钻链接")
    func rankingBarsAndLabelsLink() throws {
        let root = try SVGDocument.parse(Fixtures.provinceRanking().svg())
        let links = root.all.filter { $0.name == "a" && $0.classes.contains("chart-link") }
        #expect(links.count == 62)
        #expect(links.contains { $0.attributes["href"] == "/overview?rank=31" })
    }

    @Test("31 个省份的排名图按行数增高，每行都放得下")
    func rankingGrowsWithRows() throws {
        let root = try SVGDocument.parse(Fixtures.provinceRanking().svg())
        let box = try #require(root.attributes["viewBox"]).split(separator: " ").compactMap { Double($0) }
        #expect(box.count == 4)
        #expect(box[3] >= 31 * 26)
        let rows = root.elements(withClass: "chart-mark").compactMap { $0.attributes["y"].flatMap(Double.init) }
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $1 - $0 >= 20 })
    }

    @Test("坐标轴刻度落在 1、2、5×10^k 的整数倍上并带千位分隔符",
          arguments: [Fixtures.provinceRanking(), Fixtures.stageBars(), Fixtures.zoneStack(), Fixtures.districtColumns()])
    func niceTicks(_ chart: BarChart) throws {
        let root = try SVGDocument.parse(chart.svg())
        let axis = try #require(root.elements(withClass: "chart-axis").first)
        let texts = axis.children.filter { $0.name == "text" }.map(\.text)
        let values = try texts.map { try #require(Double($0.replacingOccurrences(of: ",", with: ""))) }
        #expect(values.count >= 3)
        let step = values[1] - values[0]
        let exponent = (log10(step)).rounded(.down)
        let mantissa = step / pow(10, exponent)
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })
        #expect(values.allSatisfy { abs(($0 / step).rounded() * step - $0) < 1e-6 })
        for text in texts where (Double(text.replacingOccurrences(of: ",", with: "")) ?? 0) >= 1000 {
            #expect(text.contains(","))
        }
    }

    @Test("链接中的特殊字符被转义，脚本协议的链接被丢弃")
    func hrefsAreEscapedAndSafe() throws {
        let chart = BarChart(options: ChartOptions(id: "h", title: "链接"), bars: [
            ChartSegment("甲", value: 1, href: "/list?a=1&b=<2>&c=\"3\""),
            ChartSegment("乙", value: 2, href: " JavaScript:alert(1)"),
            ChartSegment("丙", value: 3, href: "data:text/html,<script>"),
        ])
        let svg = chart.svg()
        #expect(svg.contains("href=\"/list?a=1&amp;b=&lt;2&gt;&amp;c=&quot;3&quot;\""))
        #expect(!svg.lowercased().contains("javascript:"))
        #expect(!svg.contains("data:text"))
        let root = try SVGDocument.parse(svg)
        let hrefs = root.all.compactMap { $0.name == "a" ? $0.attributes["href"] : nil }
        #expect(hrefs.contains("/list?a=1&b=<2>&c=\"3\""))
        #expect(chart.dataRows().map(\.href) == ["/list?a=1&b=<2>&c=\"3\"", nil, nil])
    }

    @Test("竖向柱状图的类别标签放不下时倾斜，完整名称在 title 中")
    func crowdedLabelsRotate() throws {
        let root = try SVGDocument.parse(Fixtures.districtColumns().svg())
        let labels = root.elements(withClass: "chart-label")
        #expect(labels.count == 25)
        #expect(labels.allSatisfy { ($0.attributes["transform"] ?? "").hasPrefix("rotate(-45 ") })
    }

    @Test("很多类别挤在一起时标签竖排并间隔显示")
    func veryCrowdedLabelsThinOut() throws {
        let chart = BarChart(options: ChartOptions(id: "many", title: "多类别", width: 480),
                             bars: (1...120).map { ChartSegment("第\($0)名", value: Double($0)) })
        let root = try SVGDocument.parse(chart.svg())
        let labels = root.elements(withClass: "chart-label")
        #expect(labels.count < 120)
        #expect(labels.allSatisfy { ($0.attributes["transform"] ?? "").hasPrefix("rotate(-90 ") })
        #expect(root.elements(withClass: "chart-mark").count == 120)
    }

    @Test("堆叠柱每一类的占比合计 100%，分组柱不计算占比")
    func stackedAndGroupedShares() {
        let stacked = Fixtures.zoneStack().dataRows()
        #expect(stacked.count == 12)
        for category in ["两江新区", "国家高新区", "国家经开区", "市级高新区"] {
            let sum = stacked.filter { $0.label == category }.compactMap(\.percent).reduce(0, +)
            #expect(abs(sum - 100) < 1e-9)
        }
        #expect(stacked.first?.series == "高新技术企业")
        #expect(Fixtures.coverageGrouped().dataRows().allSatisfy { $0.percent == nil })
    }

    @Test("堆叠柱每段都有 title，柱顶显示合计")
    func stackedTitlesAndTotals() throws {
        let root = try SVGDocument.parse(Fixtures.zoneStack().svg())
        let marks = root.elements(withClass: "chart-mark")
        #expect(marks.count == 12)
        #expect(marks.first?.title == "两江新区 · 高新技术企业：320家（30.5%）")
        let totals = root.elements(withClass: "chart-values").first?.children.map(\.text)
        #expect(totals == ["1,050", "1,520", "760", "750"])
        #expect(root.elements(withClass: "chart-legend").first?.children.filter { $0.name == "text" }.map(\.text)
            == ["高新技术企业", "科技型中小企业", "专精特新"])
    }

    @Test("负值柱从零线向下画，零线位于坐标轴中间")
    func negativeBarsHangFromZero() throws {
        let chart = BarChart(options: ChartOptions(id: "neg", title: "净增"),
                             bars: [ChartSegment("甲", value: 30), ChartSegment("乙", value: -20)])
        let root = try SVGDocument.parse(chart.svg())
        let rects = root.elements(withClass: "chart-mark")
        let positive = try #require(rects.first)
        let negative = try #require(rects.last)
        let positiveBottom = try #require(Double(positive.attributes["y"] ?? "")).advanced(
            by: try #require(Double(positive.attributes["height"] ?? "")))
        #expect(abs(positiveBottom - (try #require(Double(negative.attributes["y"] ?? "")))) < 0.02)
        #expect(chart.dataRows().allSatisfy { $0.percent == nil })
        let ticks = root.elements(withClass: "chart-axis").first?.children.filter { $0.name == "text" }.map(\.text) ?? []
        #expect(ticks.first?.hasPrefix("-") == true)
    }

    @Test("十亿级数值完整显示千位分隔，不出现科学计数法")
    func hugeValues() throws {
        let chart = BarChart(options: ChartOptions(id: "big", title: "收入", unit: "元"), orientation: .horizontal,
                             bars: [ChartSegment("甲", value: 3_200_000_000), ChartSegment("乙", value: 7)])
        let svg = chart.svg()
        #expect(svg.contains(">3,200,000,000<"))
        #expect(!svg.contains("e+"))
        #expect(chart.dataRows().map(\.valueText) == ["3,200,000,000", "7"])
    }

    @Test("很小的数值按指定小数位显示，刻度也保留小数")
    func tinyValues() throws {
        let chart = BarChart(options: ChartOptions(id: "tiny", title: "强度", valueDecimals: 4),
                             bars: [ChartSegment("甲", value: 0.0012), ChartSegment("乙", value: 0.0047)])
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.elements(withClass: "chart-values").first?.children.map(\.text) == ["0.0012", "0.0047"])
        let ticks = root.elements(withClass: "chart-axis").first?.children.filter { $0.name == "text" }.map(\.text) ?? []
        #expect(ticks.contains("0.002"))
    }

    @Test("全部为零或没有类别时显示暂无数据",
          arguments: [BarChart(options: ChartOptions(id: "e", title: "空"), bars: []),
                      BarChart(options: ChartOptions(id: "e", title: "空"), orientation: .horizontal,
                               bars: [ChartSegment("甲", value: 0), ChartSegment("乙", value: 0)]),
                      BarChart(options: ChartOptions(id: "e", title: "空"), categories: ["甲"], series: [])])
    func emptyBars(_ chart: BarChart) throws {
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.classes.contains("chart-empty"))
        #expect(root.all.contains { $0.text == "暂无数据" })
    }

    @Test("系列短于类别时缺少的值按零处理，多余的值被忽略")
    func raggedSeries() {
        let chart = BarChart(options: ChartOptions(id: "r", title: "不齐"), categories: ["甲", "乙", "丙"],
                             series: [ChartSeries("一", values: [1, 2]), ChartSeries("二", values: [1, 2, 3, 4])])
        #expect(chart.dataRows().map(\.value) == [1, 1, 2, 2, 0, 3])
    }

    @Test("单系列柱形使用调色板首色或调用方指定的颜色")
    func singleSeriesColors() throws {
        let green = ChartColor(red: 0, green: 0x80, blue: 0)
        let chart = BarChart(options: ChartOptions(id: "c", title: "颜色"),
                             bars: [ChartSegment("甲", value: 1), ChartSegment("乙", value: 2, color: green)])
        let fills = try SVGDocument.parse(chart.svg()).elements(withClass: "chart-mark").compactMap { $0.attributes["fill"] }
        #expect(fills == [ChartPalette.standard.color(at: 0).hex, "#008000"])
    }
}

@Suite("直方图")
struct HistogramChartTests {
    @Test("由分箱边界生成 0–10、10–20 … 的轴标签")
    func binLabels() throws {
        let root = try SVGDocument.parse(Fixtures.scoreHistogram().svg())
        let labels = root.elements(withClass: "chart-label").map(\.text)
        #expect(labels == ["0–10", "10–20", "20–30", "30–40", "40–50", "50–60", "60–70", "70–80", "80–90", "90–100"])
        #expect(root.all.contains { $0.classes.contains("chart-axis-title") && $0.text == "积分" })
    }

    @Test("分箱相邻无间隙，title 给出区间、数量和占比")
    func binsTouch() throws {
        let root = try SVGDocument.parse(Fixtures.scoreHistogram().svg())
        let marks = root.elements(withClass: "chart-mark")
        #expect(marks.count == 10)
        let first = try #require(marks.first)
        let second = try #require(marks.dropFirst().first)
        let end = (Double(first.attributes["x"] ?? "") ?? 0) + (Double(first.attributes["width"] ?? "") ?? 0)
        #expect(abs(end - (Double(second.attributes["x"] ?? "") ?? 0)) < 0.02)
        #expect(marks[6].title == "60–70：310家（25.2%）")  // 310 of 1,228
    }

    @Test("非整数边界保留需要的小数位", arguments: [([0, 2.5, 5], ["0–2.5", "2.5–5"]), ([0, 0.25, 0.5], ["0–0.25", "0.25–0.5"])])
    func fractionalEdges(_ sample: ([Double], [String])) {
        let chart = HistogramChart(options: ChartOptions(id: "f", title: "分布"), edges: sample.0, counts: [1, 2])
        #expect(chart.dataRows().map(\.label) == sample.1)
    }

    @Test("边界与计数数量不匹配时只用成对的部分")
    func mismatchedEdges() {
        #expect(HistogramChart(options: ChartOptions(id: "m", title: "分布"), edges: [0, 10, 20], counts: [1, 2, 3])
            .dataRows().count == 2)
        #expect(HistogramChart(options: ChartOptions(id: "m", title: "分布"), edges: [0], counts: [1]).dataRows().isEmpty)
    }

    @Test("选中的分箱高亮，其余变暗")
    func binSelection() throws {
        let chart = HistogramChart(options: ChartOptions(id: "s", title: "分布"), bins: [
            HistogramBin(lower: 0, upper: 60, count: 5, href: "/s?max=60"),
            HistogramBin(lower: 60, upper: 100, count: 9, href: "/s?min=60", isSelected: true),
        ])
        let marks = try SVGDocument.parse(chart.svg()).elements(withClass: "chart-mark")
        #expect(marks.map { $0.classes.contains("is-selected") } == [false, true])
        #expect(marks.map { $0.classes.contains("is-dimmed") } == [true, false])
    }
}

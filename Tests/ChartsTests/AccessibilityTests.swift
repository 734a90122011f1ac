import Charts
import Foundation
import Testing

@Suite("可访问性、转义与确定性")
struct AccessibilityTests {
    @Test("每个数据图形都有自己的 title", arguments: SnapshotCase.all)
    func everyMarkHasTitle(_ sample: SnapshotCase) throws {
        let root = try SVGDocument.parse(sample.chart.svg())
        for mark in root.elements(withClass: "chart-mark") {
            #expect(!(mark.title ?? "").isEmpty, "\(mark.name) without <title>")
        }
    }

    @Test("根元素有 role（有链接时为 group，否则 img）、aria-label、描述和指向数据表的链接")
    func rootAccessibility() throws {
        let chart = Fixtures.techFieldDonut()
        let root = try SVGDocument.parse(chart.svg())
        #expect(root.attributes["role"] == (chart.dataRows().contains { $0.href != nil } ? "group" : "img"))
        #expect(root.attributes["aria-label"] == "技术领域分布")
        #expect(root.attributes["id"] == "tech-field")
        let describedBy = try #require(root.attributes["aria-describedby"])
        let desc = try #require(root.all.first { $0.attributes["id"] == describedBy })
        #expect(desc.name == "desc")
        #expect(desc.text.contains("共8项") && desc.text.contains("6,366家"))
        #expect(chart.options.tableID == "tech-field-table")
        let tableLink = try #require(root.elements(withClass: "chart-table-link").first)
        #expect(tableLink.attributes["href"] == "#tech-field-table")
        #expect(tableLink.children.first?.text == "查看数据表")
    }

    @Test("所有 id 都由调用方给的图表 id 派生", arguments: SnapshotCase.all)
    func idsDeriveFromChartID(_ sample: SnapshotCase) throws {
        let root = try SVGDocument.parse(sample.chart.svg())
        let ids = root.all.compactMap { $0.attributes["id"] }
        #expect(!ids.isEmpty)
        #expect(ids.allSatisfy { $0.hasPrefix(sample.chart.options.svgID) })
        #expect(Set(ids).count == ids.count)
    }

    @Test("数据表链接可以指向别处或关闭，脚本协议被拒绝", arguments: [
        (ChartOptions.TableLink.automatic, "#x-table"), (.href("/stats/table?year=2024"), "/stats/table?year=2024"),
        (.hidden, nil), (.href("javascript:alert(1)"), nil),
    ] as [(ChartOptions.TableLink, String?)])
    func tableLinkTargets(_ sample: (ChartOptions.TableLink, String?)) throws {
        let chart = BarChart(options: ChartOptions(id: "x", title: "链接", tableLink: sample.0),
                             bars: [ChartSegment("甲", value: 1)])
        let links = try SVGDocument.parse(chart.svg()).elements(withClass: "chart-table-link")
        #expect(links.first?.attributes["href"] == sample.1)
        #expect(links.count == (sample.1 == nil ? 0 : 1))
    }

    @Test("图例行和类别标签与图形同链接时不重复占用键盘焦点")
    func duplicateLinksSkipTabOrder() throws {
        let donut = try SVGDocument.parse(DonutChart(
            options: ChartOptions(id: "d", title: "分布"),
            segments: [ChartSegment("甲", value: 1, href: "/a"), ChartSegment("乙", value: 0, href: "/b")]).svg())
        let donutLinks = donut.all.filter { $0.name == "a" && $0.classes.contains("chart-link") }
        #expect(donutLinks.filter { $0.attributes["tabindex"] == nil }.compactMap { $0.attributes["href"] } == ["/a", "/b"])
        let ranking = try SVGDocument.parse(Fixtures.provinceRanking().svg())
        let focusable = ranking.all.filter { $0.name == "a" && $0.attributes["tabindex"] == nil
            && $0.classes.contains("chart-link") }
        #expect(focusable.count == 31)
    }

    @Test("字体只用系统中文字体栈，不引用外部字体")
    func systemFontsOnly() throws {
        let svg = Fixtures.stageBars().svg()
        let root = try SVGDocument.parse(svg)
        #expect(root.attributes["font-family"]
            == "\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif")
        #expect(!svg.contains("@font-face") && !svg.contains("url("))
    }

    @Test("含 <、&、引号和控制字符的标签不会破坏 SVG，解析后原样还原")
    func hostileLabels() throws {
        let label = "<b>R&D</b> \"研发\" 'x' \u{7}"
        let charts: [any Chart] = [
            DonutChart(options: ChartOptions(id: "a", title: label), segments: [ChartSegment(label, value: 1)]),
            BarChart(options: ChartOptions(id: "b", title: label, unit: "&"), orientation: .horizontal,
                     bars: [ChartSegment(label, value: 1, href: "/?q=" + label)]),
            BarChart(options: ChartOptions(id: "c", title: label), categories: [ChartCategory(label)],
                     series: [ChartSeries(label, values: [1]), ChartSeries("二", values: [2])]),
            LineChart(options: ChartOptions(id: "d", title: label), categories: [ChartCategory(label)],
                      series: [ChartSeries(label, values: [1])]),
            HistogramChart(options: ChartOptions(id: "e", title: label),
                           bins: [HistogramBin(lower: 0, upper: 1, count: 1, label: label)]),
        ]
        let clean = "<b>R&D</b> \"研发\" 'x' "
        for chart in charts {
            let svg = chart.svg()
            #expect(!svg.contains("<b>"))
            let root = try SVGDocument.parse(svg)
            #expect(root.attributes["aria-label"] == clean)
            #expect(root.all.contains { ($0.title ?? "").hasPrefix(clean) })
        }
    }

    @Test("NaN、无穷大和极端数值不会让 SVG 出现 NaN 或崩溃", arguments: [
        Double.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -1e-300,
    ])
    func extremeValues(_ value: Double) throws {
        let charts: [any Chart] = [
            DonutChart(options: ChartOptions(id: "a", title: "极端"), segments: [ChartSegment("甲", value: value),
                                                                             ChartSegment("乙", value: 1)]),
            BarChart(options: ChartOptions(id: "b", title: "极端"), bars: [ChartSegment("甲", value: value),
                                                                        ChartSegment("乙", value: 1)]),
            BarChart(options: ChartOptions(id: "c", title: "极端"), orientation: .horizontal, layout: .stacked,
                     categories: ["甲", "乙"], series: [ChartSeries("一", values: [value, 1]),
                                                        ChartSeries("二", values: [value, value])]),
            LineChart(options: ChartOptions(id: "d", title: "极端"), categories: ["甲", "乙"],
                      series: [ChartSeries("一", values: [value, 1])]),
            HistogramChart(options: ChartOptions(id: "e", title: "极端"), edges: [0, value, 10], counts: [value, 1]),
        ]
        for chart in charts {
            let svg = chart.svg()
            let lowered = svg.lowercased()
            #expect(!lowered.contains("nan") && !lowered.contains("inf"))
            _ = try SVGDocument.parse(svg)
            #expect(chart.dataRows().allSatisfy { $0.value.isFinite && ($0.percent?.isFinite ?? true) })
        }
    }

    @Test("非法宽高被限制在可用范围内", arguments: [0.0, -5, .nan, .infinity, 1e9])
    func invalidSizes(_ size: Double) throws {
        let chart = BarChart(options: ChartOptions(id: "s", title: "尺寸", width: size, height: size),
                             bars: [ChartSegment("甲", value: 1)])
        let root = try SVGDocument.parse(chart.svg())
        let box = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(box.count == 4 && box[2] >= 240 && box[2] <= 4000 && box[3] > 0 && box[3] <= 4200)
    }

    @Test("并发渲染同一图表得到相同结果")
    func concurrentRendering() async {
        let chart = Fixtures.provinceRanking()
        let expected = chart.svg()
        let outputs = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { chart.svg() } }
            var all: [String] = []
            for await output in group { all.append(output) }
            return all
        }
        #expect(outputs.allSatisfy { $0 == expected })
    }

    @Test("数据行与图中显示的文字一致")
    func dataRowsMatchPicture() throws {
        let chart = Fixtures.techFieldDonut()
        let rows = chart.dataRows()
        let root = try SVGDocument.parse(chart.svg())
        #expect(rows.map(\.label) == Fixtures.techFields)
        #expect(rows.compactMap(\.percentText) == root.elements(withClass: "chart-percent").map(\.text))
        #expect(rows.map { $0.valueText + "家" } == root.elements(withClass: "chart-value").map(\.text))
        #expect(rows.map(\.isSelected) == [false, false, false, false, true, false, false, false])
        #expect(rows.first?.href == "/overview?field=1&year=2024")
    }
}

import Charts
import Testing

/// A named chart whose SVG is stored under `__Snapshots__/<name>.svg`.
struct SnapshotCase: Sendable, CustomTestStringConvertible {
    let name: String
    let chart: any Chart
    var testDescription: String { name }

    static let all: [SnapshotCase] = [
        SnapshotCase(name: "donut-tech-field", chart: Fixtures.techFieldDonut()),
        SnapshotCase(name: "donut-industry-long-labels", chart: Fixtures.industryDonut()),
        SnapshotCase(name: "donut-single-segment", chart: DonutChart(
            options: ChartOptions(id: "single", title: "单一领域", unit: "家"),
            segments: [ChartSegment("电子信息", value: 42, href: "/overview?field=1")])),
        SnapshotCase(name: "donut-narrow-with-zero", chart: DonutChart(
            options: ChartOptions(id: "narrow", title: "发展阶段", unit: "家", width: 360),
            segments: [ChartSegment("初创期", value: 30), ChartSegment("成长期", value: 0),
                       ChartSegment("稳定期", value: 70)])),
        SnapshotCase(name: "donut-empty", chart: DonutChart(
            options: ChartOptions(id: "empty-donut", title: "技术领域分布", unit: "家"),
            segments: Fixtures.techFields.map { ChartSegment($0, value: 0) })),
        SnapshotCase(name: "bar-ranking-provinces", chart: Fixtures.provinceRanking()),
        SnapshotCase(name: "bar-districts-vertical", chart: Fixtures.districtColumns()),
        SnapshotCase(name: "bar-stages", chart: Fixtures.stageBars()),
        SnapshotCase(name: "bar-evaluation", chart: Fixtures.evaluationBars()),
        SnapshotCase(name: "bar-stacked-zones", chart: Fixtures.zoneStack()),
        SnapshotCase(name: "bar-grouped-coverage", chart: Fixtures.coverageGrouped()),
        SnapshotCase(name: "bar-huge-values", chart: BarChart(
            options: ChartOptions(id: "huge", title: "营业收入", unit: "元"), orientation: .horizontal,
            bars: [ChartSegment("甲公司", value: 3_200_000_000), ChartSegment("乙公司", value: 1_000_000_000),
                   ChartSegment("丙公司", value: 12_345)])),
        SnapshotCase(name: "bar-tiny-values", chart: BarChart(
            options: ChartOptions(id: "tiny", title: "研发强度", valueDecimals: 4, height: 240),
            bars: [ChartSegment("甲", value: 0.0012), ChartSegment("乙", value: 0.0047), ChartSegment("丙", value: 0.0003)])),
        SnapshotCase(name: "bar-negative", chart: BarChart(
            options: ChartOptions(id: "net", title: "净增企业", unit: "家", height: 260),
            bars: [ChartSegment("一季度", value: 35), ChartSegment("二季度", value: -12),
                   ChartSegment("三季度", value: 8), ChartSegment("四季度", value: -40)])),
        SnapshotCase(name: "bar-empty", chart: BarChart(
            options: ChartOptions(id: "empty-bar", title: "各区县入库企业数", unit: "家"), bars: [])),
        SnapshotCase(name: "histogram-scores", chart: Fixtures.scoreHistogram()),
        SnapshotCase(name: "line-progress", chart: Fixtures.progressLine()),
        SnapshotCase(name: "line-negative-two-series", chart: Fixtures.growthLines()),
        SnapshotCase(name: "line-empty", chart: LineChart(
            options: ChartOptions(id: "empty-line", title: "培育进度"), categories: [], series: [])),
        SnapshotCase(name: "escaping", chart: DonutChart(
            options: ChartOptions(id: "esc<&>", title: "A & B <测试> \"引号\""),
            segments: [ChartSegment("<script>alert(1)</script>", value: 1, href: "/x?a=1&b=\"2\""),
                       ChartSegment("R&D \"研发\" 'x'", value: 2)])),
    ]
}

@Suite("快照")
struct SnapshotTests {
    @Test("每个图表与录制的快照逐字节一致", arguments: SnapshotCase.all)
    func matchesSnapshot(_ sample: SnapshotCase) throws {
        try Snapshot.assertMatches(sample.chart.svg(), named: sample.name)
    }

    @Test("每个快照都是格式良好的 XML，根元素是可访问的 svg（有链接时 role=group）", arguments: SnapshotCase.all)
    func wellFormed(_ sample: SnapshotCase) throws {
        let root = try SVGDocument.parse(sample.chart.svg())
        #expect(root.name == "svg")
        #expect(root.attributes["role"] == (sample.chart.dataRows().contains { $0.href != nil } ? "group" : "img"))
        #expect(root.attributes["aria-label"] == sample.chart.options.title)
        #expect(root.attributes["width"] == "100%")
        #expect(root.attributes["viewBox"]?.hasPrefix("0 0 ") == true)
    }

    @Test("同一输入渲染两次得到完全相同的 SVG", arguments: SnapshotCase.all)
    func deterministic(_ sample: SnapshotCase) {
        #expect(sample.chart.svg() == sample.chart.svg())
    }
}

/// The legend of a multi-series chart: swatches and names flowing left to right, wrapping as needed.
struct SeriesLegend {
    struct Item {
        let name: String
        let color: ChartColor
        let x: Double
        let row: Int
    }

    static let rowHeight = 22.0
    static let fontSize = 12.0
    let items: [Item]
    let height: Double

    init(names: [String], colors: [ChartColor], left: Double, right: Double) {
        var items: [Item] = []
        var x = left
        var row = 0
        for (name, color) in zip(names, colors) {
            let label = TextMetrics.truncate(name, maxWidth: max(right - left - 18, 24), fontSize: Self.fontSize)
            let width = 18 + TextMetrics.width(label, fontSize: Self.fontSize) + 16
            if x > left && x + width - 16 > right {
                row += 1
                x = left
            }
            items.append(Item(name: label, color: color, x: x, row: row))
            x += width
        }
        self.items = items
        self.height = items.isEmpty ? 0 : Double(row + 1) * Self.rowHeight + 4
    }

    func draw(_ svg: inout SVGWriter, top: Double) {
        guard !items.isEmpty else { return }
        svg.open("g", [("class", "chart-legend")])
        for item in items {
            let y = top + Double(item.row) * Self.rowHeight
            svg.leaf("rect", [("class", "chart-legend-swatch"), ("x", SVGNumber.coordinate(item.x)),
                              ("y", SVGNumber.coordinate(y + 4)), ("width", "12"), ("height", "12"), ("rx", "2"),
                              ("fill", item.color.hex)])
            svg.text("text", [("x", SVGNumber.coordinate(item.x + 18)), ("y", SVGNumber.coordinate(y + 14.5))],
                     item.name)
        }
        svg.close("g")
    }
}

import TextFormatting

/// The data of any bar-shaped chart, normalised: one row of cells per category, one cell per series, values
/// already cleaned.
struct BarModel {
    let options: ChartOptions
    let kind: ChartKind
    let orientation: BarChart.Orientation
    let layout: BarChart.Layout
    let categories: [ChartCategory]
    let seriesNames: [String]
    let seriesColors: [ChartColor]
    let values: [[ChartValue]]
    let colors: [[ChartColor]]
    let showsValues: Bool
    /// The share of a category's band left empty between bars (0 for a histogram's touching bins).
    let bandPadding: Double
    let categoryAxisTitle: String?

    var isSingleSeries: Bool { seriesNames.count == 1 }
    /// Whether any bar or category label is a link.
    var isInteractive: Bool {
        categories.contains { $0.href != nil } || values.contains { $0.contains { $0.href != nil } }
    }
    var isEmpty: Bool { !values.contains { $0.contains { $0.value != 0 } } }

    /// Percent of each cell: of the grand total for one series, of the stack for stacked series. `nil` for grouped
    /// series (side-by-side bars are compared, not summed: they are often rates already) and whenever negative
    /// values make a share meaningless.
    var percents: [[Double?]] {
        let anyNegative = values.contains { $0.contains { $0.value < 0 } }
        if anyNegative || (!isSingleSeries && layout == .grouped) { return values.map { $0.map { _ in nil } } }
        if isSingleSeries {
            let shares = Shares.percentages(values.map { $0.first?.value ?? 0 })
            return shares.map { [$0] }
        }
        return values.map { row in Shares.percentages(row.map(\.value)).map { Optional($0) } }
    }

    func isHighlighted(category: Int, series: Int) -> Bool {
        categories[category].isSelected || values[category][series].isSelected
    }

    var anySelected: Bool {
        categories.contains(where: \.isSelected) || values.contains { $0.contains(where: \.isSelected) }
    }

    func title(category: Int, series: Int, percent: Double?) -> String {
        var text = categories[category].label
        if !isSingleSeries { text += " · " + seriesNames[series] }
        text += "：" + ChartFrame.valueWithUnit(values[category][series].value, options: options)
        if let percent { text += "（" + DecimalText.percent(percent) + "）" }
        return text
    }

    func dataRows() -> [ChartDataRow] {
        let percents = self.percents
        var rows: [ChartDataRow] = []
        rows.reserveCapacity(categories.count * seriesNames.count)
        for category in categories.indices {
            for series in seriesNames.indices {
                let cell = values[category][series]
                let percent = percents[category][series]
                rows.append(ChartDataRow(
                    label: categories[category].label, series: isSingleSeries ? nil : seriesNames[series],
                    value: cell.value, valueText: DecimalText.format(cell.value, decimals: options.decimals),
                    percent: percent, percentText: percent.map(DecimalText.percent),
                    href: LinkTarget.sanitise(cell.href ?? categories[category].href),
                    isSelected: isHighlighted(category: category, series: series)))
            }
        }
        return rows
    }
}

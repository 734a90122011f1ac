/// The colours a chart gives its series or segments, in order.
///
/// `standard` is the one palette the product uses. It starts from the Okabe–Ito colours that stay apart for the
/// common colour-vision deficiencies, keeps only those with at least 3:1 contrast against a white page (WCAG 1.4.11
/// for graphical objects), and fills up with darker hues chosen so every pair stays distinguishable (CIELAB ΔE ≥ 13)
/// under simulated protanopia, deuteranopia and tritanopia. The order puts the most separable colours first,
/// because most charts have three to five segments.
public struct ChartPalette: Sendable, Hashable {
    /// The base colours; never empty.
    public let colors: [ChartColor]

    /// A palette of the given colours, or `nil` when there are none.
    public init?(colors: [ChartColor]) {
        guard !colors.isEmpty else { return nil }
        self.colors = colors
    }

    private init(checked colors: [ChartColor]) { self.colors = colors }

    /// 蓝 #0072B2, 朱红 #D55E00, 蓝绿 #009E73, 紫红 #CC79A7, 橄榄 #999933, 靛蓝 #332288, 棕 #6F4E37, 酒红 #882255.
    public static let standard = ChartPalette(checked: [
        ChartColor(red: 0x00, green: 0x72, blue: 0xB2),
        ChartColor(red: 0xD5, green: 0x5E, blue: 0x00),
        ChartColor(red: 0x00, green: 0x9E, blue: 0x73),
        ChartColor(red: 0xCC, green: 0x79, blue: 0xA7),
        ChartColor(red: 0x99, green: 0x99, blue: 0x33),
        ChartColor(red: 0x33, green: 0x22, blue: 0x88),
        ChartColor(red: 0x6F, green: 0x4E, blue: 0x37),
        ChartColor(red: 0x88, green: 0x22, blue: 0x55),
    ])

    /// The colour of the item at `index`. Past the end of the base colours the palette repeats, first darkened and
    /// then lightened, so a twenty-section industry donut does not show two identical colours side by side.
    public func color(at index: Int) -> ChartColor {
        let count = colors.count
        let position = ((index % count) + count) % count
        let base = colors[position]
        switch (max(index, 0) / count) % 3 {
        case 1: return base.mixed(with: .black, amount: 0.35)
        case 2: return base.mixed(with: .white, amount: 0.35)
        default: return base
        }
    }
}

import TextFormatting

/// A cell format as styles.xml records it: everything that decides the `s` index of a cell.
struct ResolvedStyle: Hashable {
    var bold = false
    var fontColor: CellColor?
    var fillColor: CellColor?
    var numberFormat: NumberFormat?
    var alignment: CellAlignment?
    var wrapsText = false
    /// Excel's "text that starts with an apostrophe": shown and edited as text, never evaluated as a formula.
    var quotePrefix = false

    init(_ style: CellStyle? = nil, columnFormat: NumberFormat? = nil) {
        bold = style?.bold ?? false
        fontColor = style?.fontColor
        fillColor = style?.fillColor
        numberFormat = style?.numberFormat ?? columnFormat
        alignment = style?.alignment
        wrapsText = style?.wrapsText ?? false
    }
}

/// Hands out cell-format indexes while sheets stream, and writes styles.xml once all are known.
struct StyleRegistry {
    /// The font every workbook cell uses unless a style says otherwise; 宋体 is present on every Chinese
    /// system, including WPS on Kylin.
    static let fontName = "宋体"
    private var formats: [ResolvedStyle] = [ResolvedStyle()]
    private var indexes: [ResolvedStyle: Int] = [ResolvedStyle(): 0]

    mutating func index(of style: ResolvedStyle) -> Int {
        if let index = indexes[style] { return index }
        formats.append(style)
        indexes[style] = formats.count - 1
        return formats.count - 1
    }

    /// The format behind an index this registry handed out (the default for any other).
    func format(at index: Int) -> ResolvedStyle {
        formats.indices.contains(index) ? formats[index] : ResolvedStyle()
    }

    func stylesXML() -> String {
        struct FontKey: Hashable {
            var bold: Bool
            var color: CellColor?
        }
        var fonts: [FontKey] = [FontKey(bold: false, color: nil)]
        var fills: [CellColor] = []
        var customFormats: [String] = []
        var xfs: [String] = []
        for format in formats {
            let font = FontKey(bold: format.bold, color: format.fontColor)
            let fontID = fonts.firstIndex(of: font) ?? fonts.count
            if fontID == fonts.count { fonts.append(font) }
            var fillID = 0
            if let color = format.fillColor {
                let existing = fills.firstIndex(of: color) ?? fills.count
                if existing == fills.count { fills.append(color) }
                fillID = existing + 2
            }
            var numberFormatID = 0
            if let numberFormat = format.numberFormat {
                if let builtIn = numberFormat.builtInID {
                    numberFormatID = builtIn
                } else {
                    let existing = customFormats.firstIndex(of: numberFormat.code) ?? customFormats.count
                    if existing == customFormats.count { customFormats.append(numberFormat.code) }
                    numberFormatID = 164 + existing
                }
            }
            var xf = "<xf numFmtId=\"\(numberFormatID)\" fontId=\"\(fontID)\" fillId=\"\(fillID)\""
            xf += " borderId=\"0\" xfId=\"0\""
            if numberFormatID != 0 { xf += " applyNumberFormat=\"1\"" }
            if fontID != 0 { xf += " applyFont=\"1\"" }
            if fillID != 0 { xf += " applyFill=\"1\"" }
            if format.quotePrefix { xf += " quotePrefix=\"1\"" }
            if format.alignment != nil || format.wrapsText {
                xf += " applyAlignment=\"1\"><alignment"
                if let alignment = format.alignment { xf += " horizontal=\"\(alignment.rawValue)\"" }
                if format.wrapsText { xf += " wrapText=\"1\"" }
                xf += " vertical=\"center\"/></xf>"
            } else {
                xf += "/>"
            }
            xfs.append(xf)
        }

        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if !customFormats.isEmpty {
            xml += "<numFmts count=\"\(customFormats.count)\">"
            for (offset, code) in customFormats.enumerated() {
                xml += "<numFmt numFmtId=\"\(164 + offset)\" formatCode=\"\(XMLEscaping.spreadsheetAttribute.escape(code))\"/>"
            }
            xml += "</numFmts>"
        }
        xml += "<fonts count=\"\(fonts.count)\">"
        for font in fonts {
            xml += "<font>"
            if font.bold { xml += "<b/>" }
            xml += "<sz val=\"11\"/>"
            if let color = font.color { xml += "<color rgb=\"\(color.argb)\"/>" }
            xml += "<name val=\"\(Self.fontName)\"/><family val=\"2\"/><charset val=\"134\"/></font>"
        }
        xml += "</fonts>"
        xml += "<fills count=\"\(fills.count + 2)\"><fill><patternFill patternType=\"none\"/></fill>"
        xml += "<fill><patternFill patternType=\"gray125\"/></fill>"
        for color in fills {
            xml += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\(color.argb)\"/>"
            xml += "<bgColor indexed=\"64\"/></patternFill></fill>"
        }
        xml += "</fills>"
        xml += "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        xml += "<cellXfs count=\"\(xfs.count)\">" + xfs.joined() + "</cellXfs>"
        xml += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        xml += "<dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>"
        return xml
    }
}

import TextFormatting

/// The fixed parts of a package: content types and relationships.
enum PackageXML {
    static let officeDocumentType =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let worksheetType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    static let stylesType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
    static let sharedStringsType =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    static let commentsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    static let vmlType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"

    private static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    static func relationships(_ items: [(id: String, type: String, target: String)]) -> String {
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for item in items {
            xml += "<Relationship Id=\"\(item.id)\" Type=\"\(item.type)\" "
            xml += "Target=\"\(XMLEscaping.spreadsheetAttribute.escape(item.target))\"/>"
        }
        return xml + "</Relationships>"
    }

    static func contentTypes(sheetCount: Int, commentSheets: [Int], hasSharedStrings: Bool, hasVML: Bool) -> String {
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        if hasVML {
            xml += #"<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>"#
        }
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/>"
        for index in 1...max(sheetCount, 1) {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(main).worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(main).styles+xml\"/>"
        if hasSharedStrings {
            xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(main).sharedStrings+xml\"/>"
        }
        for index in commentSheets {
            xml += "<Override PartName=\"/xl/comments\(index).xml\" ContentType=\"\(main).comments+xml\"/>"
        }
        return xml + "</Types>"
    }

    /// A small part compressed in memory.
    static func part(_ name: String, _ xml: String) throws(SpreadsheetError) -> CompressedPart {
        let part = CompressedPart(name: name)
        try part.write(xml)
        try part.finish()
        return part
    }
}

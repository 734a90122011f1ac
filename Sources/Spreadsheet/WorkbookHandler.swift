/// `xl/workbook.xml`: the sheets in tab order and the date system.
struct WorkbookHandler: XMLPartHandler {
    struct SheetEntry {
        var name: String
        var state: String
        var relationshipID: String
    }

    var sheets: [SheetEntry] = []
    var usesDate1904 = false

    mutating func handle(_ token: XMLScanner.Token, _ scanner: XMLScanner) throws(SpreadsheetError) {
        guard token == .startTag else { return }
        if scanner.nameIs("workbookPr") {
            if let value = scanner.attribute("date1904") {
                let text = try scanner.string(value)
                usesDate1904 = text == "1" || text == "true"
            }
        } else if scanner.nameIs("sheet") {
            guard let name = scanner.attribute("name"), let id = scanner.attribute("id", prefixed: true) else {
                throw SpreadsheetError.malformedXML(part: scanner.part, detail: "工作表缺少名称或关系")
            }
            guard sheets.count < 10_000 else { throw SpreadsheetError.tooManyItems(what: "工作表", limit: 10_000) }
            var state = "visible"
            if let attribute = scanner.attribute("state") { state = try scanner.string(attribute) }
            sheets.append(SheetEntry(name: try scanner.string(name), state: state,
                                     relationshipID: try scanner.string(id)))
        }
    }
}

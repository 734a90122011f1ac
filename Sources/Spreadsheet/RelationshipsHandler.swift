import Foundation

/// `_rels/….rels`: the relationships of one part.
struct RelationshipsHandler: XMLPartHandler {
    let sourcePart: String
    var relationships: [Relationship] = []

    init(sourcePart: String) {
        self.sourcePart = sourcePart
    }

    mutating func handle(_ token: XMLScanner.Token, _ scanner: XMLScanner) throws(SpreadsheetError) {
        guard token == .startTag, scanner.nameIs("Relationship") else { return }
        if let mode = scanner.attribute("TargetMode"), try scanner.string(mode) == "External" { return }
        guard let id = scanner.attribute("Id"), let type = scanner.attribute("Type"),
              let target = scanner.attribute("Target") else { return }
        guard relationships.count < 100_000 else { throw SpreadsheetError.tooManyItems(what: "关系", limit: 100_000) }
        relationships.append(Relationship(id: try scanner.string(id), type: try scanner.string(type),
                                          target: Self.resolve(try scanner.string(target), from: sourcePart)))
    }

    /// The part a relationship target names: absolute targets (`/xl/worksheets/sheet1.xml`, as openpyxl writes
    /// them) from the package root, relative ones from the source part's folder, with `.` and `..` applied.
    static func resolve(_ target: String, from sourcePart: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        var components: [Substring]
        if decoded.hasPrefix("/") {
            components = []
        } else {
            components = sourcePart.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        }
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// The part name of a part's relationships: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relationshipsPart(of part: String) -> String {
        var components = part.split(separator: "/").map(String.init)
        let file = components.popLast() ?? ""
        return (components + ["_rels", file + ".rels"]).joined(separator: "/")
    }
}

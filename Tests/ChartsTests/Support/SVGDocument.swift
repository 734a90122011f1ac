import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG parsed with Foundation's `XMLParser` into a small tree, so tests check structure rather than substrings.
struct SVGElement: Sendable {
    let name: String
    let attributes: [String: String]
    var children: [SVGElement]
    var text: String

    /// This element and all its descendants, depth first.
    var all: [SVGElement] { [self] + children.flatMap(\.all) }

    var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }

    /// The text of the direct `<title>` child, if any.
    var title: String? { children.first { $0.name == "title" }?.text }

    /// Text content of this element without its `<title>`.
    var visibleText: String { text }

    func elements(withClass name: String) -> [SVGElement] { all.filter { $0.classes.contains(name) } }
}

enum SVGDocumentError: Error, CustomStringConvertible {
    case malformed(String)
    var description: String {
        switch self {
        case .malformed(let reason): return "SVG is not well-formed XML: " + reason
        }
    }
}

enum SVGDocument {
    /// Parses `svg`; throws when it is not well-formed XML.
    static func parse(_ svg: String) throws -> SVGElement {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw SVGDocumentError.malformed(parser.parserError.map { String(describing: $0) } ?? "no root element")
        }
        return root
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [SVGElement] = []
    var root: SVGElement?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        stack.append(SVGElement(name: elementName, attributes: attributeDict, children: [], text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string.trimmingCharacters(in: .newlines)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }
}

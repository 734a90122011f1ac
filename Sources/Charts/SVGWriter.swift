import TextFormatting

/// Builds SVG text one element per line, escaping every piece of caller text on the way in.
struct SVGWriter {
    typealias Attributes = [(String, String?)]

    /// UTF-8 bytes: appending bytes is several times cheaper than concatenating `String`s.
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(16_384) }

    var output: String { String(decoding: bytes, as: UTF8.self) }

    mutating func open(_ name: String, _ attributes: Attributes = []) {
        start(name, attributes)
        raw(">\n")
    }

    mutating func close(_ name: String) {
        raw("</")
        raw(name)
        raw(">\n")
    }

    /// `<name …/>`.
    mutating func leaf(_ name: String, _ attributes: Attributes) {
        start(name, attributes)
        raw("/>\n")
    }

    /// `<name …>text</name>`.
    mutating func text(_ name: String, _ attributes: Attributes, _ content: String) {
        start(name, attributes)
        raw(">")
        XMLEscaping.svg.append(content, to: &bytes)
        close(name)
    }

    /// `<name …><title>full</title>shown</name>`: text shortened for space that keeps its full wording as a tooltip.
    mutating func text(_ name: String, _ attributes: Attributes, _ content: String, title: String?) {
        guard let title, title != content else {
            text(name, attributes, content)
            return
        }
        start(name, attributes)
        raw("><title>")
        XMLEscaping.svg.append(title, to: &bytes)
        raw("</title>")
        XMLEscaping.svg.append(content, to: &bytes)
        close(name)
    }

    /// A graphic with its own `<title>`: the browser's tooltip and the mark's accessible name.
    mutating func mark(_ name: String, _ attributes: Attributes, title: String) {
        start(name, attributes)
        raw("><title>")
        XMLEscaping.svg.append(title, to: &bytes)
        raw("</title>")
        close(name)
    }

    private mutating func start(_ name: String, _ attributes: Attributes) {
        raw("<")
        raw(name)
        for (key, value) in attributes {
            guard let value else { continue }
            raw(" ")
            raw(key)
            raw("=\"")
            XMLEscaping.svg.append(value, to: &bytes)
            raw("\"")
        }
    }

    /// Markup the writer itself produces (names, punctuation): never caller text.
    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}

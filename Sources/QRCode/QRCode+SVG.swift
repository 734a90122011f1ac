import TextFormatting

extension QRCode {
    /// The symbol as a standalone SVG: one path of dark modules on a white square, with the quiet zone of four
    /// modules that readers need around it.
    /// - Parameters:
    ///   - moduleSize: the drawn size of one module, in SVG units (pixels when shown as is).
    ///   - title: an accessible name, shown by screen readers.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String? = nil) -> String {
        let side = (size + 2 * quietZone) * moduleSize
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard modules[y][x] else {
                    x += 1
                    continue
                }
                var end = x
                while end < size, modules[y][end] { end += 1 }
                path += "M\(x + quietZone) \(y + quietZone)h\(end - x)v1h-\(end - x)z"
                x = end
            }
        }
        let label = title.map { "<title>\(XMLEscaping.minimal.escape($0))</title>" } ?? ""
        let total = size + 2 * quietZone
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(total) \(total)" \
            shape-rendering="crispEdges" role="img">\(label)<rect width="\(total)" height="\(total)" fill="#fff"/>\
            <path d="\(path)" fill="#000"/></svg>
            """
    }

    /// The matrix as text, one line a row, `#` dark and `.` light: for tests and logs.
    public var textRows: [String] {
        modules.map { String($0.map { $0 ? "#" : "." }) }
    }
}

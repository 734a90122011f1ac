import Foundation

/// A byte-level XML tokenizer for the parts of a workbook, resumable between chunks of a stream.
///
/// It yields start tags (with attributes), end tags and text, and knows only what a workbook needs: elements
/// are matched by local name (so `x:row` is a `row`), the five predefined entities and character references are
/// expanded on request, comments, processing instructions and CDATA are handled, and any DTD (`<!DOCTYPE`,
/// `<!ENTITY`) is refused outright, so no entity can ever expand into more than a character.
///
/// The scanner reads a window of bytes it does not own. When a token runs past the end of the window it
/// answers `.needMore` and leaves `tokenStart` at the token's first byte, for the driver to keep.
struct XMLScanner {
    enum Token {
        case startTag
        case endTag
        case text
        case needMore
        case endOfInput
    }

    struct Attribute {
        var localName: Range<Int>
        var hasPrefix: Bool
        var value: Range<Int>
        var needsDecoding: Bool
    }

    /// A single token longer than this (a tag, a text run, a comment) is refused: no workbook needs it, and a
    /// hostile one must not grow the window without bound.
    static let maxTokenBytes = 8 << 20
    private static let maxAttributes = 512

    let part: String
    private(set) var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private(set) var position = 0
    private(set) var tokenStart = 0
    var isFinal = false

    private(set) var name: Range<Int> = 0..<0
    private(set) var isSelfClosing = false
    private(set) var attributes: [Attribute] = []
    private(set) var text: Range<Int> = 0..<0
    private(set) var textNeedsDecoding = false
    private(set) var textIsCDATA = false

    init(part: String) {
        self.part = part
        attributes.reserveCapacity(16)
    }

    /// Points the scanner at a new window; scanning restarts at `position`.
    mutating func reset(bytes: UnsafeBufferPointer<UInt8>, position: Int) {
        self.bytes = bytes
        self.position = position
        self.tokenStart = position
    }

    func malformed(_ detail: String) -> SpreadsheetError {
        .malformedXML(part: part, detail: detail)
    }

    mutating func next() throws(SpreadsheetError) -> Token {
        // A loop, not recursion, past comments and processing instructions: a file of a million comments must
        // not exhaust the stack.
        while true {
            let count = bytes.count
            guard let base = bytes.baseAddress, position < count else {
                tokenStart = position
                return .endOfInput
            }
            tokenStart = position
            if base[position] != UInt8(ascii: "<") {
                return try scanText(base, count)
            }
            guard position + 1 < count else { return try incomplete() }
            switch base[position + 1] {
            case UInt8(ascii: "/"):
                return try scanEndTag(base, count)
            case UInt8(ascii: "?"):
                guard let close = Self.find(base, from: position + 2, to: count, "?", ">") else {
                    return try incomplete()
                }
                position = close + 2
            case UInt8(ascii: "!"):
                if let token = try scanDeclaration(base, count) { return token }
            default:
                return try scanStartTag(base, count)
            }
        }
    }

    private mutating func incomplete() throws(SpreadsheetError) -> Token {
        if isFinal { throw malformed("文件在标记中间结束") }
        if bytes.count - tokenStart > Self.maxTokenBytes { throw malformed("单个标记或文本超过 8 MB") }
        position = tokenStart
        return .needMore
    }

    private mutating func scanText(_ base: UnsafePointer<UInt8>, _ count: Int) throws(SpreadsheetError) -> Token {
        let start = position
        let end: Int
        if let found = memchr(base + start, Int32(UInt8(ascii: "<")), count - start) {
            end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        } else {
            guard isFinal else { return try incomplete() }
            end = count
        }
        text = start..<end
        textIsCDATA = false
        textNeedsDecoding = memchr(base + start, Int32(UInt8(ascii: "&")), end - start) != nil
            || memchr(base + start, 0x0D, end - start) != nil
        position = end
        return .text
    }

    /// A comment (skipped: nil), CDATA (text), or a declaration, which is refused.
    private mutating func scanDeclaration(_ base: UnsafePointer<UInt8>, _ count: Int) throws(SpreadsheetError)
        -> Token? {
        if Self.hasPrefix(base, count, at: position, "<!--") {
            guard let close = Self.find(base, from: position + 4, to: count, "-", "-", ">") else {
                return try incomplete()
            }
            position = close + 3
            return nil
        }
        if Self.hasPrefix(base, count, at: position, "<![CDATA[") {
            guard let close = Self.find(base, from: position + 9, to: count, "]", "]", ">") else {
                return try incomplete()
            }
            text = (position + 9)..<close
            textIsCDATA = true
            textNeedsDecoding = false
            position = close + 3
            return .text
        }
        if count - position < 9, !isFinal { return try incomplete() }
        throw .forbiddenDTD(part: part)
    }

    private mutating func scanEndTag(_ base: UnsafePointer<UInt8>, _ count: Int) throws(SpreadsheetError) -> Token {
        var index = position + 2
        let nameStart = index
        var localStart = index
        while index < count {
            let byte = base[index]
            if byte == UInt8(ascii: ">") || Self.isSpace(byte) { break }
            if byte == UInt8(ascii: ":") { localStart = index + 1 }
            index += 1
        }
        guard index > nameStart || index >= count else { throw malformed("结束标记缺少名称") }
        name = localStart..<index
        while index < count, Self.isSpace(base[index]) { index += 1 }
        guard index < count else { return try incomplete() }
        guard base[index] == UInt8(ascii: ">"), !name.isEmpty else { throw malformed("结束标记格式错误") }
        position = index + 1
        return .endTag
    }

    private mutating func scanStartTag(_ base: UnsafePointer<UInt8>, _ count: Int) throws(SpreadsheetError) -> Token {
        var index = position + 1
        var localStart = index
        while index < count {
            let byte = base[index]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || Self.isSpace(byte) { break }
            if byte == UInt8(ascii: ":") { localStart = index + 1 }
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\"") {
                throw malformed("标记名称中有非法字符")
            }
            index += 1
        }
        guard index < count else { return try incomplete() }
        guard index > localStart else { throw malformed("标记缺少名称") }
        let tagName = localStart..<index
        attributes.removeAll(keepingCapacity: true)
        while true {
            while index < count, Self.isSpace(base[index]) { index += 1 }
            guard index < count else { return try incomplete() }
            let byte = base[index]
            if byte == UInt8(ascii: ">") {
                isSelfClosing = false
                position = index + 1
                break
            }
            if byte == UInt8(ascii: "/") {
                guard index + 1 < count else { return try incomplete() }
                guard base[index + 1] == UInt8(ascii: ">") else { throw malformed("标记格式错误") }
                isSelfClosing = true
                position = index + 2
                break
            }
            // An attribute: name = "value" or name = 'value'.
            let attributeStart = index
            var attributeLocalStart = index
            while index < count {
                let current = base[index]
                if current == UInt8(ascii: "=") || Self.isSpace(current) { break }
                if current == UInt8(ascii: ">") || current == UInt8(ascii: "<") || current == UInt8(ascii: "/")
                    || current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    throw malformed("属性格式错误")
                }
                if current == UInt8(ascii: ":") { attributeLocalStart = index + 1 }
                index += 1
            }
            let attributeEnd = index
            while index < count, Self.isSpace(base[index]) { index += 1 }
            guard index < count else { return try incomplete() }
            guard base[index] == UInt8(ascii: "="), attributeEnd > attributeStart else { throw malformed("属性缺少值") }
            index += 1
            while index < count, Self.isSpace(base[index]) { index += 1 }
            guard index < count else { return try incomplete() }
            let quote = base[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw malformed("属性值缺少引号") }
            let valueStart = index + 1
            guard let found = memchr(base + valueStart, Int32(quote), count - valueStart) else {
                return try incomplete()
            }
            let valueEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let valueLength = valueEnd - valueStart
            if memchr(base + valueStart, Int32(UInt8(ascii: "<")), valueLength) != nil {
                throw malformed("属性值中有 <")
            }
            var needsDecoding = memchr(base + valueStart, Int32(UInt8(ascii: "&")), valueLength) != nil
            if !needsDecoding {
                for offset in valueStart..<valueEnd where base[offset] < 0x20 {
                    needsDecoding = true
                    break
                }
            }
            guard attributes.count < Self.maxAttributes else { throw malformed("属性过多") }
            attributes.append(Attribute(localName: attributeLocalStart..<attributeEnd,
                                        hasPrefix: attributeLocalStart > attributeStart,
                                        value: valueStart..<valueEnd, needsDecoding: needsDecoding))
            index = valueEnd + 1
        }
        name = tagName
        return .startTag
    }

    // MARK: Reading the current token

    /// Whether the current tag's local name is `expected`.
    @inline(__always)
    func nameIs(_ expected: StaticString) -> Bool {
        equals(name, expected)
    }

    @inline(__always)
    func equals(_ range: Range<Int>, _ expected: StaticString) -> Bool {
        let length = expected.utf8CodeUnitCount
        guard range.count == length, let base = bytes.baseAddress, range.upperBound <= bytes.count else {
            return false
        }
        return memcmp(base + range.lowerBound, expected.utf8Start, length) == 0
    }

    /// Whether raw bytes spell `expected`.
    @inline(__always)
    func equals(slice: UnsafeBufferPointer<UInt8>, _ expected: StaticString) -> Bool {
        let length = expected.utf8CodeUnitCount
        guard slice.count == length, let base = slice.baseAddress else { return length == 0 && slice.isEmpty }
        return memcmp(base, expected.utf8Start, length) == 0
    }

    /// The raw (undecoded) value of the unprefixed attribute `localName`, or of a prefixed one when `prefixed`.
    func attribute(_ localName: StaticString, prefixed: Bool = false) -> Attribute? {
        for attribute in attributes where attribute.hasPrefix == prefixed && equals(attribute.localName, localName) {
            return attribute
        }
        return nil
    }

    /// The raw bytes of a range of the window.
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress, range.lowerBound >= 0, range.upperBound <= bytes.count else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// A decoded attribute value as a string.
    func string(_ attribute: Attribute) throws(SpreadsheetError) -> String {
        if !attribute.needsDecoding { return String(decoding: slice(attribute.value), as: UTF8.self) }
        var decoded: [UInt8] = []
        try decode(attribute.value, into: &decoded, attribute: true)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Appends the current text token, decoded, to `output`; refuses to let `output` pass `limit` bytes.
    func appendText(to output: inout [UInt8], limit: Int) throws(SpreadsheetError) {
        guard output.count + text.count <= limit || textNeedsDecoding else { throw malformed("单元格内容过长") }
        if textIsCDATA || !textNeedsDecoding {
            output.append(contentsOf: slice(text))
        } else {
            try decode(text, into: &output, attribute: false)
        }
        guard output.count <= limit else { throw malformed("单元格内容过长") }
    }

    /// Expands entity and character references and applies XML's end-of-line handling (CR LF and lone CR
    /// become LF); in attribute values, white-space characters become spaces as XML requires.
    func decode(_ range: Range<Int>, into output: inout [UInt8], attribute: Bool) throws(SpreadsheetError) {
        let source = slice(range)
        var index = 0
        var runStart = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "&") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                guard let semicolon = (index + 1..<Swift.min(source.count, index + 12))
                    .first(where: { source[$0] == UInt8(ascii: ";") }) else {
                    throw malformed("实体引用格式错误")
                }
                try appendEntity(UnsafeBufferPointer(rebasing: source[(index + 1)..<semicolon]), to: &output)
                index = semicolon + 1
                runStart = index
            } else if byte == 0x0D || (attribute && (byte == 0x09 || byte == 0x0A)) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                if byte == 0x0D, index + 1 < source.count, source[index + 1] == 0x0A {
                    index += 1
                }
                output.append(attribute ? 0x20 : 0x0A)
                index += 1
                runStart = index
            } else {
                index += 1
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<source.count]))
    }

    private func appendEntity(_ entity: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) throws(SpreadsheetError) {
        switch Array(entity) {
        case Array("lt".utf8): output.append(UInt8(ascii: "<"))
        case Array("gt".utf8): output.append(UInt8(ascii: ">"))
        case Array("amp".utf8): output.append(UInt8(ascii: "&"))
        case Array("quot".utf8): output.append(UInt8(ascii: "\""))
        case Array("apos".utf8): output.append(UInt8(ascii: "'"))
        default:
            guard entity.count >= 2, entity[0] == UInt8(ascii: "#") else {
                throw malformed("未定义的实体引用 &\(String(decoding: entity, as: UTF8.self));")
            }
            let isHex = entity[1] == UInt8(ascii: "x")
            let digits = UnsafeBufferPointer(rebasing: entity[(isHex ? 2 : 1)...])
            guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: isHex ? 16 : 10)
            else { throw malformed("字符引用格式错误") }
            // Characters XML cannot carry (NUL, surrogates) are dropped rather than refused: some producers
            // write them, and a lost control character hurts nobody.
            if value != 0, let scalar = Unicode.Scalar(value) {
                output.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
    }

    // MARK: Byte helpers

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private static func hasPrefix(_ base: UnsafePointer<UInt8>, _ count: Int, at index: Int,
                                  _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard count - index >= length else { return false }
        return memcmp(base + index, prefix.utf8Start, length) == 0
    }

    /// The index of the first occurrence of the ASCII sequence at or after `from`, or nil.
    private static func find(_ base: UnsafePointer<UInt8>, from: Int, to count: Int,
                             _ sequence: Unicode.Scalar...) -> Int? {
        let pattern = sequence.map { UInt8(ascii: $0) }
        guard let first = pattern.first else { return nil }
        var index = from
        while index + pattern.count <= count {
            guard let found = memchr(base + index, Int32(first), count - index) else { return nil }
            let candidate = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard candidate + pattern.count <= count else { return nil }
            var matches = true
            for offset in 1..<pattern.count where base[candidate + offset] != pattern[offset] {
                matches = false
                break
            }
            if matches { return candidate }
            index = candidate + 1
        }
        return nil
    }
}

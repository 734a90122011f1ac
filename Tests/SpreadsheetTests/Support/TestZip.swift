import Foundation
@testable import Spreadsheet

/// Builds ZIP files byte by byte, including broken ones: each entry's stored bytes, method, checksum and sizes
/// can be set independently of each other.
struct TestZip {
    struct Entry {
        var name: String
        var payload: Data
        var method: UInt16
        var flags: UInt16 = 0
        var crc32: UInt32
        var compressedSize: UInt32
        var uncompressedSize: UInt32
    }

    var entries: [Entry] = []

    /// An entry as a correct writer would store it: deflated (or stored), with the right checksum and sizes.
    mutating func add(_ name: String, _ text: String, deflated: Bool = true) {
        add(name, Data(text.utf8), deflated: deflated)
    }

    mutating func add(_ name: String, _ content: Data, deflated: Bool = true) {
        let payload = deflated ? Self.deflate(content) : content
        entries.append(Entry(name: name, payload: payload, method: deflated ? 8 : 0, crc32: Self.crc32(content),
                             compressedSize: UInt32(payload.count), uncompressedSize: UInt32(content.count)))
    }

    var data: Data {
        var file = Data()
        var directory = Data()
        for entry in entries {
            let offset = UInt32(file.count)
            let name = Data(entry.name.utf8)
            file.appendLittleEndian(UInt32(0x0403_4B50))
            appendFields(&file, entry, nameLength: name.count)
            file.appendLittleEndian(UInt16(0))
            file.append(name)
            file.append(entry.payload)

            directory.appendLittleEndian(UInt32(0x0201_4B50))
            directory.appendLittleEndian(UInt16(20))
            appendFields(&directory, entry, nameLength: name.count)
            for _ in 0..<4 { directory.appendLittleEndian(UInt16(0)) }
            directory.appendLittleEndian(UInt32(0))
            directory.appendLittleEndian(offset)
            directory.append(name)
        }
        let directoryOffset = UInt32(file.count)
        file.append(directory)
        file.appendLittleEndian(UInt32(0x0605_4B50))
        file.appendLittleEndian(UInt16(0))
        file.appendLittleEndian(UInt16(0))
        file.appendLittleEndian(UInt16(entries.count))
        file.appendLittleEndian(UInt16(entries.count))
        file.appendLittleEndian(UInt32(directory.count))
        file.appendLittleEndian(directoryOffset)
        file.appendLittleEndian(UInt16(0))
        return file
    }

    private func appendFields(_ data: inout Data, _ entry: Entry, nameLength: Int) {
        data.appendLittleEndian(UInt16(20))
        data.appendLittleEndian(entry.flags)
        data.appendLittleEndian(entry.method)
        data.appendLittleEndian(UInt16(0))
        data.appendLittleEndian(UInt16(0x21))
        data.appendLittleEndian(entry.crc32)
        data.appendLittleEndian(entry.compressedSize)
        data.appendLittleEndian(entry.uncompressedSize)
        data.appendLittleEndian(UInt16(nameLength))
    }

    /// Raw deflate through the library's compressor, at zlib's smallest level: a hostile file is made as small as
    /// its maker can make it (900 KB of spaces is 0.9 KB at level 9, 3.9 KB at the writer's level 1).
    static func deflate(_ content: Data) -> Data {
        final class Sink: @unchecked Sendable {
            var bytes = Data()
        }
        let sink = Sink()
        let deflater = Deflater(level: 9) { chunk in sink.bytes.append(contentsOf: chunk) }
        content.withUnsafeBytes { try? deflater.write($0) }
        try? deflater.finish()
        return sink.bytes
    }

    /// CRC-32 (IEEE), computed independently of zlib.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

/// The parts of a minimal workbook, to be replaced piece by piece with what a given producer writes.
struct TestWorkbook {
    var contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" \
        ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" \
        ContentType="application/xml"/></Types>
        """
    var packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="xl/workbook.xml"/></Relationships>
        """
    var workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
        <sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    var workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
        Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
        Target="styles.xml"/>\
        <Relationship Id="rId3" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" \
        Target="sharedStrings.xml"/></Relationships>
        """
    var styles: String? = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>
        """
    var sharedStrings: String?
    var sheets: [(path: String, xml: String)]

    init(sheet: String) {
        sheets = [("xl/worksheets/sheet1.xml", sheet)]
    }

    /// A sheet whose `<sheetData>` holds `rows`, in the default namespace.
    static func sheetXML(_ rows: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(rows)</sheetData>\
        </worksheet>
        """
    }

    var zip: TestZip {
        var zip = TestZip()
        zip.add("[Content_Types].xml", contentTypes)
        zip.add("_rels/.rels", packageRelationships)
        zip.add("xl/workbook.xml", workbook)
        zip.add("xl/_rels/workbook.xml.rels", workbookRelationships)
        if let styles { zip.add("xl/styles.xml", styles) }
        if let sharedStrings { zip.add("xl/sharedStrings.xml", sharedStrings) }
        for sheet in sheets { zip.add(sheet.path, sheet.xml) }
        return zip
    }

    func write(in directory: TestDirectory, name: String = "fixture.xlsx") throws -> URL {
        try directory.write(zip.data, name: name)
    }
}

import Foundation

/// Little-endian fields out of a byte buffer; reading past the end throws instead of trapping.
struct ByteCursor {
    private let data: Data
    private(set) var offset: Int
    private(set) var isValid = true

    init(data: Data, offset: Int) {
        self.data = data
        self.offset = offset
    }

    var remaining: Int { Swift.max(data.count - offset, 0) }

    mutating func skip(_ count: Int) {
        offset += count
        if offset > data.count { isValid = false }
    }

    mutating func bytes(_ count: Int) throws(SpreadsheetError) -> [UInt8] {
        guard count >= 0, offset >= 0, count <= data.count - offset else {
            isValid = false
            throw .corrupted(detail: "压缩包结构不完整")
        }
        let start = data.startIndex + offset
        offset += count
        return [UInt8](data[start..<(start + count)])
    }

    mutating func uint16() throws(SpreadsheetError) -> UInt16 {
        let bytes = try bytes(2)
        return UInt16(bytes[0]) | UInt16(bytes[1]) << 8
    }

    mutating func uint32() throws(SpreadsheetError) -> UInt32 {
        let bytes = try bytes(4)
        return bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func int64() throws(SpreadsheetError) -> Int64 {
        let bytes = try bytes(8)
        let value = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard value <= UInt64(Int64.max) else { throw .corrupted(detail: "压缩包中的数值超出范围") }
        return Int64(value)
    }
}

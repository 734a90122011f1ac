import Foundation

/// A1-style addresses: column letters and row numbers as Excel spells them.
public enum CellReference {
    /// The letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`, 16,383 → `XFD`.
    public static func columnName(_ index: Int) -> String {
        String(decoding: columnLetters(index), as: UTF8.self)
    }

    /// `A1`-style address of a 0-based column and 1-based row.
    public static func address(column: Int, row: Int) -> String {
        columnName(column) + String(row)
    }

    static func columnLetters(_ index: Int) -> [UInt8] {
        var letters: [UInt8] = []
        var rest = Swift.max(index, 0) + 1
        while rest > 0 {
            let remainder = (rest - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(remainder))
            rest = (rest - 1) / 26
        }
        return letters.reversed()
    }

    /// The parts of a cell address such as `B12`: a 0-based column and a 1-based row (nil when the address has
    /// only letters). Returns nil when the text is not an address or lies outside Excel's grid, so `XFD1048577`,
    /// `XFE1` and `A0` are all refused; the letters may be lower case, as some producers write them.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int?)? {
        var index = 0
        var column = 0
        while index < bytes.count, index < 4 {
            let byte = bytes[index] | 0x20
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { break }
            column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            index += 1
        }
        guard index > 0, column <= SpreadsheetLimits.excelMaxColumns else { return nil }
        if index == bytes.count { return (column - 1, nil) }
        var row = 0
        var digits = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39, digits < 8 else { return nil }
            row = row * 10 + Int(byte - 0x30)
            digits += 1
            index += 1
        }
        guard row >= 1, row <= SpreadsheetLimits.excelMaxRows else { return nil }
        return (column - 1, row)
    }

    /// An absolute reference to a range on a sheet, quoted as formulas need it: `'数据'!$A$1:$T$100`.
    static func absoluteRange(sheet: String, fromColumn: Int, fromRow: Int, toColumn: Int, toRow: Int) -> String {
        quotedSheetName(sheet) + "!$" + columnName(fromColumn) + "$" + String(fromRow) + ":$" + columnName(toColumn)
            + "$" + String(toRow)
    }

    static func quotedSheetName(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

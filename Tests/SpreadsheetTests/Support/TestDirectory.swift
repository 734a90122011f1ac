import Foundation
import Testing
@testable import Spreadsheet

/// A fresh temporary folder per test, removed when the test's value goes away.
final class TestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    func write(_ data: Data, name: String) throws -> URL {
        let file = file(name)
        try data.write(to: file)
        return file
    }
}

/// Reading helpers shared by the tests.
enum Read {
    /// Every row of a sheet (the first when no name is given).
    static func rows(_ url: URL, sheet: String? = nil, limits: SpreadsheetLimits = SpreadsheetLimits()) throws
        -> [SheetRow] {
        let reader = try XLSXReader(url: url, limits: limits)
        var rows: [SheetRow] = []
        if let sheet {
            try reader.forEachRow(inSheet: sheet) { row, _ in rows.append(row) }
        } else {
            try reader.forEachRow(inSheetAt: 0) { row, _ in rows.append(row) }
        }
        return rows
    }

    /// The error reading a file ends in, or nil when it reads.
    static func error(_ url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) -> SpreadsheetError? {
        do {
            _ = try rows(url, limits: limits)
            return nil
        } catch let error as SpreadsheetError {
            return error
        } catch {
            Issue.record("expected a SpreadsheetError, got \(error)")
            return nil
        }
    }

    /// The inflated text of one part of a package.
    static func part(_ url: URL, _ name: String) throws -> String {
        let reader = try FileReader(url: url)
        let directory = try ZipDirectory(reader: reader, limits: SpreadsheetLimits())
        let entry = try #require(directory.entry(named: name), "no part \(name)")
        var bytes = Data()
        try directory.stream(entry, from: reader, part: name) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SpreadsheetError {
    /// Whether two errors are the same case, whatever their details.
    func isSameCase(as other: SpreadsheetError) -> Bool {
        code == other.code
    }
}

extension ZipDirectory {
    /// Every piece of an entry's checked content, in order: how the tests read whole parts.
    func stream(_ entry: ZipEntry, from reader: FileReader, part: String,
                consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        let stream = try EntryStream(entry: entry, reader: reader, part: part)
        while let piece = try stream.next() { try consume(piece) }
    }
}

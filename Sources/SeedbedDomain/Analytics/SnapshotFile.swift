import Foundation

/// The dashboard snapshot as bytes, so a node that restarts can answer 企业总览 from the snapshot it last built
/// instead of rebuilding a million enterprises from rows (20–30 s at 1 M on PostgreSQL).
///
/// The file holds the columns and the statistics cube as they are in memory (little-endian, each column one
/// copy), the caller's `key` (what the snapshot reflects: database, data version, published runs) and a checksum
/// of everything before it. Reading checks every length against the bytes left and the checksum at the end, so a
/// truncated, foreign or corrupted file is an error, never a wrong snapshot. Derived columns (county and zone
/// indexes, the scored count) are not stored: `DashboardSnapshot.init` derives them again.
public enum SnapshotFile {
    /// First eight bytes; the last is the format version.
    static let magic: [UInt8] = Array("SBSNAP".utf8) + [0, 1]

    /// Why bytes are not a snapshot.
    public struct Malformed: Error, CustomStringConvertible {
        public let reason: String
        package init(reason: String) { self.reason = reason }
        public var description: String { "快照文件无法读取：\(reason)" }
    }

    public static func encode(_ snapshot: DashboardSnapshot, key: String) -> [UInt8] {
        var out = SealedFile.start(magic: magic, key: key, reserving: snapshot.approximateBytes + 4096)
        out.int(snapshot.version)
        out.double(snapshot.builtAt.timeIntervalSinceReferenceDate)
        out.column(snapshot.enterpriseIDs)
        out.column(snapshot.regionCodes)
        out.column(snapshot.zones)
        out.column(snapshot.incubators)
        out.column(snapshot.sections)
        out.column(snapshot.fields)
        out.column(snapshot.stages)
        out.column(snapshot.titles)
        out.column(snapshot.scores)
        out.column(snapshot.tiers)
        let scale = snapshot.tierScale
        out.int(scale.labels.count)
        for label in scale.labels { out.string(label) }
        out.string(scale.basis)
        out.column(scale.thresholds)
        let cube = snapshot.statistics
        out.column(cube.cells.flatMap { [$0.county, $0.zone, $0.incubator] })
        for months in [cube.registrations, cube.admissions, cube.reportApprovals] {
            out.int(months.count)
            for month in months.keys.sorted() {
                out.int(month)
                out.column(months[month] ?? [])
            }
        }
        out.int(cube.years.count)
        for year in cube.years.keys.sorted() {
            guard let data = cube.years[year] else { continue }
            out.int(year)
            out.column(data.reports)
            out.column(data.aboveScale)
            for rows in [data.sizes, data.categories, data.fields] {
                out.int(rows.count)
                for row in rows { out.column(row) }
            }
            out.int(data.sums.count)
            for row in data.sums { out.column(row) }
        }
        out.int(snapshot.zoneNames.count)
        for id in snapshot.zoneNames.keys.sorted() {
            out.int(Int(id))
            out.string(snapshot.zoneNames[id] ?? "")
        }
        return SealedFile.seal(out)
    }

    /// The key a file was written with, read without decoding the columns (to decide whether to read the rest).
    public static func key(of bytes: [UInt8]) throws -> String { try SealedFile.key(of: bytes, magic: magic) }

    public static func decode(_ bytes: [UInt8]) throws -> (key: String, snapshot: DashboardSnapshot) {
        let opened = try SealedFile.open(bytes, magic: magic)
        let key = opened.key
        var input = opened.body
        let version = try input.int()
        let builtAt = try input.double()
        let ids: [Int32] = try input.column()
        let regions: [Int32] = try input.column()
        let zones: [Int32] = try input.column()
        let incubators: [Int32] = try input.column()
        let sections: [UInt8] = try input.column()
        let fields: [UInt8] = try input.column()
        let stages: [UInt8] = try input.column()
        let titles: [UInt8] = try input.column()
        let scores: [Float] = try input.column()
        let tiers: [UInt8] = try input.column()
        let columns = [regions.count, zones.count, incubators.count, sections.count, fields.count, stages.count,
                       titles.count, scores.count, tiers.count]
        guard columns.allSatisfy({ $0 == ids.count }) else { throw Malformed(reason: "列长度不一致") }
        var labels: [String] = []
        for _ in try 0..<input.count() { labels.append(try input.string()) }
        let basis = try input.string()
        let scale = TierScale(labels: labels, basis: basis, thresholds: try input.column())
        let flat: [Int32] = try input.column()
        guard flat.count % 3 == 0 else { throw Malformed(reason: "统计单元不完整") }
        let cells = stride(from: 0, to: flat.count, by: 3).map {
            StatisticsCube.Cell(county: flat[$0], zone: flat[$0 + 1], incubator: flat[$0 + 2])
        }
        func cellColumn<T: BitwiseCopyable>(_ input: inout ByteSource) throws -> [T] {
            let column: [T] = try input.column()
            guard column.count == cells.count else { throw Malformed(reason: "统计列长度不一致") }
            return column
        }
        var months: [[Int: [Int32]]] = []
        for _ in 0..<3 {
            var map: [Int: [Int32]] = [:]
            for _ in try 0..<input.count() {
                let month = try input.int()
                map[month] = try cellColumn(&input)
            }
            months.append(map)
        }
        var years: [Int: StatisticsCube.Year] = [:]
        for _ in try 0..<input.count() {
            let year = try input.int()
            var data = StatisticsCube.Year(cells: 0)
            data.reports = try cellColumn(&input)
            data.aboveScale = try cellColumn(&input)
            var groups: [[[Int32]]] = []
            for _ in 0..<3 {
                var rows: [[Int32]] = []
                for _ in try 0..<input.count() { rows.append(try cellColumn(&input)) }
                groups.append(rows)
            }
            (data.sizes, data.categories, data.fields) = (groups[0], groups[1], groups[2])
            guard data.sizes.count == EnterpriseSize.allCases.count + 1,
                  data.categories.count == IndustryCategory.allCases.count + 1,
                  data.fields.count == TechField.allCases.count + 1
            else { throw Malformed(reason: "统计分组数不符") }
            var sums: [[Double]] = []
            for _ in try 0..<input.count() { sums.append(try cellColumn(&input)) }
            guard sums.count == StatisticsFacts.summed.count else { throw Malformed(reason: "统计指标数不符") }
            data.sums = sums
            years[year] = data
        }
        var names: [Int32: String] = [:]
        for _ in try 0..<input.count() {
            let id = try input.int()
            guard let zone = Int32(exactly: id) else { throw Malformed(reason: "园区编号越界") }
            names[zone] = try input.string()
        }
        guard input.isAtEnd else { throw Malformed(reason: "文件末尾有多余内容") }
        let cube = StatisticsCube(cells: cells, registrations: months[0], admissions: months[1],
                                  reportApprovals: months[2], years: years)
        let snapshot = DashboardSnapshot(
            version: version, builtAt: Date(timeIntervalSinceReferenceDate: builtAt), enterpriseIDs: ids, regionCodes: regions,
            zones: zones, incubators: incubators, sections: sections, fields: fields, stages: stages, titles: titles,
            scores: scores, tiers: tiers, tierScale: scale, statistics: cube, zoneNames: names)
        return (key, snapshot)
    }
}

/// A file of `ByteSink` content: a magic (what it is, which format version), the writer's key, the body, and an
/// FNV-1a checksum of everything before it, so a truncated or damaged file is refused before it is read.
package enum SealedFile {
    package static func start(magic: [UInt8], key: String, reserving bytes: Int = 0) -> ByteSink {
        var out = ByteSink()
        out.reserve(bytes + magic.count + key.utf8.count + 32)
        out.bytes(magic)
        out.string(key)
        return out
    }

    package static func seal(_ sink: ByteSink) -> [UInt8] {
        var out = sink
        out.int(Int(bitPattern: UInt(Checksum.fnv1a(out.buffer))))
        return out.buffer
    }

    /// The key and a reader positioned at the body, after checking the magic and the checksum.
    package static func open(_ bytes: [UInt8], magic: [UInt8]) throws -> (key: String, body: ByteSource) {
        guard bytes.count >= magic.count + 8 else { throw SnapshotFile.Malformed(reason: "文件不完整") }
        let bodyCount = bytes.count - 8
        let stored = bytes.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: bodyCount, as: UInt64.self))
        }
        guard Checksum.fnv1a(bytes[..<bodyCount]) == stored else { throw SnapshotFile.Malformed(reason: "校验和不符") }
        var input = ByteSource(bytes[..<bodyCount])
        guard try input.bytes(magic.count) == magic else { throw SnapshotFile.Malformed(reason: "不是本格式的文件或版本不同") }
        return (try input.string(), input)
    }

    /// The key alone, without checking the rest (to decide whether the rest is worth reading).
    package static func key(of bytes: [UInt8], magic: [UInt8]) throws -> String {
        var input = ByteSource(bytes)
        guard try input.bytes(magic.count) == magic else { throw SnapshotFile.Malformed(reason: "不是本格式的文件或版本不同") }
        return try input.string()
    }
}

/// FNV-1a over bytes (about a second per 500 MB in release: the price of refusing a damaged cache file).
package enum Checksum {
    package static func fnv1a(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Appends fixed-width little-endian values and whole columns to a byte array.
package struct ByteSink {
    package private(set) var buffer: [UInt8] = []

    package init() {}

    package mutating func reserve(_ count: Int) { buffer.reserveCapacity(count) }
    package mutating func bytes(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    package mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { buffer.append(contentsOf: $0) }
    }

    package mutating func double(_ value: Double) { int(Int(Int64(bitPattern: value.bitPattern))) }

    package mutating func string(_ value: String) {
        int(value.utf8.count)
        buffer.append(contentsOf: value.utf8)
    }

    /// The element count, then the elements' bytes as they lie in memory (x86-64 and arm64 Linux are both
    /// little-endian, the order the fixed-width values are written in).
    package mutating func column<T: BitwiseCopyable>(_ values: [T]) {
        int(values.count)
        values.withUnsafeBytes { buffer.append(contentsOf: $0) }
    }
}

/// Reads what `ByteSink` wrote, checking each length against the bytes left.
package struct ByteSource {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    package init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    package init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    package var isAtEnd: Bool { position == bytes.endIndex }

    package mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.endIndex - position else { throw SnapshotFile.Malformed(reason: "文件不完整") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    package mutating func int() throws -> Int {
        let raw = try bytes(8)
        let value = raw.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        guard let int = Int(exactly: value) else { throw SnapshotFile.Malformed(reason: "数值越界") }
        return int
    }

    /// A count of following items: never more than the bytes left, so a corrupt count cannot allocate.
    package mutating func count() throws -> Int {
        let value = try int()
        guard value >= 0, value <= bytes.endIndex - position else { throw SnapshotFile.Malformed(reason: "长度越界") }
        return value
    }

    package mutating func double() throws -> Double { Double(bitPattern: UInt64(bitPattern: Int64(try int()))) }

    package mutating func string() throws -> String {
        let raw = try bytes(try count())
        guard let text = String(validating: raw, as: UTF8.self) else { throw SnapshotFile.Malformed(reason: "文字编码错误") }
        return text
    }

    package mutating func column<T: BitwiseCopyable>() throws -> [T] {
        let count = try count()
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !overflow, size <= bytes.endIndex - position else { throw SnapshotFile.Malformed(reason: "列不完整") }
        let start = position
        position += size
        return bytes.withUnsafeBytes { raw in
            let source = UnsafeRawBufferPointer(rebasing: raw[(start - bytes.startIndex)..<(start - bytes.startIndex + size)])
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                initialized = count
            }
        }
    }
}

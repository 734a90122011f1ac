import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Packs and unpacks breakdown lines.
enum BreakdownCodec {
    struct Line: Sendable, Equatable {
        let value: Double?
        let percentile: Double?
        let points: Double
    }

    static func encode(_ lines: [Line]) -> Data {
        var data = Data(capacity: lines.count * 16)
        for line in lines { append(value: line.value ?? .nan, percentile: line.percentile, points: line.points, to: &data) }
        return data
    }

    /// The packed breakdowns of `slots` of `result`, one after another, `lines` × 16 bytes each: a chunk of a run's
    /// breakdowns (`ScoreBreakdowns`), filled indicator by indicator (`ScoringResult.forEachLine(ofSlots:)`).
    static func pack(_ result: ScoringResult, slots: ArraySlice<Int>, lines: Int) -> [UInt8] {
        let stride = lines * 16
        var bytes = [UInt8](repeating: 0, count: slots.count * stride)
        bytes.withUnsafeMutableBytes { raw in
            result.forEachLine(ofSlots: slots) { offset, indicator, value, percentile, points in
                let at = offset * stride + indicator * 16
                guard indicator < lines, at >= 0, at + 16 <= raw.count else { return }
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: at, as: UInt64.self)
                raw.storeBytes(of: Float(percentile ?? .nan).bitPattern.littleEndian, toByteOffset: at + 8, as: UInt32.self)
                raw.storeBytes(of: Float(points).bitPattern.littleEndian, toByteOffset: at + 12, as: UInt32.self)
            }
        }
        return bytes
    }

    /// Appends one line (value NaN = missing).
    static func append(value: Double, percentile: Double?, points: Double, to data: inout Data) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Float(percentile ?? .nan).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Float(points).bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }

    /// The lines of a packed breakdown; a trailing partial line (a damaged blob) is ignored.
    static func decode(_ data: Data) -> [Line] {
        data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - 15, by: 16).map { offset in
                let value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                let percentile = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8,
                                                                                           as: UInt32.self)))
                let points = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 12,
                                                                                       as: UInt32.self)))
                return Line(value: value.isNaN ? nil : value, percentile: percentile.isNaN ? nil : Double(percentile),
                            points: Double(points))
            }
        }
    }
}

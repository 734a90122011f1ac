import CZlib
import Foundation

/// Encodes an RGB image as PNG, its pixels compressed and its chunks checksummed by zlib.
enum PNGEncoder {
    /// `pixels` holds `width × height` RGB triples, row by row.
    static func encode(width: Int, height: Int, pixels: [UInt8]) -> Data {
        precondition(pixels.count == width * height * 3, "pixel buffer does not match the image size")
        var raw = [UInt8]()
        raw.reserveCapacity((width * 3 + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter: none
            let start = row * width * 3
            raw.append(contentsOf: pixels[start..<(start + width * 3)])
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = [UInt8]()
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8-bit depth, truecolour, deflate, adaptive filtering, no interlace
        png += chunk("IHDR", header)
        png += chunk("IDAT", zlibStream(raw))
        png += chunk("IEND", [])
        return png
    }

    /// The zlib stream (RFC 1950) PNG's IDAT holds. `compress2` only fails for want of memory or room, and
    /// `compressBound` gives it all the room it can need.
    private static func zlibStream(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let result = compress2(&out, &length, data, uLong(data.count), Z_BEST_COMPRESSION)
        precondition(result == Z_OK, "zlib could not compress a captcha image (\(result))")
        return Array(out.prefix(Int(length)))
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typeBytes = Array(type.utf8)
        var data = Data(bigEndian(UInt32(body.count)))
        data += typeBytes + body
        let checked = typeBytes + body
        data += bigEndian(UInt32(truncatingIfNeeded: crc32_z(0, checked, checked.count)))
        return data
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

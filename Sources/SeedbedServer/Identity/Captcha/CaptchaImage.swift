import Foundation

/// Draws a login captcha: characters from a 5×7 bitmap font, each scaled, rotated and coloured at random, the
/// whole line warped by a wave, crossed by noise lines and speckled. Characters that people confuse (0/O,
/// 1/I/L, 5/S, 2/Z) are never used.
enum CaptchaImage {
    static let alphabet: [Character] = Array("2346789ABCDEFGHJKMNPRTUVWXY")
    static let width = 132
    static let height = 44

    static func randomAnswer(length: Int = 4) -> String {
        String((0..<length).map { _ in alphabet.randomElement() ?? "A" })
    }

    static func png(for answer: String) -> Data {
        var generator = SystemRandomNumberGenerator()
        return png(for: answer, using: &generator)
    }

    static func png<G: RandomNumberGenerator>(for answer: String, using rng: inout G) -> Data {
        var canvas = Canvas(width: width, height: height, background: (246, 248, 252))
        for _ in 0..<3 { canvas.line(from: randomPoint(&rng), to: randomPoint(&rng), colour: lightColour(&rng)) }
        let characters = Array(answer.prefix(6))
        let cell = Double(width - 12) / Double(max(1, characters.count))
        for (index, character) in characters.enumerated() {
            guard let glyph = font[character] else { continue }
            let scale = Double.random(in: 3.6...4.4, using: &rng)
            let angle = Double.random(in: -0.35...0.35, using: &rng)
            let centreX = 6 + cell * (Double(index) + 0.5) + Double.random(in: -3...3, using: &rng)
            let centreY = Double(height) / 2 + Double.random(in: -3...3, using: &rng)
            canvas.draw(glyph: glyph, centreX: centreX, centreY: centreY, scale: scale, angle: angle,
                        colour: darkColour(&rng))
        }
        canvas.wave(amplitude: Double.random(in: 1.5...2.5, using: &rng),
                    period: Double.random(in: 28...40, using: &rng), phase: Double.random(in: 0...6.28, using: &rng))
        for _ in 0..<2 { canvas.line(from: randomPoint(&rng), to: randomPoint(&rng), colour: darkColour(&rng)) }
        for _ in 0..<120 {
            let x = Int.random(in: 0..<width, using: &rng)
            let y = Int.random(in: 0..<height, using: &rng)
            canvas.set(x, y, lightColour(&rng))
        }
        return PNGEncoder.encode(width: width, height: height, pixels: canvas.pixels)
    }

    private static func randomPoint<G: RandomNumberGenerator>(_ rng: inout G) -> (Int, Int) {
        (Int.random(in: 0..<width, using: &rng), Int.random(in: 0..<height, using: &rng))
    }

    private static func darkColour<G: RandomNumberGenerator>(_ rng: inout G) -> (UInt8, UInt8, UInt8) {
        (UInt8.random(in: 10...90, using: &rng), UInt8.random(in: 30...110, using: &rng),
         UInt8.random(in: 90...170, using: &rng))
    }

    private static func lightColour<G: RandomNumberGenerator>(_ rng: inout G) -> (UInt8, UInt8, UInt8) {
        (UInt8.random(in: 150...220, using: &rng), UInt8.random(in: 150...220, using: &rng),
         UInt8.random(in: 150...220, using: &rng))
    }

    /// 5×7 glyphs, one string of 7 rows × 5 columns each.
    static let font: [Character: [UInt8]] = {
        let rows: [Character: [String]] = [
            "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
            "3": ["11111", "00010", "00100", "00010", "00001", "10001", "01110"],
            "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
            "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
            "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
            "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
            "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
            "A": ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
            "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
            "C": ["01110", "10001", "10000", "10000", "10000", "10001", "01110"],
            "D": ["11100", "10010", "10001", "10001", "10001", "10010", "11100"],
            "E": ["11111", "10000", "10000", "11110", "10000", "10000", "11111"],
            "F": ["11111", "10000", "10000", "11110", "10000", "10000", "10000"],
            "G": ["01110", "10001", "10000", "10111", "10001", "10001", "01111"],
            "H": ["10001", "10001", "10001", "11111", "10001", "10001", "10001"],
            "J": ["00111", "00010", "00010", "00010", "00010", "10010", "01100"],
            "K": ["10001", "10010", "10100", "11000", "10100", "10010", "10001"],
            "M": ["10001", "11011", "10101", "10101", "10001", "10001", "10001"],
            "N": ["10001", "10001", "11001", "10101", "10011", "10001", "10001"],
            "P": ["11110", "10001", "10001", "11110", "10000", "10000", "10000"],
            "R": ["11110", "10001", "10001", "11110", "10100", "10010", "10001"],
            "T": ["11111", "00100", "00100", "00100", "00100", "00100", "00100"],
            "U": ["10001", "10001", "10001", "10001", "10001", "10001", "01110"],
            "V": ["10001", "10001", "10001", "10001", "10001", "01010", "00100"],
            "W": ["10001", "10001", "10001", "10101", "10101", "10101", "01010"],
            "X": ["10001", "10001", "01010", "00100", "01010", "10001", "10001"],
            "Y": ["10001", "10001", "01010", "00100", "00100", "00100", "00100"],
        ]
        return rows.mapValues { lines in
            lines.map { line in line.reduce(UInt8(0)) { ($0 << 1) | ($1 == "1" ? 1 : 0) } }
        }
    }()
}

/// An RGB pixel buffer with the few drawing operations the captcha needs. Every write is bounds-checked.
private struct Canvas {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, background: (UInt8, UInt8, UInt8)) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[index * 3] = background.0
            pixels[index * 3 + 1] = background.1
            pixels[index * 3 + 2] = background.2
        }
    }

    mutating func set(_ x: Int, _ y: Int, _ colour: (UInt8, UInt8, UInt8)) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let index = (y * width + x) * 3
        pixels[index] = colour.0
        pixels[index + 1] = colour.1
        pixels[index + 2] = colour.2
    }

    /// Paints every pixel whose inverse-transformed position falls on a set bit of the glyph.
    mutating func draw(glyph: [UInt8], centreX: Double, centreY: Double, scale: Double, angle: Double,
                       colour: (UInt8, UInt8, UInt8)) {
        let cosA = cos(angle)
        let sinA = sin(angle)
        let radius = Int(scale * 5) + 2
        for y in (Int(centreY) - radius)...(Int(centreY) + radius) {
            for x in (Int(centreX) - radius)...(Int(centreX) + radius) {
                let dx = Double(x) - centreX
                let dy = Double(y) - centreY
                let gx = (dx * cosA + dy * sinA) / scale + 2.5
                let gy = (-dx * sinA + dy * cosA) / scale + 3.5
                guard gx >= 0, gy >= 0 else { continue }
                let column = Int(gx)
                let row = Int(gy)
                guard row < glyph.count, column < 5 else { continue }
                if (glyph[row] >> UInt8(4 - column)) & 1 == 1 { set(x, y, colour) }
            }
        }
    }

    mutating func line(from start: (Int, Int), to end: (Int, Int), colour: (UInt8, UInt8, UInt8)) {
        var (x0, y0) = start
        let (x1, y1) = end
        let dx = abs(x1 - x0)
        let dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1
        let sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        var steps = 0
        while steps < 1000 {
            set(x0, y0, colour)
            if x0 == x1 && y0 == y1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x0 += sx }
            if doubled <= dx { error += dx; y0 += sy }
            steps += 1
        }
    }

    /// Shifts each column vertically along a sine wave.
    mutating func wave(amplitude: Double, period: Double, phase: Double) {
        let source = pixels
        for x in 0..<width {
            let shift = Int((amplitude * sin(2 * Double.pi * Double(x) / period + phase)).rounded())
            for y in 0..<height {
                let sy = min(height - 1, max(0, y - shift))
                let from = (sy * width + x) * 3
                let to = (y * width + x) * 3
                pixels[to] = source[from]
                pixels[to + 1] = source[from + 1]
                pixels[to + 2] = source[from + 2]
            }
        }
    }
}

/// The module grid while a symbol is built: function patterns first, then the data, then mask and format.
struct SymbolMatrix: Sendable, Equatable {
    let version: Int
    let size: Int
    private(set) var rows: [[Bool]]
    /// Modules of function patterns and format/version areas, which data and masks leave alone.
    private(set) var reserved: [[Bool]]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        rows = Array(repeating: Array(repeating: false, count: size), count: size)
        reserved = rows
        drawFunctionPatterns()
    }

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool, reserve: Bool = true) {
        guard x >= 0, y >= 0, x < size, y < size else { return }
        rows[y][x] = dark
        if reserve { reserved[y][x] = true }
    }

    // MARK: Function patterns

    private mutating func drawFunctionPatterns() {
        for index in 0..<size {
            set(6, index, index % 2 == 0)
            set(index, 6, index % 2 == 0)
        }
        drawFinder(centreX: 3, centreY: 3)
        drawFinder(centreX: size - 4, centreY: 3)
        drawFinder(centreX: 3, centreY: size - 4)
        let centres = ErrorCorrectionTable.alignmentPositions(version)
        for cx in centres {
            for cy in centres {
                let overlapsFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == centres.last)
                    || (cx == centres.last && cy == 6)
                if !overlapsFinder { drawAlignment(centreX: cx, centreY: cy) }
            }
        }
        // Reserve the format areas now (drawn for real once the mask is known) and the always-dark module.
        drawFormat(bits: 0)
        drawVersion()
    }

    /// A 7×7 finder with its light separator (parts outside the symbol are skipped).
    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                set(centreX + dx, centreY + dy, distance != 2 && distance != 4)
            }
        }
    }

    private mutating func drawAlignment(centreX: Int, centreY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                set(centreX + dx, centreY + dy, max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// The 15-bit format information: level M (00) and the mask, BCH(15,5) protected, XORed with 101010000010010.
    static func formatBits(mask: Int) -> Int {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return ((data << 10) | remainder) ^ 0x5412
    }

    /// The 18-bit version information (versions 7 and up): the version, BCH(18,6) protected.
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return (version << 12) | remainder
    }

    private mutating func drawFormat(bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Around the top-left finder.
        for index in 0...5 { set(8, index, bit(index)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for index in 9..<15 { set(14 - index, 8, bit(index)) }
        // Split between the top-right and bottom-left finders.
        for index in 0..<8 { set(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { set(8, size - 15 + index, bit(index)) }
        set(8, size - 8, true)
    }

    private mutating func drawVersion() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version)
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            set(a, b, dark)
            set(b, a, dark)
        }
    }

    // MARK: Data

    /// Modules that carry data, in placement order: two-module columns from the right, alternately upwards and
    /// downwards, skipping the vertical timing pattern.
    var dataPositions: [(x: Int, y: Int)] {
        var positions: [(x: Int, y: Int)] = []
        var right = size - 1
        var upward = true
        while right >= 1 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !reserved[y][x] {
                    positions.append((x, y))
                }
            }
            upward.toggle()
            right -= 2
        }
        return positions
    }

    /// Places codewords most significant bit first; modules left over (remainder bits) stay light.
    mutating func place(codewords: [UInt8]) {
        let total = codewords.count * 8
        for (index, position) in dataPositions.enumerated() where index < total {
            let byte = codewords[index / 8]
            set(position.x, position.y, (byte >> (7 - index % 8)) & 1 == 1, reserve: false)
        }
    }

    static func maskCondition(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (y + x) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (y + x) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (y * x) % 2 + (y * x) % 3 == 0
        case 6: ((y * x) % 2 + (y * x) % 3) % 2 == 0
        default: ((y + x) % 2 + (y * x) % 3) % 2 == 0
        }
    }

    /// A copy with the data modules masked and the format information for that mask drawn.
    func masked(with mask: Int) -> SymbolMatrix {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !reserved[y][x] && Self.maskCondition(mask, x: x, y: y) {
                copy.rows[y][x].toggle()
            }
        }
        copy.drawFormat(bits: Self.formatBits(mask: mask))
        return copy
    }

    // MARK: Penalty

    /// The penalty score of ISO/IEC 18004 §7.8.3: runs of one colour, 2×2 blocks, finder-like patterns, and
    /// imbalance of dark and light.
    var penalty: Int {
        var score = 0
        let columns = (0..<size).map { x in rows.map { $0[x] } }
        for line in rows + columns {
            score += Self.runPenalty(line) + Self.finderLikePenalty(line)
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = rows[y][x]
                if rows[y][x + 1] == colour, rows[y + 1][x] == colour, rows[y + 1][x + 1] == colour { score += 3 }
            }
        }
        let dark = rows.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        // 10 points for every full 5 % that the dark share lies away from 50 %.
        score += (abs(dark * 20 - total * 10) / total) * 10
        return score
    }

    /// 3 points for a run of five modules of one colour, one more for each further module.
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for index in 1...line.count {
            if index < line.count, line[index] == line[index - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        return score
    }

    /// 40 points for each dark-light-dark-dark-dark-light-dark pattern with four light modules before or after it
    /// (outside the symbol counts as light). Occurrences that were counted do not overlap.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern: [Bool] = [true, false, true, true, true, false, true]
        func light(_ range: Range<Int>) -> Bool {
            range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] }
        }
        var score = 0
        var start = 0
        while start + pattern.count <= line.count {
            if pattern.indices.allSatisfy({ line[start + $0] == pattern[$0] }),
               light((start - 4)..<start) || light((start + 7)..<(start + 11))
            {
                score += 40
                start += 7
            } else {
                start += 1
            }
        }
        return score
    }
}

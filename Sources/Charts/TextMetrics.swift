/// Estimates rendered text width without a font, to size label gutters and truncate labels.
///
/// The estimate assumes the CJK system fonts of the font stack: a CJK or full-width character is one em, an ASCII
/// character about 0.55 em, anything else 0.6 em. It errs wide for ASCII, which only costs a little space.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for character in text {
            ems += characterEms(character)
        }
        return ems * fontSize
    }

    /// `text` unchanged when it fits in `maxWidth`, else its longest prefix that fits followed by `…`.
    static func truncate(_ text: String, maxWidth: Double, fontSize: Double) -> String {
        if width(text, fontSize: fontSize) <= maxWidth { return text }
        let budget = maxWidth - fontSize  // the ellipsis is one em in CJK fonts
        var used = 0.0
        var result = ""
        for character in text {
            let next = characterEms(character) * fontSize
            if used + next > budget { break }
            used += next
            result.append(character)
        }
        return result + "…"
    }

    private static func characterEms(_ character: Character) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x80 { return 0.55 }
        if isWide(value) { return 1.0 }
        return 0.6
    }

    /// East Asian wide and full-width ranges (Hangul Jamo, CJK punctuation and ideographs, Hangul syllables,
    /// compatibility ideographs, vertical and full-width forms, and the supplementary ideographic planes).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2026, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

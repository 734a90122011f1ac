/// Derives XML ids from the caller's chart id.
enum SVGID {
    /// Keeps ASCII letters, digits and `-`; writes every other character as `_hex_`, which keeps distinct chart ids
    /// distinct (the mapping is injective) while producing only characters valid in ids and URL fragments.
    static func sanitise(_ id: String) -> String {
        var result = ""
        for scalar in id.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D:
                result.unicodeScalars.append(scalar)
            default:
                result += "_" + String(scalar.value, radix: 16) + "_"
            }
        }
        return result.isEmpty ? "chart" : result
    }
}

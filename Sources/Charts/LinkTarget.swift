/// Link targets that may be written into an `href`.
enum LinkTarget {
    /// `nil` for an empty link or a script-bearing scheme (`javascript:`, `vbscript:`, `data:`), which a caller
    /// building hrefs from user data must never be able to smuggle into a page; anything else unchanged.
    ///
    /// The scheme is read the way browsers parse URLs: ASCII tab, newline and other C0 controls and spaces are
    /// ignored (so `java\tscript:` is caught), letters compared case-insensitively.
    static func sanitise(_ href: String?) -> String? {
        guard let href else { return nil }
        var prefix: [UInt8] = []
        for byte in href.utf8 where byte > 0x20 {
            prefix.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            if prefix.count == 11 { break }
        }
        if prefix.isEmpty { return nil }
        for scheme in ["javascript:", "vbscript:", "data:"] where prefix.starts(with: scheme.utf8) { return nil }
        return href
    }
}

import Foundation
import Vapor

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) with HMAC-SHA-1, as every authenticator app
/// reads them from an `otpauth://` QR code: 6 digits, a new code every 30 seconds.
struct TOTP: Sendable {
    let secret: [UInt8]
    var digits = 6
    var period: TimeInterval = 30

    /// The issuer authenticator apps show above the code.
    static let issuer = "科技企业创新积分平台"
    /// Bytes of a new secret: 160 bits, the length RFC 4226 recommends for HMAC-SHA-1.
    static let secretLength = 20

    static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<secretLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The time step (T) a moment falls in.
    func step(at date: Date) -> Int {
        Int((date.timeIntervalSince1970 / period).rounded(.down))
    }

    /// The code of one time step, zero-padded to `digits`.
    func code(step: Int) -> String {
        let value = Self.truncatedHOTP(secret: secret, counter: UInt64(max(0, step))) % Self.power(digits)
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The step within ±`window` steps of `date` whose code is `code`, checking every candidate in full so the
    /// time taken does not depend on where the codes differ.
    func matchingStep(_ code: String, at date: Date, window: Int = 1) -> Int? {
        guard code.count == digits, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: date)
        var found: Int?
        for candidate in (now - window)...(now + window) where Self.constantTimeEquals(self.code(step: candidate), code) {
            found = found ?? candidate
        }
        return found
    }

    /// HOTP's dynamic truncation (RFC 4226 §5.3): 31 bits of HMAC-SHA-1(secret, counter), before the modulo.
    static func truncatedHOTP(secret: [UInt8], counter: UInt64) -> Int {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        guard mac.count == 20, let last = mac.last else { return 0 }
        let offset = Int(last & 0x0F)
        return (Int(mac[offset] & 0x7F) << 24) | (Int(mac[offset + 1]) << 16) | (Int(mac[offset + 2]) << 8)
            | Int(mac[offset + 3])
    }

    private static func power(_ digits: Int) -> Int {
        (0..<min(max(digits, 1), 9)).reduce(1) { value, _ in value * 10 }
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The `otpauth://totp/…` URI an authenticator app reads from the QR code (Google's Key URI format).
    func uri(account: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "otpauth://totp/\(encode(Self.issuer)):\(encode(account))?secret=\(Base32.encode(secret))"
            + "&issuer=\(encode(Self.issuer))&algorithm=SHA1&digits=\(digits)&period=\(Int(period))"
    }
}

/// Base32 (RFC 4648 §6), the alphabet authenticator apps take secrets in.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Upper-case, without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 0x1F])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 0x1F]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes upper or lower case, ignoring spaces, hyphens and `=` padding; `nil` on any other character.
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text.uppercased().utf8 where ![UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "=")].contains(character) {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
            buffer &= (1 << bits) - 1
        }
        return output
    }
}

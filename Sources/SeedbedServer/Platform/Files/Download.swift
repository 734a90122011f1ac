import Foundation
import Vapor

extension Request {
    /// The one response that hands a file to the browser: streamed from `url`, saved as `name` (a Chinese name
    /// survives, RFC 5987), never cached (exports and uploads hold personal data), and the temporary file removed
    /// once sent when `removingAfterwards`.
    func download(_ url: URL, name: String, contentType: String, removingAfterwards: Bool) async throws -> Response {
        let response = try await fileio.asyncStreamFile(at: url.path) { _ in
            if removingAfterwards { try? FileManager.default.removeItem(at: url) }
        }
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: Self.attachment(name))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// A workbook written to a temporary file for this request, removed once sent.
    func downloadXLSX(_ url: URL, name: String) async throws -> Response {
        try await download(url, name: name, contentType: HTTPMediaType.xlsx.serialize(), removingAfterwards: true)
    }

    /// `attachment; filename="…"; filename*=UTF-8''…`: the plain name for old clients when it is printable ASCII
    /// (else `download` with its extension), the UTF-8 name percent-encoded for every other.
    static func attachment(_ name: String) -> String {
        let plain = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
        let fallback: String
        if plain && !name.isEmpty {
            fallback = name
        } else {
            let ext = (name as NSString).pathExtension
            fallback = !ext.isEmpty && ext.unicodeScalars.allSatisfy(isLetterOrDigit) ? "download." + ext : "download"
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(rfc5987(name))"
    }

    /// RFC 5987 `value-chars`: attr-chars as they are, every other UTF-8 byte as `%XX`.
    static func rfc5987(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if isLetterOrDigit(scalar) || "!#$&+-.^_`|~".unicodeScalars.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

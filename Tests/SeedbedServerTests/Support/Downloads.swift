import Foundation
import Testing
import Vapor
import VaporTesting

/// What every download must carry: never cached (exports and files hold personal data), and an attachment whose
/// plain `filename` is printable ASCII and whose `filename*` is the real (Chinese) name in RFC 5987 UTF-8, here
/// required to contain `name`.
func expectDownload(_ response: TestingHTTPResponse, named name: String,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(response.status == .ok, sourceLocation: sourceLocation)
    #expect(response.headers.first(name: .cacheControl) == "no-store", "downloads are never cached",
            sourceLocation: sourceLocation)
    let disposition = try #require(response.headers.first(name: .contentDisposition), sourceLocation: sourceLocation)
    let shape = #/attachment; filename="[ !#-\[\]-~]+"; filename\*=UTF-8''((?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+)/#
    let match = try #require(try shape.wholeMatch(in: disposition), "RFC 5987 disposition: \(disposition)",
                             sourceLocation: sourceLocation)
    let decoded = try #require(String(match.output.1).removingPercentEncoding, sourceLocation: sourceLocation)
    #expect(decoded.contains(name), "\(decoded) names \(name)", sourceLocation: sourceLocation)
}

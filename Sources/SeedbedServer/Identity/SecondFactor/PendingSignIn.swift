import Foundation
import TextFormatting
import Vapor

/// A sign-in whose password was right and whose one-time code is still to come. Carried by a short-lived cookie
/// signed with the server secret, so any node can continue it; no session exists until the code is right. Its
/// nonce names the pending sign-in for the try limit (`RateLimiter`), which also retires it once used.
struct PendingSignIn: Sendable, Equatable {
    static let cookieName = "seedbed_2fa"
    static let lifetime: TimeInterval = 5 * 60

    let userID: Int
    let expiresAt: Int
    let nonce: String
    /// Where to go after signing in (already checked by `LoginController.safeNext`).
    let next: String?

    /// The try-limit subject of this sign-in.
    var subject: String { "2fa:login:" + nonce }

    static func make(userID: Int, next: String?, now: Date) -> PendingSignIn {
        PendingSignIn(userID: userID, expiresAt: Int(now.addingTimeInterval(lifetime).timeIntervalSince1970),
                      nonce: RandomToken.make(bytes: 16), next: next)
    }

    private var payload: String {
        let encodedNext = (next ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "\(userID).\(expiresAt).\(nonce).\(encodedNext)"
    }

    private static func mac(_ payload: String, key: SymmetricKey) -> String {
        HexText.lowercase(HMAC<SHA256>.authenticationCode(for: Data(("pending-2fa|" + payload).utf8), using: key))
    }

    func cookieValue(key: SymmetricKey) -> String {
        payload + "." + Self.mac(payload, key: key)
    }

    /// The pending sign-in a cookie value carries, if its signature holds and it has not expired.
    static func parse(_ value: String, key: SymmetricKey, now: Date) -> PendingSignIn? {
        guard value.utf8.count <= 1024 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, let userID = Int(parts[0]), let expiresAt = Int(parts[1]),
              Double(expiresAt) > now.timeIntervalSince1970, !parts[2].isEmpty
        else { return nil }
        let payload = parts[0..<4].joined(separator: ".")
        guard TOTP.constantTimeEquals(mac(payload, key: key), parts[4]) else { return nil }
        let next = parts[3].removingPercentEncoding.flatMap { $0.isEmpty ? nil : LoginController.safeNext($0) }
        return PendingSignIn(userID: userID, expiresAt: expiresAt, nonce: parts[2], next: next)
    }

    /// The request's pending sign-in, if any.
    static func read(from request: Request) async throws -> PendingSignIn? {
        guard let value = request.cookies[cookieName]?.string, !value.isEmpty else { return nil }
        let key = try await request.application.secretStore.key(on: request.db)
        return parse(value, key: key, now: request.now)
    }

    func setCookie(on response: Response, request: Request) async throws {
        let key = try await request.application.secretStore.key(on: request.db)
        response.cookies[Self.cookieName] = HTTPCookies.Value(
            string: cookieValue(key: key), expires: nil, maxAge: Int(Self.lifetime), path: "/",
            isSecure: request.isSecureConnection, isHTTPOnly: true, sameSite: .lax)
    }
}

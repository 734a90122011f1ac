import Foundation
import Vapor

/// A one-time message shown on the next page after a redirect (post/redirect/get). Carried in a short-lived
/// cookie, so it works on any node of a multi-node deployment.
struct Flash: Sendable, Equatable {
    enum Kind: String, Sendable {
        case success, error, info, warning
    }

    let kind: Kind
    let message: String

    static let cookieName = "seedbed_flash"
}

extension Request {
    /// The flash message carried by this request, if any (cleared by the response).
    var flash: Flash? {
        guard let raw = cookies[Flash.cookieName]?.string,
              let decoded = raw.removingPercentEncoding,
              let separator = decoded.firstIndex(of: ":"),
              let kind = Flash.Kind(rawValue: String(decoded[..<separator]))
        else { return nil }
        return Flash(kind: kind, message: String(decoded[decoded.index(after: separator)...]))
    }

    /// A redirect that shows `message` on the next page.
    func redirect(to path: String, flash: Flash) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        let encoded = (flash.kind.rawValue + ":" + flash.message)
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        response.cookies[Flash.cookieName] = HTTPCookies.Value(
            string: encoded, maxAge: 60, path: "/", isSecure: isSecureConnection, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Whether the client reached us over TLS (directly, or through a trusted proxy that says so).
    var isSecureConnection: Bool {
        if config.forceSecureCookies { return true }
        if application.http.server.configuration.tlsConfiguration != nil { return true }
        if config.trustProxyHeaders, headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https" { return true }
        return false
    }

    /// The client's address: the socket peer, or, behind a trusted proxy, the last `X-Forwarded-For` hop — the
    /// one our proxy appended. Earlier hops come from the client and could be forged to dodge the IP lockout.
    var clientIP: String {
        if config.trustProxyHeaders, let forwarded = headers[("X-Forwarded-For")].last {
            let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
            if let last, !last.isEmpty { return String(last.prefix(64)) }
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Clears a flash cookie once the page that shows it has been rendered.
struct FlashClearingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.cookies[Flash.cookieName] != nil, response.cookies[Flash.cookieName] == nil,
           response.status == .ok
        {
            response.cookies[Flash.cookieName] = .expired
        }
        return response
    }
}

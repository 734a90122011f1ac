import Fluent
import Vapor

/// Cross-site request forgery protection for every form (signed double-submit cookie, bound to the session).
///
/// Each browser gets a random `seedbed_csrf` cookie; a form's token is an HMAC of that cookie and the session
/// under the server secret. A state-changing request without a matching token is refused, whatever its
/// route. The API is exempt: it authenticates with bearer tokens, which a browser never sends by itself.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "seedbed_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        let exempt = path.hasPrefix("/api/") || path.hasPrefix("/static/")
        if !exempt, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            try await verify(request)
        }
        let response = try await next.respond(to: request)
        if let fresh = request.storage[FreshCSRFCookieKey.self] {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: fresh, path: "/", isSecure: request.isSecureConnection, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// Checks the token before anything reads the body. A path without a route is answered 404 unread; a
    /// multipart upload must carry its token in the URL (`UI.uploadAction`) or a header, so an anonymous 60 MB
    /// post is refused unread; a urlencoded form is read up to the platform's small default limit only.
    private func verify(_ request: Request) async throws {
        guard request.route != nil else { throw AppError.notFound() }
        guard let cookie = request.cookies[Self.cookieName]?.string, !cookie.isEmpty else {
            throw Self.refusal(request)
        }
        var submitted = request.headers.first(name: "X-CSRF-Token") ?? request.query[String.self, at: Self.fieldName]
        if submitted == nil {
            guard request.headers.contentType?.type != "multipart" else { throw Self.refusal(request) }
            if request.body.data == nil {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            submitted = try? request.content.get(String.self, at: Self.fieldName)
        }
        let expected = try await Self.token(cookie: cookie, request: request)
        guard let submitted, Self.constantTimeEquals(submitted, expected) else {
            throw Self.refusal(request)
        }
    }

    private static func refusal(_ request: Request) -> any Error {
        if request.storage[SessionExpiredKey.self] == true {
            return Abort.redirect(to: "/login?expired=1")
        }
        return AppError(status: .forbidden, code: "csrf",
                        message: "页面已过期或请求来源无法确认，请刷新页面后重试")
    }

    static func token(cookie: String, request: Request) async throws -> String {
        let key = try await request.application.secretStore.key(on: request.db)
        let session = request.auth.get(CurrentUser.self)?.sessionID ?? ""
        let mac = HMAC<SHA256>.authenticationCode(for: Data((cookie + "|" + session).utf8), using: key)
        return Data(mac).base64URLEncoded()
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<x.count { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

private struct FreshCSRFCookieKey: StorageKey { typealias Value = String }

extension Request {
    /// The token forms on this page must carry. Creates the browser's CSRF cookie when it has none.
    func csrfToken() async throws -> String {
        let cookie: String
        if let existing = cookies[CSRFMiddleware.cookieName]?.string, !existing.isEmpty {
            cookie = existing
        } else if let fresh = storage[FreshCSRFCookieKey.self] {
            cookie = fresh
        } else {
            cookie = RandomToken.make(bytes: 24)
            storage[FreshCSRFCookieKey.self] = cookie
        }
        return try await CSRFMiddleware.token(cookie: cookie, request: self)
    }
}

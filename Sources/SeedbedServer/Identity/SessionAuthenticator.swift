import Fluent
import SQLKit
import Vapor

/// Signs the request in from its session cookie. Sessions live in the database: an idle session (30 minutes
/// by default) is deleted and the person is sent to the login page; sign-out deletes the row, so a copied
/// cookie is worthless afterwards.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "seedbed_session"
    /// `last_seen_at` is written at most this often, so browsing does not write on every request.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard !request.url.path.hasPrefix("/static/"),
              let token = request.cookies[Self.cookieName]?.string, !token.isEmpty
        else { return try await next.respond(to: request) }

        var clearCookie = false
        let sessionID = RandomToken.sha256Hex(token)
        let now = request.now
        // The session with its user, organisation and enterprise in one select.
        let found: SignedInRow?
        if let sql = request.db as? any SQLDatabase {
            found = try await SignedInRow.first(
                SignedInRow.select(sql, session: true).where(SQLColumn("id", table: "s"), .equal, SQLBind(sessionID)),
                session: true, on: sql)
        } else {
            found = nil
        }
        if let found, let userID = found.sessionUserID, let lastSeenAt = found.sessionLastSeenAt {
            if now.timeIntervalSince(lastSeenAt) > request.config.sessionIdleTimeout {
                try await UserSession.query(on: request.db).filter(\.$id == sessionID).delete()
                request.storage[SessionExpiredKey.self] = true
                clearCookie = true
                try? await AuditLogger(database: request.db, actor: nil, ip: request.clientIP, now: now)
                    .record(.sessionTimeout, targetType: "user", targetID: String(userID),
                            account: try await User.find(userID, on: request.db)?.account)
            } else if let user = try found.user(policy: request.config.passwordPolicy, now: now, sessionID: sessionID,
                                                apiTokenID: nil)
            {
                request.auth.login(user)
                if now.timeIntervalSince(lastSeenAt) > Self.touchInterval {
                    try await UserSession.query(on: request.db).filter(\.$id == sessionID)
                        .set(\.$lastSeenAt, to: now).update()
                }
            } else {
                // The user was disabled or deleted: the session dies with it.
                try await UserSession.query(on: request.db).filter(\.$id == sessionID).delete()
                clearCookie = true
            }
        } else {
            clearCookie = true
        }
        let response = try await next.respond(to: request)
        if clearCookie, response.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = .expired
        }
        return response
    }

    /// Opens a session for a user and sets its cookie on `response`.
    static func open(for userID: Int, request: Request, response: Response) async throws {
        let token = RandomToken.make()
        let session = UserSession(id: RandomToken.sha256Hex(token), userID: userID, now: request.now,
                                  ip: request.clientIP,
                                  userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(255)) })
        try await session.create(on: request.db)
        response.cookies[cookieName] = HTTPCookies.Value(
            string: token, expires: nil, maxAge: nil, path: "/", isSecure: request.isSecureConnection,
            isHTTPOnly: true, sameSite: .lax)
    }
}

/// Signs API requests in from `Authorization: Bearer …`; tokens are stored hashed and carry their account's
/// data scope.
struct APITokenAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Tokens only: a browser's session cookie is sent by any page that links here, so the API does not take
        // it (the UI's CSRF protection does not cover GETs that read data as JSON).
        request.auth.logout(CurrentUser.self)
        if let bearer = request.headers.bearerAuthorization?.token, !bearer.isEmpty, bearer.utf8.count <= 256 {
            let hash = RandomToken.sha256Hex(bearer)
            if let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).first(),
               token.revokedAt == nil, let tokenID = token.id,
               // A demo account's token works only while the server runs in demo mode, as its password does.
               try await Self.allowed(userID: token.userID, request: request),
               let user = try await CurrentUser.load(userID: token.userID, on: request.db,
                                                     policy: request.config.passwordPolicy, now: request.now,
                                                     apiTokenID: tokenID)
            {
                request.auth.login(user)
                if token.lastUsedAt.map({ request.now.timeIntervalSince($0) > 60 }) ?? true {
                    token.lastUsedAt = request.now
                    try await token.save(on: request.db)
                }
            }
        }
        return try await next.respond(to: request)
    }

    private static func allowed(userID: Int, request: Request) async throws -> Bool {
        if request.config.demo { return true }
        guard let user = try await User.find(userID, on: request.db) else { return false }
        return !user.isDemo
    }
}

/// Keeps people who must change their password (first login, reset by an administrator, expired) on the
/// change-password page until they have.
struct PasswordChangeGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let user = request.auth.get(CurrentUser.self), user.needsPasswordChange, user.apiTokenID == nil {
            return request.redirect(to: Page.password.path)
        }
        return try await next.respond(to: request)
    }
}

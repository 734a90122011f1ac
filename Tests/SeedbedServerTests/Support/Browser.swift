import Foundation
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// A cookie-keeping client that uses the platform the way a browser does: it reads CSRF tokens from the
/// pages it gets, posts forms, follows nothing by itself, and comes from one IP address.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var ip: String
    private(set) var lastBody = ""

    init(_ app: Application, ip: String = "10.0.0.1") {
        self.app = app
        self.ip = ip
    }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: extra, body: nil)
    }

    /// Posts a urlencoded form; with `csrfFrom` the token is taken from that page first (default: the login page,
    /// which every visitor can open), `csrf: false` sends none.
    @discardableResult
    func post(_ path: String, form: [String: String], csrf: Bool = true, csrfFrom: String? = nil)
        async throws -> TestingHTTPResponse
    {
        var fields = form
        if csrf, fields["_csrf"] == nil {
            fields["_csrf"] = try await csrfToken(from: csrfFrom ?? (cookies[SessionAuthenticator.cookieName] == nil ? "/login" : "/account/password"))
        }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(Self.encode(key))=\(Self.encode(value))"
        }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a urlencoded form whose keys may repeat, as checked checkboxes of one name do.
    @discardableResult
    func post(_ path: String, pairs: [(String, String)], csrfFrom: String) async throws -> TestingHTTPResponse {
        let fields = pairs + [("_csrf", try await csrfToken(from: csrfFrom))]
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a multipart form with one file, as a browser's file upload does.
    @discardableResult
    func upload(_ path: String, form: [String: String], file: (field: String, name: String, data: Data),
                csrfFrom: String) async throws -> TestingHTTPResponse {
        let fields = form
        // As the upload forms do (`UI.uploadAction`): the token rides in the URL, so it is checked before the body is read.
        let token = try await csrfToken(from: csrfFrom)
        let target = path + (path.contains("?") ? "&" : "?") + "_csrf=" + Self.encode(token)
        let boundary = "----seedbed\(UUID().uuidString)"
        var body = Data()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, target, headers: headers, body: ByteBuffer(data: body))
    }

    func csrfToken(from path: String) async throws -> String {
        let response = try await get(path)
        guard let token = Self.extract(#"name="_csrf" value="([^"]+)""#, from: response.body.string) else {
            throw TestSetupError.missing("CSRF token on \(path) (status \(response.status.code))")
        }
        return token
    }

    /// Signs in (captcha off) and checks it worked.
    func login(_ account: String, password: String = Fixtures.password) async throws {
        let response = try await post("/login", form: ["account": account, "password": password])
        guard response.status == .seeOther, cookies[SessionAuthenticator.cookieName] != nil else {
            throw TestSetupError.missing("login of \(account) failed: \(response.status.code) \(Self.alertText(response.body.string) ?? "")")
        }
    }

    private func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders, body: ByteBuffer?)
        async throws -> TestingHTTPResponse
    {
        var headers = extra
        headers.replaceOrAdd(name: "X-Forwarded-For", value: ip)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            if header.lowercased().contains("expires=thu, 01 jan 1970") || header.lowercased().contains("max-age=0") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        lastBody = response.body.string
        return response
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func extract(_ pattern: String, from text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// Every first capture group of `pattern` in `text`, in order.
    static func extractAll(_ pattern: String, from text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard match.numberOfRanges > 1 else { return nil }
            return Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Every field error on a page, to show in failure messages.
    static func fieldErrors(_ html: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: #"class="error"[^>]*>([^<]+)<"#) else { return [] }
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// The text of the first alert on a page, to show in failure messages.
    static func alertText(_ html: String) -> String? {
        extract(#"role="alert">([^<]+)<"#, from: html)
    }
}

extension TestingHTTPResponse {
    var location: String { headers.first(name: .location) ?? "" }
}

import CZlib
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// The version of what the public pages show (published articles, the portal's settings), kept in one `settings`
/// row like `DashboardVersion`, so every node agrees. Whatever changes a public page through the platform bumps
/// it; each node compares it with the version its cached pages were rendered at.
enum ContentVersion {
    static let key = "content_version"

    /// The stored version; 0 before the first change.
    static func current(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await Setting.counter(key, on: sql)
    }

    /// Moves the version on by one (creating the row on first use), atomically in SQL.
    static func bump(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await Setting.increment(key, on: sql)
    }
}

extension Request {
    /// Call after a change a visitor sees on a public page: bumps the stored version, and this node drops its cached
    /// pages at once (other nodes within `publicCacheCheckInterval`).
    func publicContentChanged() async throws {
        try await ContentVersion.bump(on: db)
        application.publicPageCache.invalidate()
    }
}

/// Rendered public pages, held per node and answered without rendering while the content version stays. Only for
/// anonymous visitors (no session, no flash message, no credentials) on routes marked `cachedForVisitors()`, only
/// 200 HTML without a CSRF field, so a page carrying a token or anybody's data is never stored. Each entry keeps
/// its plain and gzip bytes, an ETag and Last-Modified; a matching If-None-Match or If-Modified-Since is 304.
final class PublicPageCache: Sendable {
    static let routeKey: AnySendableHashable = "seedbed.publicPageCache"
    /// Addresses with queries (search, paging) are entries too: at most this many, the oldest dropped first.
    static let maxEntries = 512
    /// A page larger than this is not kept.
    static let maxPageBytes = 1 << 20

    struct Entry: Sendable {
        let version: Int
        let renderedAt: UInt64
        let plain: ByteBuffer
        let gzip: ByteBuffer?
        let etag: String
        let lastModified: String
        let modifiedSeconds: Int
        let contentType: String
        /// What the middleware inside added to the rendered page (security headers), sent with every copy.
        let headers: [(String, String)]
    }

    /// Headers the cache sets itself, or that belong to one answer only.
    private static let ownHeaders: Set<String> = [
        "set-cookie", "content-length", "content-type", "cache-control", "etag", "last-modified", "vary",
        "content-encoding", "transfer-encoding", "date", "server", "connection",
    ]

    private struct State {
        var entries: [String: Entry] = [:]
        var version: Int?
        var lastCheck: UInt64 = 0
        var checking = false
        var hits = 0
        var misses = 0
    }

    let enabled: Bool
    private let checkInterval: UInt64
    private let maximumAge: UInt64
    private let state = NIOLockedValueBox(State())

    init(settings: ObservabilitySettings) {
        enabled = settings.publicCacheEnabled
        checkInterval = UInt64(max(0, settings.publicCacheCheckInterval) * 1e9)
        maximumAge = UInt64(max(1, settings.publicCacheMaximumAge) * 1e9)
    }

    private static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The version known to be current without asking the database, or nil when it is due to be asked.
    func knownVersion() -> Int? {
        let now = Self.uptime()
        return state.withLockedValue { state in
            guard let version = state.version else { return nil }
            return state.checking || now &- state.lastCheck < checkInterval ? version : nil
        }
    }

    /// The content version, asked of the database at most every `checkInterval` (one request asks; the others
    /// meanwhile use the version known). A moved version drops every entry.
    func version(on db: any Database) async throws -> Int {
        let now = Self.uptime()
        let known: Int? = state.withLockedValue { state in
            guard let version = state.version else { return nil }
            if state.checking || now &- state.lastCheck < checkInterval { return version }
            state.checking = true
            return nil
        }
        if let known { return known }
        do {
            let stored = try await ContentVersion.current(on: db)
            state.withLockedValue { state in
                if state.version != stored { state.entries.removeAll() }
                state.version = stored
                state.lastCheck = Self.uptime()
                state.checking = false
            }
            return stored
        } catch {
            state.withLockedValue { $0.checking = false }
            throw error
        }
    }

    /// Forgets every page and asks the database again on the next request (this node changed the content).
    func invalidate() {
        state.withLockedValue { state in
            state.entries.removeAll()
            state.version = nil
            state.checking = false
        }
    }

    /// The page kept for `key` at `version`, younger than the maximum age; counted as a hit.
    func entry(_ key: String, version: Int) -> Entry? {
        let now = Self.uptime()
        return state.withLockedValue { state in
            guard let entry = state.entries[key], entry.version == version, now &- entry.renderedAt < maximumAge else {
                return nil
            }
            state.hits += 1
            return entry
        }
    }

    /// Keeps a rendered page; nil when it may not be kept (not 200 HTML, too large, or it carries a CSRF field).
    func store(_ key: String, version: Int, response: Response, now: Date) -> Entry? {
        guard response.status == .ok, response.headers.contentType == .html, response.cookies.all.isEmpty
                || response.cookies.all.keys.allSatisfy({ $0 == CSRFMiddleware.cookieName }),
              let body = response.body.buffer, body.readableBytes <= Self.maxPageBytes
        else { return nil }
        let bytes = body.readableBytesView
        guard !Self.contains(bytes, Array("name=\"\(CSRFMiddleware.fieldName)\"".utf8)) else { return nil }
        let gzip = bytes.count >= 1024 ? Gzip.compress(Array(bytes)).map { ByteBuffer(bytes: $0) } : nil
        let seconds = Int(now.timeIntervalSince1970)
        let headers = response.headers.filter { !Self.ownHeaders.contains($0.name.lowercased()) }
            .map { ($0.name, $0.value) }
        let entry = Entry(version: version, renderedAt: Self.uptime(), plain: body, gzip: gzip,
                          etag: "\"v\(version)-\(String(Self.fnv1a(bytes), radix: 36))\"",
                          lastModified: Self.httpDate(now), modifiedSeconds: seconds,
                          contentType: "text/html; charset=utf-8", headers: headers)
        state.withLockedValue { state in
            state.misses += 1
            guard state.version == version else { return }
            if state.entries[key] == nil, state.entries.count >= Self.maxEntries,
               let oldest = state.entries.min(by: { $0.value.renderedAt < $1.value.renderedAt })?.key
            {
                state.entries.removeValue(forKey: oldest)
            }
            state.entries[key] = entry
        }
        return entry
    }

    func statistics() -> (entries: Int, bytes: Int, hits: Int, misses: Int) {
        state.withLockedValue { state in
            let bytes = state.entries.values.reduce(0) { $0 + $1.plain.readableBytes + ($1.gzip?.readableBytes ?? 0) }
            return (state.entries.count, bytes, state.hits, state.misses)
        }
    }

    /// The answer to `request` from `entry`: 304 when the client holds it, gzip bytes when it accepts them.
    static func response(_ entry: Entry, for request: Request) -> Response {
        let gzip = entry.gzip != nil && acceptsGzip(request.headers)
        let etag = gzip ? String(entry.etag.dropLast()) + "-gz\"" : entry.etag
        var headers = HTTPHeaders(entry.headers)
        headers.add(name: .contentType, value: entry.contentType)
        headers.add(name: .cacheControl, value: "no-cache")
        headers.add(name: .eTag, value: etag)
        headers.add(name: .lastModified, value: entry.lastModified)
        headers.add(name: .vary, value: "Accept-Encoding, Cookie")
        if notModified(request.headers, entry: entry) {
            return Response(status: .notModified, headers: headers)
        }
        if gzip, let bytes = entry.gzip {
            headers.add(name: .contentEncoding, value: "gzip")
            return Response(status: .ok, headers: headers, body: .init(buffer: bytes))
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: entry.plain))
    }

    /// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); a tag matches in either encoding.
    static func notModified(_ headers: HTTPHeaders, entry: Entry) -> Bool {
        let tags = headers[.ifNoneMatch]
        if !tags.isEmpty {
            let plain = entry.etag
            let gzip = String(plain.dropLast()) + "-gz\""
            for value in tags {
                for raw in value.split(separator: ",") {
                    var tag = raw.trimmingCharacters(in: .whitespaces)
                    if tag == "*" { return true }
                    if tag.hasPrefix("W/") { tag.removeFirst(2) }
                    if tag == plain || tag == gzip { return true }
                }
            }
            return false
        }
        if let since = headers.first(name: .ifModifiedSince), let date = parseHTTPDate(since) {
            return Int(date.timeIntervalSince1970) >= entry.modifiedSeconds
        }
        return false
    }

    static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        for value in headers[.acceptEncoding] {
            for part in value.split(separator: ",") {
                let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = pieces.first, coding == "gzip" || coding == "*" else { continue }
                let refused = pieces.dropFirst().contains { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }
                if refused { continue }
                return true
            }
        }
        return false
    }

    private static func contains(_ haystack: ByteBufferView, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    private static func fnv1a(_ bytes: ByteBufferView) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static let httpDateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = httpDateFormat
        return formatter.string(from: date)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = httpDateFormat
        return formatter.date(from: text)
    }
}

/// Answers marked routes from `PublicPageCache` for anonymous GETs; everything else passes through untouched.
/// First after the request log: a page kept at the known version is answered on the event loop without a task or
/// any further middleware (the security headers the rendered page got are kept with it). A miss, or a version due
/// to be checked, renders through the whole chain (errors, security headers, session, CSRF) and keeps the result.
/// The key holds the scheme, so a page with Strict-Transport-Security never goes to a plain-HTTP request.
struct PublicPageCacheMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let cache = request.application.publicPageCache
        guard cache.enabled, request.method == .GET, Self.isAnonymous(request),
              let route = request.route, route.userInfo[PublicPageCache.routeKey] != nil
        else { return next.respond(to: request) }
        let key = (request.isSecureConnection ? "https " : "http ") + request.url.string
        if let version = cache.knownVersion(), let entry = cache.entry(key, version: version) {
            return request.eventLoop.makeSucceededFuture(PublicPageCache.response(entry, for: request))
        }
        return request.eventLoop.makeFutureWithTask {
            // The database cannot say the version: render as if there were no cache.
            guard let version = try? await cache.version(on: request.db) else {
                return try await next.respond(to: request).get()
            }
            if let entry = cache.entry(key, version: version) { return PublicPageCache.response(entry, for: request) }
            let rendered = try await next.respond(to: request).get()
            guard let entry = cache.store(key, version: version, response: rendered, now: Date()) else {
                return rendered
            }
            return PublicPageCache.response(entry, for: request)
        }
    }

    /// No session and no flash message (both would change the page), no credentials.
    static func isAnonymous(_ request: Request) -> Bool {
        if request.headers.contains(name: .authorization) { return false }
        guard request.headers.contains(name: .cookie) else { return true }
        let cookies = request.cookies
        return cookies[SessionAuthenticator.cookieName] == nil && cookies[Flash.cookieName] == nil
    }
}

extension RoutesBuilder {
    /// A GET route whose anonymous answer `PublicPageCacheMiddleware` may keep and reuse until the content version
    /// moves. Only for pages that show published content and nothing of the visitor.
    @discardableResult
    func cachedForVisitors(_ path: PathComponent...,
                           use closure: @Sendable @escaping (Request) async throws -> HTMLPage) -> Route {
        let route = get(path, use: closure)
        route.userInfo[PublicPageCache.routeKey] = true
        return route
    }
}

extension Application {
    private struct PublicPageCacheKey: StorageKey { typealias Value = PublicPageCache }

    /// This node's cache of public pages (set by `configure`).
    var publicPageCache: PublicPageCache {
        get {
            if let cache = storage[PublicPageCacheKey.self] { return cache }
            let cache = PublicPageCache(settings: config.observability)
            storage[PublicPageCacheKey.self] = cache
            return cache
        }
        set { storage[PublicPageCacheKey.self] = newValue }
    }
}

/// gzip (RFC 1952) of a whole buffer through zlib, for pages compressed once and sent many times.
enum Gzip {
    static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer around the DEFLATE data.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let capacity = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: capacity)
        let result: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}

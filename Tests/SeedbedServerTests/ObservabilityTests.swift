import Fluent
import Foundation
import NIOConcurrencyHelpers
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// What an operator relies on: `/metrics` for the scraper only, `/readyz` for the proxy (503 while draining), and
/// the public page cache that serves visitors the current content, never a signed-in user's page.
@Suite("运维：指标、就绪检查与公开页面缓存")
struct ObservabilityTests {
    static let token = "metrics-token-for-tests-0123456789"

    @Test("/metrics 按路由模式计数请求（不含具体地址），只给本机或持令牌的抓取方")
    func metricsByRoutePattern() async throws {
        try await withSeedbedApp({ $0.observability.metricsToken = Self.token }) { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let id = try await ContentTests.createDraft(admin, ContentTests.article(title: "指标测试公告"))
            _ = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")
            #expect(try await app.testing().sendRequest(.GET, "/notices/\(id)").status == .ok)

            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = BearerAuthorization(token: Self.token)
            let scrape = try await app.testing().sendRequest(.GET, "/metrics", headers: bearer)
            #expect(scrape.status == .ok)
            #expect(scrape.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = scrape.body.string
            #expect(text.contains(#"http_requests_total{method="GET",path="/notices/:id",status="2xx"}"#))
            #expect(text.contains(#"http_request_duration_seconds_bucket{method="GET",path="/notices/:id",status="2xx""#))
            #expect(!text.contains("/notices/\(id)\""), "the address itself is never a label")
            #expect(text.contains("seedbed_jobs{status=\"queued\"} 0.0"))
            #expect(text.contains("seedbed_jobs_oldest_queued_age_seconds 0.0"))
            #expect(text.contains("seedbed_database_up 1.0"))
            #expect(text.contains("seedbed_draining 0.0"))
            #expect(text.contains("seedbed_content_version "))
            #expect(!text.contains("指标测试公告"), "no content in the metrics")

            // A remote caller (no loopback peer) without the token, or with a wrong one, is refused.
            #expect(try await app.testing().sendRequest(.GET, "/metrics").status == .unauthorized)
            var wrong = HTTPHeaders()
            wrong.bearerAuthorization = BearerAuthorization(token: "not-the-token")
            #expect(try await app.testing().sendRequest(.GET, "/metrics", headers: wrong).status == .unauthorized)
        }
    }

    @Test("/metrics：本机直连可读；经代理转发（X-Forwarded-For）的请求被拒绝")
    func metricsLoopbackOnly() async throws {
        try await withSeedbedApp { app in
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let local = try await live.sendRequest(.GET, "/metrics")
            #expect(local.status == .ok)
            #expect(local.body.string.contains("seedbed_database_up 1.0"))
            var proxied = HTTPHeaders()
            proxied.add(name: "X-Forwarded-For", value: "203.0.113.9")
            #expect(try await live.sendRequest(.GET, "/metrics", headers: proxied).status == .unauthorized)
        }
    }

    @Test("/readyz：就绪为 200；停止前排空时为 503 并说明原因，/healthz 仍为 200")
    func readinessAndDrain() async throws {
        try await withSeedbedApp { app in
            let ready = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.body.string.contains(#""status":"ready""#))

            app.readiness.beginDraining()
            let draining = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(draining.status == .serviceUnavailable)
            #expect(draining.headers.contentType == .json)
            #expect(draining.body.string.contains(#""reason":"draining""#))
            #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok, "alive, only not ready")
        }
    }

    @Test("/readyz：数据库未迁移时为 503（migrations_pending）")
    func readinessNeedsMigrations() async throws {
        let app = try await Application.make(.testing)
        do {
            var config = testConfig()
            config.database = .sqliteMemory(identifier: UUID().uuidString)
            try await configure(app, config: config)
            let response = try await app.testing().sendRequest(.GET, "/readyz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains(#""reason":"migrations_pending""#))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("公开页面缓存：访客得到同一份页面与 ETag，304；发布或修改文章后立即看到新内容；gzip")
    func publicCacheFollowsContent() async throws {
        try await withSeedbedApp({ $0.observability.publicCacheCheckInterval = 60 }) { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let id = try await ContentTests.createDraft(admin, ContentTests.article(title: "缓存测试原标题"))
            _ = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")

            let first = try await app.testing().sendRequest(.GET, "/")
            #expect(first.status == .ok && first.body.string.contains("缓存测试原标题"))
            let etag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .lastModified) != nil)
            #expect(first.headers.first(name: "X-Frame-Options") == "DENY", "security headers on cached pages too")
            #expect(first.headers[.setCookie].isEmpty, "a cached page sets no cookie")

            // The page is kept: a change made behind the platform's back (no version bump) is not re-rendered.
            let article = try #require(try await Article.find(id, on: app.db))
            article.title = "绕过平台的修改"
            try await article.save(on: app.db)
            let again = try await app.testing().sendRequest(.GET, "/")
            #expect(again.headers.first(name: .eTag) == etag)
            #expect(again.body.string.contains("缓存测试原标题"))

            var conditional = HTTPHeaders()
            conditional.add(name: .ifNoneMatch, value: etag)
            let unchanged = try await app.testing().sendRequest(.GET, "/", headers: conditional)
            #expect(unchanged.status == .notModified)
            #expect(unchanged.body.readableBytes == 0)

            var gzip = HTTPHeaders()
            gzip.add(name: .acceptEncoding, value: "gzip, deflate, br")
            let compressed = try await app.testing().sendRequest(.GET, "/", headers: gzip)
            #expect(compressed.headers.first(name: .contentEncoding) == "gzip")
            #expect(Array(compressed.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            #expect(compressed.body.readableBytes < first.body.readableBytes)

            // An edit through the platform bumps the content version: the next visitor sees the new title at once.
            let edited = try await admin.post("/admin/content/\(id)", form: ContentTests.article(title: "缓存测试新标题"),
                                              csrfFrom: "/admin/content/\(id)")
            #expect(edited.status == .seeOther)
            let fresh = try await app.testing().sendRequest(.GET, "/")
            #expect(fresh.body.string.contains("缓存测试新标题"))
            #expect(!fresh.body.string.contains("缓存测试原标题"))
            #expect(fresh.headers.first(name: .eTag) != etag)
            #expect(try await app.testing().sendRequest(.GET, "/", headers: conditional).status == .ok,
                    "the old ETag no longer matches")
            let detail = try await app.testing().sendRequest(.GET, "/notices/\(id)")
            #expect(detail.body.string.contains("缓存测试新标题"))

            // Withdrawn: gone from the cached list and the article is 404 at once.
            _ = try await admin.post("/admin/content/\(id)/withdraw", form: ["confirmed": "1"],
                                     csrfFrom: "/admin/content/\(id)")
            #expect(!(try await app.testing().sendRequest(.GET, "/notices").body.string.contains("缓存测试新标题")))
            #expect(try await app.testing().sendRequest(.GET, "/notices/\(id)").status == .notFound)
        }
    }

    @Test("登录用户从不拿到为访客缓存的页面")
    func signedInNeverGetsTheVisitorsPage() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let visitor = try await app.testing().sendRequest(.GET, "/")
            #expect(visitor.body.string.contains(#"href="/login""#))
            #expect(visitor.headers.first(name: .eTag) != nil)

            let user = Browser(app)
            try await user.login("city-dl")
            let page = try await user.get("/")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("进入工作台"))
            #expect(!page.body.string.contains(#"class="login-link" href="/login""#))
            #expect(page.headers.first(name: .eTag) == nil, "rendered for this user, not from the cache")
            #expect(page.headers.first(name: .cacheControl) == "no-store")

            // A flash message belongs to one visitor too: such a request is rendered, not served from the cache.
            var flash = HTTPHeaders()
            flash.add(name: .cookie, value: "\(Flash.cookieName)=info%3A%E5%B7%B2%E9%80%80%E5%87%BA")
            let flashed = try await app.testing().sendRequest(.GET, "/", headers: flash)
            #expect(flashed.headers.first(name: .eTag) == nil)
            #expect(flashed.body.string.contains("已退出"))
        }
    }

    @Test("JSON 日志：每行一个对象，含级别、标签、消息与 request-id 元数据，特殊字符已转义")
    func jsonLogLines() {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "seedbed.test") { label in
            JSONLogHandler(label: label, level: .debug) { line in lines.withLockedValue { $0.append(line) } }
        }
        logger[metadataKey: "request-id"] = "abc-123"
        logger.info("第一行\n\"引号\"", metadata: ["path": "/notices/:id"])
        logger.trace("below the level")
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1)
        let line = written.first
        #expect(line?.hasSuffix("}\n") == true)
        let object = line.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(object?["level"] as? String == "info")
        #expect(object?["label"] as? String == "seedbed.test")
        #expect(object?["message"] as? String == "第一行\n\"引号\"")
        let metadata = object?["metadata"] as? [String: Any]
        #expect(metadata?["request-id"] as? String == "abc-123")
        #expect(metadata?["path"] as? String == "/notices/:id")
        #expect((object?["timestamp"] as? String)?.hasSuffix("Z") == true)
    }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import NIOHTTP1
import SeedbedServer
import SQLKit
import Vapor

/// `seedbed-bench http --enterprises N --database URL [--seconds S] [--connections C] [--binary PATH]`: the pages
/// a user opens, measured from outside as a browser sees them. Loads the demo data when the database holds fewer
/// than N enterprises (`seedbed demo`), starts `seedbed serve --demo` on a free port, times the cold start (spawn
/// until 企业总览 answers 200 for the signed-in city account), signs in the demo accounts, then with C keep-alive
/// connections drives the public home alone for S seconds, the fixed page mix (`PageMix`) for S seconds, and —
/// where nginx is installed — nginx serving the home page's exact bytes for S seconds with the same generator.
/// Prints one JSON line per (page, role) of the mix, one for the home page alone and one for nginx, then a
/// summary line; everything it started is stopped at the end, also on error.
struct HTTPBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "enterprises", help: "企业数（默认 2000）；数据库中不足时用 seedbed demo 补足")
        var enterprises: Int?
        @Option(name: "database", help: "postgres://…、sqlite:PATH 或 SQLite 文件路径")
        var database: String?
        @Option(name: "seconds", help: "每一阶段施压秒数（默认 30）")
        var seconds: Int?
        @Option(name: "connections", help: "并发连接数（默认 32）")
        var connections: Int?
        @Option(name: "binary", help: "seedbed 可执行文件（默认与 seedbed-bench 同目录）")
        var binary: String?
    }

    var help: String {
        "页面基准：启动 seedbed serve，按角色访问固定页面组合，每页输出一行 JSON（p50_ms, p95_ms, p99_ms, rps, errors），"
            + "最后一行汇总（rss_mb, cold_start_seconds, home_rps, nginx_rps, home_vs_nginx）"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let enterprises = signature.enterprises ?? 2_000
        let seconds = signature.seconds ?? 30
        let connections = signature.connections ?? 32
        guard (1...5_000_000).contains(enterprises), (1...3_600).contains(seconds), (1...1_024).contains(connections)
        else {
            context.console.error("企业数须在 1–5,000,000 之间，秒数须在 1–3600 之间，连接数须在 1–1024 之间")
            throw BenchmarkError.invalidArgument("http")
        }
        guard let database = signature.database.map(Self.databaseURL), !database.isEmpty else {
            context.console.error("请用 --database 指定数据库（postgres://… 或 sqlite:PATH）")
            throw BenchmarkError.invalidArgument("--database")
        }
        guard let binary = signature.binary ?? Self.siblingBinary(),
              FileManager.default.isExecutableFile(atPath: binary)
        else {
            context.console.error("找不到 seedbed 可执行文件：请先 swift build --product seedbed，或用 --binary 指定")
            throw BenchmarkError.invalidArgument("--binary")
        }
        let run = HTTPBenchRun(application: context.application, binary: binary, database: database,
                               enterprises: enterprises, seconds: seconds, connections: connections)
        do {
            let lines = try await run.execute()
            await run.stopAll()
            for line in lines { context.console.print(line) }
            run.removeWorkDirectory()
        } catch {
            await run.stopAll()
            context.console.error("页面基准失败：\(error)")
            context.console.error("日志保留在 \(run.workDirectory)")
            throw error
        }
    }

    /// `postgres://…` and `sqlite:…` as given; anything else is a SQLite file path.
    static func databaseURL(_ argument: String) -> String {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://")
            || trimmed.hasPrefix("sqlite:")
        {
            return trimmed
        }
        return "sqlite:" + trimmed
    }

    /// `seedbed` beside the running `seedbed-bench` (both are products of the same build).
    static func siblingBinary() -> String? {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments.first
        guard let own else { return nil }
        return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("seedbed").path
    }
}

/// One run of the HTTP benchmark: the processes it started and the figures it collected.
final class HTTPBenchRun: @unchecked Sendable {
    // @unchecked: the run is driven by one task from start to end; `children` changes only in that task.
    let application: Application
    let binary: String
    let database: String
    let enterprises: Int
    let seconds: Int
    let connections: Int
    let workDirectory: String
    private var children: [ChildProcess] = []
    private let host = "127.0.0.1"

    init(application: Application, binary: String, database: String, enterprises: Int, seconds: Int,
         connections: Int) {
        self.application = application
        self.binary = binary
        self.database = database
        self.enterprises = enterprises
        self.seconds = seconds
        self.connections = connections
        workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedbed-bench-http-\(UUID().uuidString.prefix(8))").path
    }

    private var group: any EventLoopGroup { application.eventLoopGroup }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The environment of the platform's processes: the benchmark's database, no captcha, quiet logs.
    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = database
        environment["SEEDBED_CAPTCHA"] = "off"
        // A cache of this run's own: the first start builds the snapshot from rows, the restart reads its file.
        environment["SEEDBED_CACHE_DIR"] = workDirectory + "/cache"
        if environment["LOG_LEVEL"] == nil { environment["LOG_LEVEL"] = "warning" }
        return environment
    }

    func execute() async throws -> [String] {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        try await loadDemoData()

        // First start (no snapshot file yet: built from rows), stopped as a deployment stops a node; then the
        // restart the issue times, from spawning the server until the city account's 企业总览 answers 200, and
        // full service: until the first national library page answers too (its base is loaded after the snapshot).
        let firstStart = try await startUntilOverview()
        note(String(format: "首次启动 %.2f 秒（无快照文件，从数据库构建）", firstStart.seconds))
        // Let the first start finish what a running node has: the library base loaded and both files written.
        let library = "/libraries/" + PageMix.libraryIDs[1].rawValue
        let firstNational = try await signIn(PageMix.government[0], connection: firstStart.connection)
        _ = try await firstStart.connection.send(.GET, library, headers: ["Cookie": firstNational], timeout: .minutes(15))
        let cacheFiles = ["overview.snapshot", "libraries.base"].map { workDirectory + "/cache/" + $0 }
        let written = ContinuousClock.now
        while !cacheFiles.allSatisfy({ FileManager.default.fileExists(atPath: $0) }),
              ContinuousClock.now - written < .seconds(300) {
            try await Task.sleep(for: .milliseconds(200))
        }
        await firstStart.connection.close()
        await firstStart.server.stop()
        children.removeAll { $0 === firstStart.server }
        let (server, port, first, city, coldStart) = try await startUntilOverview()
        note(String(format: "冷启动 %.2f 秒（重启进程至大连市账号的企业总览返回 200）", coldStart))
        let national = try await signIn(PageMix.government[0], connection: first)
        let libraryReply = try await first.send(.GET, library, headers: ["Cookie": national], timeout: .minutes(15))
        guard libraryReply.status == 200 else {
            throw BenchmarkError.cannotConnect("\(library) 返回 \(libraryReply.status)\n\(server.logTail())")
        }
        let fullService = (ContinuousClock.now - server.startedAt).seconds
        note(String(format: "完全可用 %.2f 秒（重启至全国账号的培育库页面返回 200）", fullService))

        var sessions: [String: String] = [PageMix.coldStartAccount.account: city, PageMix.government[0].account: national]
        for account in PageMix.accounts where sessions[account.account] == nil {
            sessions[account.account] = try await signIn(account, connection: first)
        }
        // Each page once (and the pages a role may not open left out): the first visit also pays the page's
        // one-off work, which the mix should not count.
        var entries: [PageMix.Entry] = []
        for entry in PageMix.entries {
            let reply = try await first.send(.GET, entry.path, headers: cookieHeader(entry.account, sessions),
                                             timeout: .minutes(15))
            if reply.status == 403 || reply.status == 404 {
                note("不计入：\(entry.page) \(entry.path) 对 \(entry.account.role)（\(entry.account.account)）返回 \(reply.status)")
                continue
            }
            if reply.status != 200 { note("预热：\(entry.page) \(entry.path) 对 \(entry.account.role) 返回 \(reply.status)") }
            entries.append(entry)
        }
        let homeBytes = try await first.send(.GET, PageMix.home.path)
        await first.close()

        note("公开首页：\(connections) 个连接，\(seconds) 秒……")
        let homeEntry = PageMix.Entry(page: PageMix.home.page + "（单独施压）", path: PageMix.home.path,
                                      account: PageMix.visitor)
        let home = try await LoadDriver(host: host, port: port, group: group, connections: connections,
                                        seconds: seconds).run([homeEntry], sessions: [:])
        note("页面组合：\(entries.count) 个（页面, 角色），\(connections) 个连接，\(seconds) 秒……")
        let mix = try await LoadDriver(host: host, port: port, group: group, connections: connections,
                                       seconds: seconds).run(entries, sessions: sessions)
        let memory = server.memory
        await server.stop()

        let nginx = try await nginx(serving: homeBytes)
        let nginxRPS = nginx.flatMap { result in result.entries.first.map { result.requests(of: $0) / max(result.seconds, 1e-9) } }
        // The mix's lines, then the home page alone and nginx on its bytes (same generator, same time).
        var lines = mix.lines + home.lines + (nginx?.lines ?? [])
        let summary = HTTPBenchReport.Summary(
            rssMB: memory.residentMB, peakRSSMB: memory.peakMB, coldStartSeconds: coldStart,
            firstStartSeconds: firstStart.seconds, fullServiceSeconds: fullService,
            homeRPS: home.requests(of: homeEntry) / max(home.seconds, 1e-9), nginxRPS: nginxRPS,
            enterprises: enterprises, connections: connections, seconds: Double(seconds))
        lines.append(summary.jsonLine)
        return lines
    }

    func stopAll() async {
        for child in children.reversed() { await child.stop() }
        children.removeAll()
    }

    func removeWorkDirectory() {
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    private func start(_ name: String, executable: String? = nil, arguments: [String],
                       environment: [String: String]) throws -> ChildProcess {
        let child = try ChildProcess(name: name, executable: executable ?? binary, arguments: arguments,
                                     environment: environment, logPath: workDirectory + "/\(name).log")
        children.append(child)
        return child
    }

    private func cookieHeader(_ account: PageMix.Account, _ sessions: [String: String]) -> HTTPHeaders {
        guard let cookie = sessions[account.account], !cookie.isEmpty else { return [:] }
        return ["Cookie": cookie]
    }

    // MARK: Data

    /// Runs `seedbed demo --enterprises (N − existing)` when the database holds fewer than N enterprises.
    private func loadDemoData() async throws {
        let existing = await enterpriseCount()
        guard existing < enterprises else {
            note("数据库已有 \(existing) 家企业，不再载入")
            return
        }
        note("数据库有 \(existing) 家企业，正在用 seedbed demo 载入 \(enterprises - existing) 家……")
        let started = ContinuousClock.now
        let demo = try start("demo", arguments: ["demo", "--enterprises", String(enterprises - existing)],
                             environment: environment)
        let status = await demo.wait()
        children.removeAll { $0 === demo }
        guard status == 0 else {
            throw BenchmarkError.cannotConnect("seedbed demo 退出码 \(status)\n\(demo.logTail())")
        }
        note(String(format: "演示数据已载入，用时 %.1f 秒", (ContinuousClock.now - started).seconds))
    }

    /// Enterprises in the benchmark's database; 0 when it (or its table) does not exist yet.
    private func enterpriseCount() async -> Int {
        guard let location = try? AppConfig.parseDatabaseURL(database) else { return 0 }
        let id = DatabaseID(string: "bench-http")
        switch location {
        case .postgres(let url):
            guard var postgres = try? SQLPostgresConfiguration(url: url) else { return 0 }
            if !url.contains("sslmode=") { postgres.coreConfiguration.tls = .disable }
            application.databases.use(.postgres(configuration: postgres), as: id)
        case .sqliteFile(let path):
            guard FileManager.default.fileExists(atPath: path) else { return 0 }
            application.databases.use(.sqlite(.init(storage: .file(path: path))), as: id)
        case .sqliteMemory:
            return 0
        }
        guard let sql = application.db(id) as? any SQLDatabase else { return 0 }
        let count = try? await sql.raw("SELECT COUNT(*) AS n FROM enterprises").first(decodingColumn: "n", as: Int.self)
        return count ?? 0
    }

    // MARK: Server

    /// Starts `seedbed serve` and waits until the city account's 企业总览 answers 200: the server, its port, the
    /// connection and session used, and the seconds since the process was spawned.
    private func startUntilOverview() async throws
        -> (server: ChildProcess, port: Int, connection: HTTPConnection, cookie: String, seconds: Double)
    {
        let port = try await LocalPort.free(group: group)
        note("正在启动 seedbed serve（端口 \(port)）……")
        let server = try start("serve", arguments: ["serve", "--demo", "--hostname", host, "--port", String(port)],
                               environment: environment)
        let connection = try await waitForAnswer(server, port: port)
        let city = try await signIn(PageMix.coldStartAccount, connection: connection)
        var overview = try await connection.send(.GET, PageMix.overview.path, headers: ["Cookie": city],
                                                 timeout: .minutes(15))
        while overview.status != 200 {
            guard server.isRunning, ContinuousClock.now - server.startedAt < .seconds(900) else {
                throw BenchmarkError.cannotConnect("企业总览返回 \(overview.status)\n\(server.logTail())")
            }
            try await Task.sleep(for: .milliseconds(200))
            overview = try await connection.send(.GET, PageMix.overview.path, headers: ["Cookie": city],
                                                 timeout: .minutes(15))
        }
        return (server, port, connection, city, (ContinuousClock.now - server.startedAt).seconds)
    }

    /// Waits until the server answers /login, and returns that connection. Fails if the server exits or does not
    /// answer within 15 minutes.
    private func waitForAnswer(_ server: ChildProcess, port: Int) async throws -> HTTPConnection {
        while true {
            guard server.isRunning else {
                throw BenchmarkError.cannotConnect("seedbed serve 已退出\n\(server.logTail())")
            }
            guard ContinuousClock.now - server.startedAt < .seconds(900) else {
                throw BenchmarkError.cannotConnect("seedbed serve 15 分钟内未应答\n\(server.logTail())")
            }
            if let connection = try? await HTTPConnection.connect(host: host, port: port, group: group) {
                if let reply = try? await connection.send(.GET, "/login", timeout: .minutes(15)), reply.status == 200 {
                    return connection
                }
                await connection.close()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Signs `account` in through the login form (its CSRF token and cookie) and returns the Cookie header.
    private func signIn(_ account: PageMix.Account, connection: HTTPConnection) async throws -> String {
        let form = try await connection.send(.GET, "/login")
        guard form.status == 200, let token = LoginForm.csrfToken(in: form.bodyText) else {
            throw BenchmarkError.cannotConnect("登录页返回 \(form.status)，没有 _csrf")
        }
        var jar = CookieJar()
        jar.take(form.cookies)
        let body = LoginForm.body(account: account.account, password: PageMix.password, csrf: token)
        let reply = try await connection.send(.POST, "/login", headers: [
            "Cookie": jar.header, "Content-Type": "application/x-www-form-urlencoded",
        ], body: body)
        jar.take(reply.cookies)
        guard (300..<400).contains(reply.status), jar.has("seedbed_session") else {
            throw BenchmarkError.cannotConnect("账号 \(account.account) 登录失败（\(reply.status)）：请确认数据库由 seedbed demo 载入")
        }
        return jar.header
    }

    // MARK: nginx

    /// nginx (Debian's, where installed) serving `page`'s exact bytes from a temporary configuration on a free
    /// port, driven by the same generator for the same time. nil where nginx is not installed.
    private func nginx(serving page: HTTPConnection.Reply) async throws -> LoadDriver.Result? {
        guard let executable = NginxPeer.executable() else {
            note("未安装 nginx（apt-get install nginx-light）：nginx_rps 为 null")
            return nil
        }
        let root = workDirectory + "/nginx"
        try FileManager.default.createDirectory(atPath: root + "/www", withIntermediateDirectories: true)
        try Data(page.body.readableBytesView).write(to: URL(fileURLWithPath: root + "/www/index.html"))
        let port = try await LocalPort.free(group: group)
        try Data(NginxPeer.configuration(port: port, root: root).utf8)
            .write(to: URL(fileURLWithPath: root + "/nginx.conf"))
        let server = try start("nginx", executable: executable,
                               arguments: ["-p", root + "/", "-c", root + "/nginx.conf", "-e", root + "/error.log"],
                               environment: ProcessInfo.processInfo.environment)
        var ready = false
        for _ in 0..<100 where server.isRunning {
            if let connection = try? await HTTPConnection.connect(host: host, port: port, group: group) {
                let reply = try? await connection.send(.GET, "/")
                await connection.close()
                if reply?.status == 200 {
                    ready = true
                    break
                }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard ready else {
            note("nginx 未能启动：\(server.logTail())")
            await server.stop()
            return nil
        }
        note("nginx（同一首页字节）：\(connections) 个连接，\(seconds) 秒……")
        let entry = PageMix.Entry(page: "nginx（公开首页同一字节）", path: "/", account: PageMix.visitor)
        let result = try await LoadDriver(host: host, port: port, group: group, connections: connections,
                                          seconds: seconds).run([entry], sessions: [:])
        await server.stop()
        return result
    }
}

/// The login form as a client fills it.
enum LoginForm {
    /// The value of the form's hidden `_csrf` field.
    static func csrfToken(in html: String) -> String? {
        guard let name = html.range(of: "name=\"_csrf\"") else { return nil }
        let tagStart = html[..<name.lowerBound].range(of: "<input", options: .backwards)?.lowerBound ?? name.lowerBound
        guard let tagEnd = html[name.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = html[tagStart..<tagEnd]
        guard let value = tag.range(of: "value=\"") else { return nil }
        let rest = tag[value.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        let token = String(rest[..<close])
        return token.isEmpty ? nil : token
    }

    static func body(account: String, password: String, csrf: String) -> String {
        func encoded(_ text: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
        return "account=\(encoded(account))&password=\(encoded(password))&_csrf=\(encoded(csrf))"
    }
}

/// Cookies a signed-in client sends back.
struct CookieJar: Sendable {
    private var values: [(name: String, value: String)] = []

    mutating func take(_ cookies: [(name: String, value: String)]) {
        for cookie in cookies {
            values.removeAll { $0.name == cookie.name }
            if !cookie.value.isEmpty { values.append(cookie) }
        }
    }

    func has(_ name: String) -> Bool { values.contains { $0.name == name } }

    var header: String { values.map { "\($0.name)=\($0.value)" }.joined(separator: "; ") }
}

/// nginx as the public home's peer.
enum NginxPeer {
    static func executable() -> String? {
        let candidates = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx", "/usr/bin/nginx"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A foreground nginx with one worker per core, no access log, serving `root/www/index.html` at `/` on
    /// 127.0.0.1:`port` with keep-alive connections that are never cut short.
    static func configuration(port: Int, root: String) -> String {
        """
        daemon off;
        worker_processes auto;
        pid \(root)/nginx.pid;
        error_log \(root)/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            types { text/html html; }
            default_type text/html;
            charset utf-8;
            keepalive_requests 100000000;
            keepalive_timeout 300s;
            client_body_temp_path \(root)/client_body;
            proxy_temp_path \(root)/proxy;
            fastcgi_temp_path \(root)/fastcgi;
            uwsgi_temp_path \(root)/uwsgi;
            scgi_temp_path \(root)/scgi;
            server {
                listen 127.0.0.1:\(port);
                root \(root)/www;
                index index.html;
            }
        }

        """
    }
}

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection of the load generator, straight on SwiftNIO: a request is written, its
/// whole response aggregated, then the next may go. The same generator drives the platform and nginx, so the two
/// figures differ only by the server. One task uses one connection, one request at a time (no pipelining).
final class HTTPConnection: Sendable {
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer

        var bodyText: String { String(buffer: body) }

        /// Whether the server closes the connection after this response.
        var closesConnection: Bool {
            headers["connection"].contains { $0.lowercased().contains("close") }
        }

        /// `name=value` of every Set-Cookie, the attributes dropped.
        var cookies: [(name: String, value: String)] {
            headers["set-cookie"].compactMap { header in
                let pair = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
                guard let equals = pair.firstIndex(of: "=") else { return nil }
                return (String(pair[..<equals]).trimmingCharacters(in: .whitespaces),
                        String(pair[pair.index(after: equals)...]))
            }
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case closed
        case timedOut(String)

        var description: String {
            switch self {
            case .closed: "连接已关闭"
            case .timedOut(let path): "请求超时：\(path)"
            }
        }
    }

    let channel: any Channel
    let host: String
    let port: Int

    private init(channel: any Channel, host: String, port: Int) {
        self.channel = channel
        self.host = host
        self.port = port
    }

    /// Opens a connection; responses up to 64 MB are aggregated (the largest page is far smaller).
    static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> HTTPConnection {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(NIOHTTPClientResponseAggregator(maxContentLength: 64 << 20))
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                }
            }
            .connect(host: host, port: port).get()
        return HTTPConnection(channel: channel, host: host, port: port)
    }

    /// Sends one request and waits for its whole response (at most `timeout`).
    func send(_ method: HTTPMethod = .GET, _ path: String, headers extra: HTTPHeaders = [:], body: String? = nil,
              timeout: TimeAmount = .seconds(120)) async throws -> Reply {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "User-Agent", value: "seedbed-bench")
        headers.add(name: "Accept", value: "text/html")
        for (name, value) in extra { headers.add(name: name, value: value) }
        var buffer: ByteBuffer?
        if let body {
            let bytes = channel.allocator.buffer(string: body)
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.readableBytes))
            buffer = bytes
        }
        let promise = channel.eventLoop.makePromise(of: Reply.self)
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        let timer = channel.eventLoop.scheduleTask(in: timeout) { [channel] in
            promise.fail(Failure.timedOut(path))
            channel.close(promise: nil)
        }
        // A write on a closed connection never reaches the handler: fail the reply with it (a promise completed
        // twice keeps its first result, so the timer and the handler can race harmlessly).
        channel.writeAndFlush(Exchange(head: head, body: buffer, reply: promise)).whenFailure { promise.fail($0) }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }
}

/// A request and where its response goes.
struct Exchange: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer?
    let reply: EventLoopPromise<HTTPConnection.Reply>
}

/// Writes an `Exchange` as a request and completes its promise with the next whole response, in order.
private final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOHTTPClientResponseFull
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private var waiting: [EventLoopPromise<HTTPConnection.Reply>] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        waiting.append(exchange.reply)
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = unwrapInboundIn(data)
        guard !waiting.isEmpty else { return }
        let promise = waiting.removeFirst()
        promise.succeed(HTTPConnection.Reply(status: Int(response.head.status.code), headers: response.head.headers,
                                             body: response.body ?? ByteBuffer()))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(HTTPConnection.Failure.closed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        let pending = waiting
        waiting.removeAll()
        for promise in pending { promise.fail(error) }
    }
}

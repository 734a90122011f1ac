import AsyncKit
import Plot
import SeedbedDomain
import Vapor

/// Turns every error into a response a person or a program can use: JSON under `/api` and `/healthz`,
/// a Chinese error page elsewhere. Never shows SQL, a stack trace or an English framework message; the
/// details go to the log with the request id.
struct SeedbedErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request: request)
        }
    }

    private func response(for error: any Error, request: Request) async -> Response {
        let (status, code, message, headers) = describe(error, request: request)
        if status.code >= 500 {
            request.logger.report(error: error)
        } else {
            request.logger.debug("request refused: \(status.code) \(code)")
        }
        if status.code >= 300 && status.code < 400 {
            let response = Response(status: status, headers: headers)
            return response
        }
        if Self.wantsJSON(request) {
            let body = APIErrorBody(error: .init(code: code, message: message))
            let response = Response(status: status, headers: headers)
            try? response.content.encode(body, as: .json)
            return response
        }
        let context = PageContext(user: request.auth.get(CurrentUser.self), csrfToken: "", flash: nil,
                                  path: request.url.path)
        let page = ErrorPage.render(status: status, message: message, context: context,
                                    next: (error as? AppError)?.next)
        var htmlHeaders = headers
        htmlHeaders.contentType = .html
        htmlHeaders.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: htmlHeaders, body: .init(string: page.render()))
    }

    private func describe(_ error: any Error, request: Request)
        -> (HTTPResponseStatus, String, String, HTTPHeaders)
    {
        switch error {
        case let error as AppError:
            return (error.status, error.code, error.message, error.headers)
        case let error as any CodedError:
            // A domain error nobody caught: its class decides the status, its code and message go out as they are,
            // except an internal one, whose detail is for the log only.
            guard error.failure != .internal else {
                return (.internalServerError, "internal_error", "服务器内部错误，请稍后再试", [:])
            }
            return (HTTPResponseStatus(error.failure), error.code, error.message, [:])
        case let error as any AbortError:
            // Vapor's own aborts (decoding, routing, body size) carry English reasons: show a Chinese one.
            let status = error.status
            let message: String
            let code: String
            switch status {
            case .notFound: (code, message) = ("not_found", "您访问的页面或数据不存在，或您无权查看")
            case .unauthorized: (code, message) = ("unauthorized", "请先登录")
            case .forbidden: (code, message) = ("forbidden", "您没有执行此操作的权限")
            case .payloadTooLarge: (code, message) = ("payload_too_large", "提交的内容过大")
            case .methodNotAllowed: (code, message) = ("method_not_allowed", "不支持的请求方式")
            case .unsupportedMediaType: (code, message) = ("unsupported_media_type", "不支持的内容类型")
            default:
                if status.code >= 500 {
                    (code, message) = ("internal_error", "服务器内部错误，请稍后再试")
                } else if status.code >= 300 && status.code < 400 {
                    (code, message) = ("redirect", "")
                } else {
                    (code, message) = ("bad_request", "请求格式不正确，请检查填写的内容")
                }
            }
            return (status, code, message, error.headers)
        case is DecodingError:
            return (.badRequest, "bad_request", "请求格式不正确，请检查填写的内容", [:])
        case is ConnectionPoolTimeoutError:
            // Every database connection stayed busy for the whole wait: the server is overloaded, not broken.
            // The client may retry, and nothing was written (the request never got a connection).
            return (.serviceUnavailable, "busy", "系统繁忙，请稍后再试", ["Retry-After": "5"])
        default:
            return (.internalServerError, "internal_error", "服务器内部错误，请稍后再试", [:])
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.url.path
        return path.hasPrefix("/api/") || path == "/api" || path == "/healthz"
    }
}

/// The Chinese error page.
enum ErrorPage {
    static func render(status: HTTPResponseStatus, message: String, context: PageContext,
                       next: AppError.NextStep? = nil) -> HTML {
        let title: String
        switch status.code {
        case 403: title = "无权访问"
        case 404: title = "页面不存在"
        case 429: title = "操作过于频繁"
        case 500...: title = "服务器错误"
        default: title = "请求有误"
        }
        let body: Node<HTML.BodyContext> = .div(
            .class("error-page"),
            .p(.class("error-code"), .text(String(status.code))),
            .h1(.text(title)),
            .p(.text(message)),
            .p(.unwrap(next) { .a(.class("btn btn-primary"), .href($0.path), .text($0.label)) },
               .a(.class(next == nil ? "btn btn-primary" : "btn btn-secondary"),
                  .href(context.user == nil ? "/" : Page.workbench.path), .text("返回首页")))
        )
        return Layout.publicPage(title, context, body)
    }
}

/// Headers every response carries: no sniffing, no framing, a strict content security policy (everything is
/// served by the platform itself), no referrer leaks.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'self'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        if request.isSecureConnection {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        return response
    }
}

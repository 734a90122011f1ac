import SeedbedDomain
import Vapor

/// The server's one error type: a status, a stable code for the API and a Chinese message for people.
/// `SeedbedErrorMiddleware` turns it into a JSON envelope under `/api` and a Chinese error page elsewhere.
struct AppError: AbortError, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let message: String
    var headers: HTTPHeaders = [:]
    /// Where the person can go instead, shown as a button on the error page (not in the API envelope).
    var next: NextStep?

    /// A way out of a refusal: "查看注册进度" rather than only "返回首页".
    struct NextStep: Sendable {
        let label: String
        let path: String
    }

    var reason: String { message }

    static func notFound(_ message: String = "您访问的页面或数据不存在，或您无权查看") -> AppError {
        AppError(status: .notFound, code: "not_found", message: message)
    }

    static func forbidden(_ message: String = "您没有执行此操作的权限") -> AppError {
        AppError(status: .forbidden, code: "forbidden", message: message)
    }

    static func unauthorized(_ message: String = "请先登录") -> AppError {
        AppError(status: .unauthorized, code: "unauthorized", message: message)
    }

    static func badRequest(_ message: String, code: String = "bad_request") -> AppError {
        AppError(status: .badRequest, code: code, message: message)
    }

    static func conflict(_ message: String, code: String = "conflict") -> AppError {
        AppError(status: .conflict, code: code, message: message)
    }

    static func invalid(_ message: String, code: String = "invalid") -> AppError {
        AppError(status: .unprocessableEntity, code: code, message: message)
    }

    static func tooManyRequests(_ message: String) -> AppError {
        AppError(status: .tooManyRequests, code: "too_many_requests", message: message)
    }
}

/// The server's errors are coded errors too, so code that shows any refusal (a form, a job's message) reads one
/// `message` whether the domain or the server refused.
extension AppError: CodedError {
    /// The class of the status; the response itself uses `status`, which can say more (401, 429).
    var failure: FailureKind {
        switch status {
        case .notFound: .notFound
        case .forbidden, .unauthorized: .forbidden
        case .conflict: .conflict
        default: status.code >= 500 ? .internal : .invalid
        }
    }
}

extension HTTPResponseStatus {
    /// The one status of each class of failure.
    init(_ failure: FailureKind) {
        switch failure {
        case .invalid: self = .unprocessableEntity
        case .conflict: self = .conflict
        case .notFound: self = .notFound
        case .forbidden: self = .forbidden
        case .internal: self = .internalServerError
        }
    }
}

/// The JSON error envelope of the API: `{"error":{"code","message"}}`.
struct APIErrorBody: Content {
    struct Detail: Content {
        let code: String
        let message: String
    }

    let error: Detail
}

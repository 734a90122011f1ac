import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 企业认定查询 (public): enterprise name + 统一社会信用代码 + captcha → that enterprise's 优质中小企业 recognitions
/// (创新型, 专精特新, 小巨人) valid today,
/// with their validity, and nothing else. A name that does not match the code, a code not on file and an
/// enterprise with no current recognition all read the same "未查询到认定信息", so the page tells nobody which
/// enterprises exist. Rate limited per address like the other anonymous forms; each captcha is good for one try.
struct RecognitionQueryController: RouteCollection {
    static let path = "/recognition-query"
    static let notFound = "未查询到认定信息"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("recognition-query", use: show)
        routes.post("recognition-query", use: query)
    }

    struct Form: Content {
        var name: String?
        var uscc: String?
        var captchaID: String?
        var captcha: String?
    }

    /// One current recognition as the page shows it.
    struct Result: Sendable, Equatable {
        let kind: String
        let certificateNo: String
        let validFrom: String
        let validUntil: String
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        return HTMLPage(Self.page(context: context, name: "", uscc: "", error: nil, answer: nil,
                                  captchaID: try await CaptchaService(request: req).issueIfEnabled()))
    }

    /// Per-address limit of queries: the anonymous forms' hourly allowance.
    static func rule(_ config: AppConfig) -> RateLimiter.Rule {
        .init(limit: config.anonymousFormsPerHour, window: 3600)
    }

    @Sendable func query(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let name = String((form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
        let code = String((form.uscc ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(40))
        let context = try await req.pageContext()
        func answer(error: String?, results: [Result]?, status: HTTPResponseStatus) async throws -> Response {
            let captchaID = try await CaptchaService(request: req).issueIfEnabled()
            return try await HTMLPage(Self.page(context: context, name: name, uscc: code, error: error, answer: results,
                                                captchaID: captchaID), status: status).encodeResponse(for: req)
        }
        guard !name.isEmpty, !code.isEmpty else {
            return try await answer(error: "请填写企业名称和统一社会信用代码", results: nil, status: .unprocessableEntity)
        }
        let limiter = RateLimiter(database: req.db, now: req.now)
        if case .refused(let until) = try await limiter.take("recognition-query:ip:" + req.clientIP,
                                                             rule: Self.rule(req.config)) {
            return try await answer(error: RateLimiter.tooOften(until: until, now: req.now), results: nil,
                                    status: .tooManyRequests)
        }
        if req.config.captchaEnabled,
           !(try await CaptchaService(request: req).consume(id: form.captchaID ?? "", answer: form.captcha ?? ""))
        {
            return try await answer(error: "验证码错误或已过期，请重新输入", results: nil, status: .unprocessableEntity)
        }
        let results = try await Self.current(name: name, uscc: code, on: req.db, today: LocalDate(chinaTimeOf: req.now))
        return try await answer(error: nil, results: results, status: .ok)
    }

    /// The recognitions valid `today` of the enterprise with exactly this name and code; empty when the pair
    /// names no enterprise (a code that does not parse included).
    static func current(name: String, uscc: String, on db: any Database, today: LocalDate) async throws -> [Result] {
        guard case .success(let code) = USCC.parse(uscc),
              let enterprise = try await Enterprise.query(on: db).filter(\.$uscc == code.value).first(),
              Self.sameName(enterprise.name, name), let id = enterprise.id
        else { return [] }
        return try await CultivationRecognitions.current(enterpriseID: id, on: db, today: today)
            .map { Result(kind: $0.kind.label, certificateNo: $0.certificateNo, validFrom: $0.issuedOn,
                          validUntil: $0.validUntil) }
    }

    /// Names compare after trimming and with full-width brackets read as ASCII ones (（）/()), as people type both.
    static func sameName(_ stored: String, _ typed: String) -> Bool {
        func plain(_ text: String) -> String {
            text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "（", with: "(")
                .replacingOccurrences(of: "）", with: ")")
        }
        return plain(stored) == plain(typed)
    }

    static func page(context: PageContext, name: String, uscc: String, error: String?, answer: [Result]?,
                     captchaID: String?) -> HTML {
        Layout.publicPage("企业认定查询", context, .div(
            .class("content-page recognition-query"),
            UI.pageHeader("企业认定查询"),
            .p(.class("muted"), .text("输入企业名称与统一社会信用代码，查询企业当前有效的认定及有效期。两项须与平台登记的信息一致。")),
            .unwrap(error) { UI.alert($0) },
            .form(
                .method(.post), .action(path), .class("stacked card"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "企业名称", name: "name", value: name, required: true, maxLength: 100)),
                UI.field(FieldSpec(label: "统一社会信用代码", name: "uscc", value: uscc, required: true,
                                   placeholder: "18 位代码", maxLength: 40)),
                .unwrap(captchaID) { CaptchaField.node(id: $0, refresh: path) },
                .div(.class("form-actions"), UI.submit("查询"))
            ),
            .unwrap(answer) { results in
                .section(
                    .class("card query-result"), .attribute(named: "aria-live", value: "polite"),
                    .h2(.text("查询结果")),
                    results.isEmpty ? UI.emptyState(notFound) : .group(
                        .p(.text(name)),
                        UI.table(columns: ["认定类型", "证书编号", "有效期起", "有效期至"], rows: results.map { result in
                            [.text(result.kind), .text(result.certificateNo), .text(result.validFrom),
                             .text(result.validUntil)]
                        })
                    )
                )
            }
        ))
    }
}

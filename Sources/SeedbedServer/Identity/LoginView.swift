import Foundation
import Plot

/// The login page: account, password, captcha.
struct LoginView {
    let context: PageContext
    let account: String
    let next: String?
    let captchaID: String?
    let captchaEnabled: Bool
    let error: String?
    let notice: String?

    func render() -> HTML {
        Layout.publicPage("登录", context, .div(.class("auth-card"), .h1(.text("用户登录")), messages(), form(),
                                               links()))
    }

    private func messages() -> Node<HTML.BodyContext> {
        .group(
            .unwrap(notice) { UI.alert($0, kind: .warning) },
            .unwrap(error) { UI.alert($0) },
            .if(!captchaEnabled, UI.alert("本平台已关闭登录验证码（仅用于自动化测试或由统一身份认证登录的部署）。",
                                          kind: .info))
        )
    }

    private func form() -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action("/login"), .class("stacked"),
            UI.csrfField(context.csrfToken),
            .unwrap(next) { UI.hidden("next", $0) },
            UI.field(FieldSpec(label: "账号", name: "account", value: account, required: true,
                               placeholder: "请输入账号", maxLength: 64)),
            UI.field(FieldSpec(label: "密码", name: "password", kind: .password, required: true,
                               placeholder: "请输入密码", maxLength: 128)),
            .unwrap(captchaID) { id in captchaField(id) },
            UI.submit("登 录")
        )
    }

    private func captchaField(_ id: String) -> Node<HTML.FormContext> {
        CaptchaField.node(id: id, refresh: "/login" + (next.map {
            "?next=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        } ?? ""))
    }

    private func links() -> Node<HTML.BodyContext> {
        .p(.class("auth-links"), .a(.href("/register"), .text("企业注册")), .text(" · "),
           .a(.href("/password/forgot"), .text("忘记密码？")))
    }
}

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
            .if(!captchaEnabled, UI.alert("登录验证码已由系统配置关闭（SEEDBED_CAPTCHA=off），仅适用于自动化测试或统一身份认证前置的部署。",
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
        .div(
            .class("field captcha"),
            .label(.for("f-captcha"), .text("验证码"), .span(.class("req"), .text("*"))),
            .div(
                .class("captcha-row"),
                Tag.void("input", [("id", "f-captcha"), ("name", "captcha"), ("type", "text"), ("required", "required"),
                                   ("maxlength", "6"), ("autocomplete", "off"), ("placeholder", "请输入图中字符")]),
                Tag.void("img", [("src", "/captcha/\(id)"), ("alt", "验证码图片，看不清可点击“换一张”"),
                                 ("class", "captcha-img"), ("width", String(CaptchaImage.width)),
                                 ("height", String(CaptchaImage.height))]),
                .a(.href("/login" + (next.map { "?next=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? "")),
                   .class("captcha-refresh"), .text("换一张"))
            ),
            UI.hidden("captchaID", id),
            .div(.class("help"), .text("不区分大小写，2 分钟内有效，每张仅可使用一次"))
        )
    }

    private func links() -> Node<HTML.BodyContext> {
        .p(.class("auth-links"), .a(.href("/register"), .text("企业注册")), .text(" · "),
           .a(.href("/password/forgot"), .text("忘记密码？")))
    }
}

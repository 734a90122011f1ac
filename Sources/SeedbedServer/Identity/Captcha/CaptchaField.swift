import Plot

/// The captcha input as every anonymous form shows it (登录, 找回密码, 企业注册): the drawn image, a link that
/// reloads the page for a new one, and the challenge id the answer is checked against.
enum CaptchaField {
    static func node(id: String, refresh: String) -> Node<HTML.FormContext> {
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
                .a(.href(refresh), .class("captcha-refresh"), .text("换一张"))
            ),
            UI.hidden("captchaID", id),
            .div(.class("help"), .text("不区分大小写，2 分钟内有效，每张仅可使用一次"))
        )
    }
}

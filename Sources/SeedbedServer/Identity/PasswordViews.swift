import Plot

/// Pages of the password flows.
enum PasswordViews {
    static func change(context: PageContext, notice: String?, rule: String, errors: [String: String])
        -> Node<HTML.BodyContext>
    {
        .div(
            .class("narrow"),
            UI.pageHeader("修改密码"),
            .unwrap(notice) { UI.alert($0, kind: .warning) },
            .form(
                .method(.post), .action(Page.password.path), .class("stacked"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "当前密码", name: "current", kind: .password, required: true,
                                   error: errors["current"])),
                UI.field(FieldSpec(label: "新密码", name: "new", kind: .password, required: true, help: rule,
                                   error: errors["new"])),
                UI.field(FieldSpec(label: "确认新密码", name: "confirm", kind: .password, required: true,
                                   error: errors["confirm"])),
                UI.submit("保存新密码")
            )
        )
    }

    static func forgot(context: PageContext, account: String, phone: String, error: String?, captchaID: String?) -> HTML {
        Layout.publicPage("找回密码", context, .div(
            .class("auth-card"),
            .h1(.text("找回密码")),
            .p(.class("muted"), .text("账号与注册时填写的手机号码同时匹配后，平台将向该手机号发送验证码。")),
            .unwrap(error) { UI.alert($0) },
            .form(
                .method(.post), .action("/password/forgot"), .class("stacked"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "账号", name: "account", value: account, required: true, maxLength: 64)),
                UI.field(FieldSpec(label: "手机号码", name: "phone", value: phone, kind: .tel, required: true,
                                   maxLength: 20)),
                .unwrap(captchaID) { CaptchaField.node(id: $0, refresh: "/password/forgot") },
                UI.submit("获取验证码")
            ),
            .p(.class("auth-links"), .a(.href("/login"), .text("返回登录")))
        ))
    }

    static func reset(context: PageContext, account: String, errors: [String: String], rule: String) -> HTML {
        Layout.publicPage("重置密码", context, .div(
            .class("auth-card"),
            .h1(.text("重置密码")),
            .form(
                .method(.post), .action("/password/reset"), .class("stacked"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "账号", name: "account", value: account, required: true, maxLength: 64)),
                UI.field(FieldSpec(label: "短信验证码", name: "code", required: true, placeholder: "6 位数字",
                                   error: errors["code"], maxLength: 6)),
                UI.field(FieldSpec(label: "新密码", name: "new", kind: .password, required: true, help: rule,
                                   error: errors["new"])),
                UI.field(FieldSpec(label: "确认新密码", name: "confirm", kind: .password, required: true,
                                   error: errors["confirm"])),
                UI.submit("重置密码")
            ),
            .p(.class("auth-links"), .a(.href("/password/forgot"), .text("重新获取验证码")),
               .text(" · "), .a(.href("/login"), .text("返回登录")))
        ))
    }
}

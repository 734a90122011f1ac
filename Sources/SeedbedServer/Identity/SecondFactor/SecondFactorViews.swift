import Foundation
import Plot

/// Pages of the second factor: the code step of signing in, binding an authenticator, recovery codes.
enum SecondFactorViews {
    static func challenge(context: PageContext, error: String?, showForm: Bool) -> HTML {
        Layout.publicPage("动态口令验证", context, .div(
            .class("auth-card"),
            .h1(.text("动态口令验证")),
            .unwrap(error) { UI.alert($0) },
            .if(showForm, .group(
                .p(.class("muted"), .text("请打开手机上的身份验证器（如“腾讯身份验证器”“Google Authenticator”），输入本平台对应的 6 位动态口令。手机丢失时可输入一个恢复码。")),
                .form(
                    .method(.post), .action("/login/2fa"), .class("stacked"),
                    UI.csrfField(context.csrfToken),
                    UI.field(FieldSpec(label: "动态口令或恢复码", name: "code", required: true,
                                       placeholder: "6 位数字或 xxxxx-xxxxx", maxLength: 32)),
                    UI.submit("验 证")
                )
            )),
            .p(.class("auth-links"), .a(.href("/login"), .text("返回登录")))
        ))
    }

    static func enrol(context: PageContext, qrSVG: String, secret: String, required: Bool, error: String?)
        -> Node<HTML.BodyContext>
    {
        .div(
            .class("narrow"),
            UI.pageHeader("绑定动态口令"),
            .if(required, UI.alert("按照等级保护要求，管理员账号须使用“密码 + 动态口令”两种方式登录。请先完成绑定。",
                                   kind: .warning)),
            .unwrap(error) { UI.alert($0) },
            .ol(
                .li(.text("在手机上安装身份验证器应用（如“腾讯身份验证器”“Microsoft Authenticator”“Google Authenticator”）。")),
                .li(.text("用应用扫描下方二维码；无法扫码时，选择手动输入密钥。")),
                .li(.text("输入应用显示的 6 位动态口令，完成绑定。"))
            ),
            .div(.class("qr-code"), .raw(qrSVG)),
            .p(.text("手动输入密钥（基于时间，30 秒）："),
               .code(.class("totp-secret"), .text(grouped(secret)))),
            .form(
                .method(.post), .action("/account/2fa/enrol"), .class("stacked"),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "动态口令", name: "code", required: true, placeholder: "6 位数字", maxLength: 8)),
                UI.submit("确认绑定")
            )
        )
    }

    static func bound(context: PageContext, since: Date?, recoveryCodesLeft: Int, required: Bool, error: String?)
        -> Node<HTML.BodyContext>
    {
        .div(
            .class("narrow"),
            UI.pageHeader("动态口令"),
            .unwrap(error) { UI.alert($0) },
            .p(.text("已绑定身份验证器（绑定时间 \(AdminViews.time(since))）。登录时，输入密码后还需输入动态口令。")),
            .p(.text("未使用的恢复码：\(recoveryCodesLeft) 个。"),
               .if(recoveryCodesLeft <= 3, .strong(.text("恢复码即将用完，请重新生成。")))),
            .h2(.text("重新生成恢复码")),
            codeForm(context, action: "/account/2fa/recovery-codes", submit: "重新生成恢复码",
                     help: "原有恢复码将全部作废。"),
            .h2(.text(required ? "更换手机（重新绑定）" : "解除绑定")),
            codeForm(context, action: "/account/2fa/disable", submit: required ? "解除后重新绑定" : "解除绑定",
                     help: required ? "解除后须立即用新手机扫码重新绑定。" : "解除后登录只需密码。")
        )
    }

    private static func codeForm(_ context: PageContext, action: String, submit: String, help: String)
        -> Node<HTML.BodyContext>
    {
        .form(
            .method(.post), .action(action), .class("stacked"),
            UI.csrfField(context.csrfToken),
            UI.field(FieldSpec(label: "当前动态口令或恢复码", name: "code", required: true, help: help, maxLength: 32)),
            UI.submit(submit, style: "secondary")
        )
    }

    static func recoveryCodes(context: PageContext, codes: [String], message: String) -> Node<HTML.BodyContext> {
        .div(
            .class("narrow"),
            UI.pageHeader("恢复码"),
            UI.alert(message, kind: .success),
            .p(.strong(.text("以下恢复码只显示这一次，请抄写或打印后妥善保管。")),
               .text("手机丢失或无法使用时，每个恢复码可代替动态口令登录一次。")),
            .ol(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }),
            .p(UI.buttonLink("我已保存，进入工作台", url: Page.workbench.path, style: "primary"))
        )
    }

    /// `ABCD EFGH …`: easier to copy by eye.
    static func grouped(_ secret: String) -> String {
        stride(from: 0, to: secret.count, by: 4).map { start in
            String(secret.dropFirst(start).prefix(4))
        }.joined(separator: " ")
    }
}

import Plot
import Vapor

/// Destructive actions ask first. With JavaScript the button's `data-confirm` dialog adds `confirmed=1`;
/// without it the server answers the first POST with this page, whose form carries `confirmed=1`.
enum ConfirmPage {
    static func isConfirmed(_ req: Request) -> Bool {
        (try? req.content.get(String.self, at: "confirmed")) == "1"
    }

    static func render(title: String, message: String, action: String, cancel: String, context: PageContext) -> HTML {
        Layout.shell(title, context, .div(
            .class("narrow card confirm"),
            .h1(.text(title)),
            .p(.text(message)),
            .form(
                .method(.post), .action(action),
                UI.csrfField(context.csrfToken),
                UI.hidden("confirmed", "1"),
                .div(.class("form-actions"), UI.submit("确定", style: "danger"),
                     .a(.class("btn btn-secondary"), .href(cancel), .text("取消")))
            )
        ))
    }
}

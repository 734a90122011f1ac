import Foundation
import Plot
import SeedbedDomain

/// The pieces of the to-do pages other code may place too: the floating notice of open to-dos (the officials'
/// workbench shows it after sign-in), the attachment list, the zip's entry names.
enum TodoViews {
    /// The to-do pages' own styles (the notice, the kind checkboxes, the tabs), served by the platform.
    static var stylesheet: Node<HTML.BodyContext> {
        Tag.void("link", [("rel", "stylesheet"), ("href", "/static/todo.css")])
    }

    /// 悬浮提示: “您有 N 项待办未完成” with 去完成 (to 我的待办) and a close button that plain JavaScript served by the
    /// platform (`/static/todo-notice.js`) wires up; closed, it stays closed for the browser session until the count
    /// changes. Nothing when `count` is 0.
    static func floatingNotice(count: Int, link: String = Page.myTodos.path) -> Node<HTML.BodyContext> {
        guard count > 0 else { return .empty }
        return .group(
            stylesheet,
            .div(.class("todo-notice"), .id("todo-notice"), .attribute(named: "role", value: "status"),
                 .data(named: "count", value: String(count)),
                 .p(.strong(.text("待办提醒")), .text(" 您有 \(count) 项待办未完成")),
                 .div(.class("todo-notice-actions"),
                      .a(.class("btn btn-primary"), .href(link), .text("去完成")),
                      Tag.element("button", [("type", "button"), ("class", "btn btn-secondary"),
                                             ("data-dismiss-notice", "todo-notice"), ("hidden", "hidden")],
                                  [.text("关闭")]))),
            Tag.element("script", [("src", "/static/todo-notice.js"), ("defer", "defer")]))
    }

    /// The publisher's attachments, each a download link under `base` (`/todos/7` or `/my-todos/7`).
    static func attachments(_ attachments: [TodoAttachment], base: String) -> Node<HTML.BodyContext> {
        guard !attachments.isEmpty else { return .empty }
        return .div(.class("todo-attachments"),
                    .h2(.text("附件")),
                    .ul(.forEach(attachments) { attachment in
                        .li(.a(.href("\(base)/attachments/\(attachment.id ?? 0)"), .text(attachment.originalName)))
                    }))
    }

    /// The name of one upload inside 下载全部附件: “organisation_original name”, made unique with （2）, （3）….
    static func zipEntryName(organization: String, file: String, taken: Set<String>) -> String {
        func clean(_ text: String) -> String {
            String(text.unicodeScalars.map { scalar -> Character in
                "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control
                    ? "_" : Character(scalar)
            }).trimmingCharacters(in: .whitespaces)
        }
        let base = clean(organization) + "_" + clean(file)
        guard taken.contains(base) else { return base }
        let ext = (base as NSString).pathExtension
        let stem = ext.isEmpty ? base : String(base.dropLast(ext.count + 1))
        var serial = 2
        while serial < 10_000 {
            let candidate = stem + "（\(serial)）" + (ext.isEmpty ? "" : "." + ext)
            if !taken.contains(candidate) { return candidate }
            serial += 1
        }
        return UUID().uuidString + "_" + base
    }
}

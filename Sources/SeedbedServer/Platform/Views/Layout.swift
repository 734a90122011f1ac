import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// What every page needs to know about the request that renders it.
struct PageContext {
    let user: CurrentUser?
    let csrfToken: String
    let flash: Flash?
    let path: String
    /// For an enterprise: its unread messages, shown in the header beside 我的消息.
    var unreadMessages: Int? = nil
    /// For an official: the sidebar's counts (queues waiting for their organisation).
    var badges = MenuBadges()
}

extension Request {
    func pageContext() async throws -> PageContext {
        PageContext(user: auth.get(CurrentUser.self), csrfToken: try await csrfToken(), flash: flash,
                    path: url.path, unreadMessages: try await unreadMessageCount(),
                    badges: try await menuBadges())
    }
}

extension Request {
    /// The sidebar's counts for an official: their queues (shared with the workbench), open to-dos and unread
    /// messages of their organisation, read once per request (the workbench shows the same two numbers). Nothing is
    /// read for anybody else.
    func menuBadges() async throws -> MenuBadges {
        guard let user = auth.get(CurrentUser.self), user.role.isGovernment else { return MenuBadges() }
        if let cached = storage[MenuBadgesKey.self] { return cached }
        let (todos, inbox) = try await OfficialCounts.load(for: user, on: db)
        let badges = MenuBadges(reviews: try await reviewQueueCounts(), openTodos: todos, unreadInbox: inbox)
        storage[MenuBadgesKey.self] = badges
        return badges
    }
}

private struct MenuBadgesKey: StorageKey {
    typealias Value = MenuBadges
}

/// An official's open to-dos and unread inbox messages, in one statement: every page an official opens shows both
/// in the sidebar, and two Fluent counts were two round trips on every request.
enum OfficialCounts {
    static func load(for user: CurrentUser, on db: any Database) async throws -> (openTodos: Int, unreadInbox: Int) {
        guard let organizationID = user.organizationID, let sql = db as? any SQLDatabase else { return (0, 0) }
        let todos = Page.myTodos.access.admits(user)
        let inbox = Page.inbox.access.admits(user)
        guard todos || inbox else { return (0, 0) }
        struct Row: Decodable {
            let todos: Int
            let inbox: Int
        }
        let row = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM \(ident: TodoRecipient.schema)
                    WHERE organization_id = \(bind: organizationID) AND state = \(bind: TodoState.published.rawValue)) AS todos,
                   (SELECT COUNT(*) FROM \(ident: OfficialMessage.schema)
                    WHERE organization_id = \(bind: organizationID) AND read_at IS NULL) AS inbox
            """).first(decoding: Row.self)
        return (todos ? row?.todos ?? 0 : 0, inbox ? row?.inbox ?? 0 : 0)
    }
}

/// The one layout (DESIGN.md "Web"): public pages with the top navigation, signed-in pages with the sidebar
/// of the user's role.
enum Layout {
    static let platformName = "科技企业创新积分与梯度培育平台"
    /// The id of the shell's empty POST form with the CSRF token: buttons elsewhere on the page submit it to their
    /// own `formaction` (`UI.exportButton`), so a list page needs no form of its own to start an export.
    static let postFormID = "shell-post"

    static func publicPage(_ title: String, _ context: PageContext, _ content: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .lang(.chinese),
            head(title),
            .body(
                .class("public"),
                publicHeader(context),
                .main(.class("public-main"), .id("main"), UI.flash(context.flash), content),
                footer()
            )
        )
    }

    static func shell(_ title: String, _ context: PageContext, _ content: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .lang(.chinese),
            head(title),
            .body(
                .class("shell"),
                .a(.class("skip"), .href("#main"), .text("跳到正文")),
                shellHeader(context),
                .div(
                    .class("shell-body"),
                    sidebar(context),
                    .main(.class("shell-main"), .id("main"), UI.flash(context.flash), content)
                ),
                .form(.id(postFormID), .method(.post), .action(Page.workbench.path), .attribute(named: "hidden", value: "hidden"),
                      UI.csrfField(context.csrfToken))
            )
        )
    }

    private static func head(_ title: String) -> Node<HTML.DocumentContext> {
        .head(
            .meta(.charset(.utf8)),
            .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            // Not Plot's `.title`: it copies the title into meta attributes without escaping them.
            .element(named: "title", text: title + " - " + platformName),
            // Named here so browsers do not ask for /favicon.ico, which does not exist, on every first visit.
            .link(.rel(.icon), .type("image/svg+xml"), .href("/static/favicon.svg")),
            .link(.rel(.stylesheet), .href("/static/app.css")),
            .script(.src("/static/app.js"), .defer())
        )
    }

    private static func publicHeader(_ context: PageContext) -> Node<HTML.BodyContext> {
        let items: [(String, String)] = [
            ("首页", "/"), ("平台展示", "/showcase"), ("通知公告", "/notices"), ("政策文件", "/policies"), ("操作说明", "/guides"),
            ("金融超市", "/finance"), ("知识产权", "/ip"), ("常见问题", "/faq"),
        ]
        return .header(
            .class("site-header"),
            .div(.class("brand"), .a(.href("/"), .span(.class("logo"), .text("创")), .text(platformName))),
            .nav(
                .class("site-nav"), .attribute(named: "aria-label", value: "主导航"),
                .forEach(items) { item in
                    .a(.href(item.1), .if(context.path == item.1, .class("active")), .text(item.0))
                },
                context.user == nil
                    ? .a(.class("login-link"), .href("/login"), .text("登录"))
                    : .a(.class("login-link"), .href(Page.workbench.path), .text("进入工作台"))
            )
        )
    }

    private static func shellHeader(_ context: PageContext) -> Node<HTML.BodyContext> {
        let user = context.user
        let who = user.map { u in
            [u.name, u.organizationName ?? u.enterpriseName, u.role.label].compactMap { $0 }.joined(separator: " · ")
        } ?? ""
        return .header(
            .class("shell-header"),
            .div(.class("brand"), .a(.href("/"), .span(.class("logo"), .text("创")), .text(platformName))),
            .div(
                .class("user-box"),
                .span(.class("who"), .text(who)),
                .unwrap(context.unreadMessages) { unread in
                    .a(.class("header-messages"), .href(Page.myMessages.path),
                       .attribute(named: "aria-label", value: unread > 0 ? "我的消息（\(unread) 条未读）" : "我的消息"), .text("我的消息"),
                       .if(unread > 0, .span(.class("badge badge-warning"), .text(String(unread)))))
                },
                .a(.href(Page.password.path), .text("修改密码")),
                .form(.class("inline"), .method(.post), .action("/logout"),
                      UI.csrfField(context.csrfToken),
                      .button(.class("btn btn-link"), .type(.submit), .text("退出")))
            )
        )
    }

    private static func sidebar(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard let user = context.user else { return .empty }
        return .nav(
            .class("sidebar"), .attribute(named: "aria-label", value: "功能菜单"),
            .forEach(Menu.groups(for: user)) { group in
                .div(
                    .class("menu-group"),
                    .h2(.text(group.title)),
                    .ul(.forEach(group.items) { item in
                        .li(.a(.href(item.path),
                               .if(context.path == item.path || context.path.hasPrefix(item.path + "/"),
                                   .class("active")),
                               .text(item.title),
                               .unwrap(item.badge.flatMap(context.badges.value(of:))) { value in
                                   .span(.class(value.urgent ? "badge badge-danger menu-badge" : "badge menu-badge"),
                                         .attribute(named: "title", value: value.label),
                                         .attribute(named: "aria-label", value: value.label),
                                         .text(String(value.count)))
                               }))
                    })
                )
            }
        )
    }

    private static func footer() -> Node<HTML.BodyContext> {
        .footer(.class("site-footer"),
                .p(.text("\(platformName) · 建议使用最新版 Chrome、Firefox、Edge 或 360 浏览器（极速模式）")))
    }
}

import Plot
import SeedbedDomain
import Vapor

/// The 工作台 of an official: what is due within their scope, each with a link — the review queues with their
/// pending and overdue counts, open to-dos, recent messages — and the tasks their role can start.
struct OfficialWorkbench {
    let queues: [ReviewQueueCount]
    let openTodos: Int
    let todos: [OpenTodos.Item]
    let messages: [OfficialMessage]
    let unreadMessages: Int
    let tasks: [MenuItem]

    static func load(_ req: Request, user: CurrentUser) async throws -> OfficialWorkbench {
        let counts = try await req.reviewQueueCounts()
        let queues = ReviewPeriods.kinds.compactMap { counts[$0] }.filter { $0.pending > 0 }
        let shownQueues = Set(ReviewPeriods.kinds.map { Page.reviews($0, title: $0.queueTitle).link })
        let tasks = Menu.groups(for: user).flatMap(\.items)
            .filter { $0.page != .workbench && !shownQueues.contains($0.path) }
        let today = LocalDate(chinaTimeOf: req.now)
        // The sidebar counted both already for this request.
        let badges = try await req.menuBadges()
        return OfficialWorkbench(
            queues: queues, openTodos: badges.openTodos,
            todos: try await OpenTodos.list(for: user, limit: 5, today: today, on: req.db),
            messages: try await OfficialMessages.recent(for: user, limit: 5, on: req.db),
            unreadMessages: badges.unreadInbox, tasks: tasks)
    }

    var body: Node<HTML.BodyContext> {
        .group(
            TodoViews.floatingNotice(count: openTodos),
            .div(.class("workbench-grid"),
                 .section(.class("card workbench-queues"),
                          .h2(.text("待审核事项")),
                          queuesBody),
                 .section(.class("card"),
                          .h2(.text("待办事项"), .if(openTodos > 0, .span(.class("badge badge-warning"), .text("\(openTodos) 项未完成")))),
                          todosBody),
                 .section(.class("card"),
                          .h2(.text("最新消息"), .if(unreadMessages > 0, .span(.class("badge badge-warning"), .text("\(unreadMessages) 条未读")))),
                          messagesBody)),
            .section(.class("card"),
                     .h2(.text("常用功能")),
                     .div(.class("quick-links"),
                          .forEach(tasks) { item in .a(.class("quick-link card"), .href(item.path), .text(item.title)) }))
        )
    }

    private var todosBody: Node<HTML.BodyContext> {
        guard !todos.isEmpty else { return .p(.class("muted"), .text("暂无未完成的待办。")) }
        return .group(
            .ul(.class("workbench-list"), .forEach(todos) { item in
                .li(.a(.href(item.link), .text(item.title)),
                    .span(.class("muted"), .text(" \(item.publisher) · 截止 \(item.deadline.label) ")),
                    Self.urgencyBadge(item.urgency))
            }),
            .p(.a(.href(Page.myTodos.path), .text(openTodos > todos.count ? "全部 \(openTodos) 项待办" : "我的待办")))
        )
    }

    private static func urgencyBadge(_ urgency: TodoUrgency) -> Node<HTML.BodyContext> {
        switch urgency {
        case .overdue: UI.badge(urgency.label, tone: "danger")
        case .dueSoon: UI.badge(urgency.label, tone: "warning")
        default: .empty
        }
    }

    private var messagesBody: Node<HTML.BodyContext> {
        guard !messages.isEmpty else { return .p(.class("muted"), .text("暂无消息。")) }
        return .group(
            .ul(.class("workbench-list"), .forEach(messages) { message in
                .li(.if(message.readAt == nil, .span(.class("badge badge-warning"), .text("未读"))),
                    .text(" "),
                    .a(.href(message.id.map { "\(Page.inbox.path)/\($0)" } ?? Page.inbox.path), .text(message.title)),
                    .span(.class("muted"), .text(" " + AdminViews.time(message.createdAt))))
            }),
            .p(.a(.href(Page.inbox.path), .text("更多")))
        )
    }

    private var queuesBody: Node<HTML.BodyContext> {
        guard !queues.isEmpty else {
            return .p(.class("muted"), .text("暂无待审核事项。"))
        }
        let pending = queues.reduce(0) { $0 + $1.pending }
        let overdue = queues.reduce(0) { $0 + $1.overdue }
        return .group(
            .p(.text("共 \(pending) 件待本机构审核"), .if(overdue > 0, .span(.class("badge badge-danger"), .text("已超期 \(overdue) 件")))),
            UI.table(columns: ["审核队列", "待审核", "已超期", "审核时限"], rows: queues.map { queue in
                [
                    .a(.href(Page.reviews(queue.kind, title: queue.kind.queueTitle).link), .text(queue.kind.queueTitle)),
                    .text("\(queue.pending) 件"),
                    queue.overdue > 0 ? UI.badge("\(queue.overdue) 件", tone: "danger") : .text("—"),
                    .text("\(queue.workingDays) 个工作日"),
                ]
            }, caption: "待审核事项")
        )
    }
}

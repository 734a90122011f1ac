import SeedbedDomain

/// One sidebar entry: a page of the route table. It is shown exactly when the page's guard admits the user, so the
/// menu cannot offer what the guard refuses.
struct MenuItem: Sendable {
    let page: Page
    /// Shown only while an enterprise's registration is not approved (注册进度): the page stays reachable later,
    /// the menu no longer needs it.
    var onlyBeforeApproval = false
    /// The count shown beside the entry (a queue's pending filings), if any.
    var badge: MenuBadge? = nil

    var title: String { page.title }
    var path: String { page.link }

    func isShown(to user: CurrentUser) -> Bool {
        page.access.admits(user) && (!onlyBeforeApproval || user.isUnapprovedEnterprise)
    }
}

struct MenuGroup: Sendable {
    let title: String
    let items: [MenuItem]
}

/// The sidebar: the menu groups and the order of their pages. Who sees an entry is the page's own access.
enum Menu {
    static let groups: [MenuGroup] = [
        MenuGroup(title: "首页", items: [MenuItem(page: .workbench)]),
        MenuGroup(title: "待办事项", items: [MenuItem(page: .myTodos, badge: .openTodos), MenuItem(page: .todoPublishing),
                                           MenuItem(page: .inbox, badge: .officialInbox)]),
        MenuGroup(title: "企业总览", items: [MenuItem(page: .overview)]),
        MenuGroup(title: "企业业务", items: [
            MenuItem(page: .myRegistration, onlyBeforeApproval: true),
            MenuItem(page: .myEnterprise), MenuItem(page: .myBasicInfo), MenuItem(page: .myAnnualReports),
            MenuItem(page: .myProducts), MenuItem(page: .myPoints), MenuItem(page: .myExpress),
            MenuItem(page: .myScores), MenuItem(page: .myRankings), MenuItem(page: .myChanges),
            MenuItem(page: .myMessages), MenuItem(page: .myLibraries), MenuItem(page: .mySettings),
            MenuItem(page: .myApplications),
            MenuItem(page: .myRenewals),
            MenuItem(page: .myDigital),
            MenuItem(page: .myIP),
            MenuItem(page: .myCreditRating),
            MenuItem(page: .myFinance),
            MenuItem(page: .myVouchers),
        ]),
        MenuGroup(title: "审核", items: [
            queue(.registration),
            queue(.basicInfo),
            queue(.annualReport),
            queue(.majorChange),
            queue(.renewal),
            queue(.pointsData),
            queue(.expressReport),
            MenuItem(page: .reviews(.annualReport, title: "年报数据查询", allTab: true)),
            queue(.innovativeSMEApplication),
            queue(.specializedSMEApplication),
            MenuItem(page: .applicationWindows),
        ]),
        MenuGroup(title: "企业信息", items: [
            MenuItem(page: .enterprises), MenuItem(page: .customQuery), MenuItem(page: .imports),
            MenuItem(page: .ipRecords),
        ]),
        MenuGroup(title: "创新积分", items: [
            MenuItem(page: .schemes), MenuItem(page: .periods), MenuItem(page: .expressList), MenuItem(page: .runs),
            MenuItem(page: .results), MenuItem(page: .rankings), MenuItem(page: .estimates),
        ]),
        MenuGroup(title: "梯度培育", items: [MenuItem(page: .recognitions), MenuItem(page: .cultivationStatistics)]),
        MenuGroup(title: "定向政策", items: [MenuItem(page: .myPolicies), MenuItem(page: .policyMatches)]),
        MenuGroup(title: "金融服务", items: [MenuItem(page: .financeProducts), MenuItem(page: .financeApplications)]),
        // Seed 004 §4 (申报事项): the knowledge-value credit rating list and the two innovation-voucher tables.
        MenuGroup(title: "申报事项", items: [MenuItem(page: .creditRatings), MenuItem(page: .voucherStatistics),
                                         MenuItem(page: .vouchers)]),
        MenuGroup(title: "查询统计", items: StatisticsController.Kind.allCases.map {
            MenuItem(page: .statistics($0.rawValue, title: $0.title))
        } + [MenuItem(page: .statistics("city", title: "全市概况图"))]),
        MenuGroup(title: "培育库", items: LibraryPageSpec.all.compactMap { spec in
            LibraryCatalog.standard.libraries.first { $0.id == spec.id }.map { library in
                MenuItem(page: .library(spec.id, title: library.name))
            }
        }),
        MenuGroup(title: "系统管理", items: [
            MenuItem(page: .users), MenuItem(page: .organizations), MenuItem(page: .sms), MenuItem(page: .content),
            MenuItem(page: .emailOutbox), MenuItem(page: .accountChanges), MenuItem(page: .reviewPeriods),
            MenuItem(page: .questionnaires),
        ]),
        MenuGroup(title: "安全管理", items: [MenuItem(page: .security), MenuItem(page: .securityRoles)]),
        MenuGroup(title: "安全审计", items: [MenuItem(page: .auditLog), MenuItem(page: .loginLog)]),
        MenuGroup(title: "账号", items: [MenuItem(page: .password), MenuItem(page: .secondFactor),
                                        MenuItem(page: .myAccountChange)]),
    ]

    /// A review queue's entry, with its pending count as the badge.
    private static func queue(_ kind: FilingKind) -> MenuItem {
        MenuItem(page: .reviews(kind, title: kind.queueTitle), badge: .reviewQueue(kind))
    }

    /// The groups a user sees, empty groups left out. An enterprise whose registration is not approved sees only
    /// what it can use: its registration, the workbench and its account.
    static func groups(for user: CurrentUser) -> [MenuGroup] {
        groups.compactMap { group in
            let items = group.items.filter { $0.isShown(to: user) }
            return items.isEmpty ? nil : MenuGroup(title: group.title, items: items)
        }
    }
}

/// What a menu entry's badge counts.
enum MenuBadge: Sendable, Hashable {
    /// Filings waiting in the user's queue of this kind (red when some are overdue).
    case reviewQueue(FilingKind)
    /// To-dos addressed to the user's organisation and not completed.
    case openTodos
    /// Unread messages of the user's organisation.
    case officialInbox
}

/// The numbers the sidebar's badges show, read once per request.
struct MenuBadges: Sendable {
    var reviews: [FilingKind: ReviewQueueCount] = [:]
    var openTodos = 0
    var unreadInbox = 0

    /// The number to show for a badge, whether it is urgent and what it says in words; nil shows nothing.
    func value(of badge: MenuBadge) -> (count: Int, urgent: Bool, label: String)? {
        switch badge {
        case .reviewQueue(let kind):
            guard let queue = reviews[kind], queue.pending > 0 else { return nil }
            return (queue.pending, queue.overdue > 0,
                    "待审核 \(queue.pending) 件" + (queue.overdue > 0 ? "，已超期 \(queue.overdue) 件" : ""))
        case .openTodos:
            return openTodos > 0 ? (openTodos, false, "\(openTodos) 项待办未完成") : nil
        case .officialInbox:
            return unreadInbox > 0 ? (unreadInbox, false, "\(unreadInbox) 条未读消息") : nil
        }
    }
}

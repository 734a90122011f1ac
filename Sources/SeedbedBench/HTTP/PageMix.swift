import SeedbedDomain

/// The fixed mix `seedbed-bench http` drives: which demo account opens which pages. Every government account
/// opens the same government pages (企业总览, 企业信息查询, the 审核 queues, 积分结果, every library, the
/// statistics tables), so a page's figures can be read across scopes; the enterprise opens its own pages; a
/// visitor opens the public home. A page the route table does not open to a role (403 on the first visit) is
/// left out of the mix and named on stderr, not counted as an error.
enum PageMix {
    struct Account: Sendable, Hashable {
        /// The demo account (`DemoAccounts` in the server), signed in with the demo password; "" for a visitor.
        let account: String
        /// The role's name in the output.
        let role: String
    }

    struct Entry: Sendable, Hashable {
        let page: String
        let path: String
        let account: Account
    }

    static let password = "Demo@2026"

    static let visitor = Account(account: "", role: "public")
    static let enterprise = Account(account: "ent-demo", role: "enterprise")
    static let government: [Account] = [
        Account(account: "torch", role: "national"),
        Account(account: "liaoning", role: "province"),
        Account(account: "dalian", role: "city"),
        Account(account: "dlgxq", role: "zone"),
        Account(account: "yubei", role: "county"),
    ]
    /// The account whose first 企业总览 marks the end of the cold start.
    static let coldStartAccount = Account(account: "dalian", role: "city")

    static let home = (page: "公开首页", path: "/")
    static let overview = (page: "企业总览", path: "/overview")

    /// Every library page (`LibraryPageSpec.all` in the server; `PageMixTests` checks the two agree), named as
    /// the catalogue names it.
    static let libraryIDs: [LibraryID] = [
        .incubation, .hightechReserve, .starMarketReserve, .leadingEnterprise, .highGrowth, .techSMEReserve,
        .techSMERecognized, .hightechRecognized,
    ]
    static var libraries: [(id: LibraryID, name: String)] {
        libraryIDs.map { id in (id, LibraryCatalog.standard.libraries.first { $0.id == id }?.name ?? id.rawValue) }
    }

    static var governmentPages: [(page: String, path: String)] {
        [
            overview,
            ("企业信息查询", "/enterprises"),
            ("工作台", "/workbench"),
            ("审核·企业注册", "/reviews?kind=" + FilingKind.registration.rawValue),
            ("审核·基本信息", "/reviews?kind=" + FilingKind.basicInfo.rawValue),
            ("审核·年度经营信息", "/reviews?kind=" + FilingKind.annualReport.rawValue),
            ("审核·积分数据", "/reviews?kind=" + FilingKind.pointsData.rawValue),
            ("积分结果查询", "/points/results"),
            ("培育进度统计表", "/statistics/progress"),
            ("区县入库企业情况统计表", "/statistics/counties"),
        ] + libraries.map { (page: $0.name, path: "/libraries/" + $0.id.rawValue) }
    }

    static let enterprisePages: [(page: String, path: String)] = [
        ("企业工作台", "/workbench"),
        ("企业信息", "/my/enterprise"),
        ("基本信息填报", "/my/basic-info"),
        ("年度经营信息", "/my/annual-reports"),
        ("积分结果（企业）", "/my/scores"),
        ("我的培育库", "/my/libraries"),
    ]

    /// The whole mix, in a fixed order.
    static var entries: [Entry] {
        [Entry(page: home.page, path: home.path, account: visitor)]
            + government.flatMap { account in governmentPages.map { Entry(page: $0.page, path: $0.path, account: account) } }
            + enterprisePages.map { Entry(page: $0.page, path: $0.path, account: enterprise) }
    }

    /// The accounts the mix signs in (the visitor needs none).
    static var accounts: [Account] { government + [enterprise] }
}

import Fluent
import Foundation

/// Published demo articles for every public section, loaded once in demo mode when there is no content yet.
enum ContentDemo {
    struct Item {
        let section: ArticleSection
        let title: String
        let body: String
        let daysAgo: Int
        var pinned = false
        var finance: [String?] = []
    }

    static let items: [Item] = [
        Item(section: .notices, title: "关于开展2025年度企业创新积分数据填报工作的通知",
             body: "各有关单位：\n\n为做好2025年度企业创新积分评价工作，现将数据填报有关事项通知如下。\n\n"
                + "一、填报时间：即日起至4月30日。\n二、填报方式：企业登录平台，在“积分数据填报”中填写并提交，由所在区县科技管理部门审核。\n\n"
                + "请各单位高度重视，及时组织辖区企业完成填报。",
             daysAgo: 3, pinned: true),
        Item(section: .notices, title: "平台系统升级维护公告",
             body: "为提升平台服务能力，平台将于本周六 22:00 至周日 06:00 进行系统升级维护，期间暂停访问。\n\n给您带来的不便，敬请谅解。",
             daysAgo: 10),
        Item(section: .notices, title: "关于发布2024年度创新积分优秀企业榜单的公告",
             body: "经企业填报、区县审核与积分计算，2024年度创新积分优秀企业榜单已发布。\n\n企业可登录平台在“优秀企业榜单”中查看。",
             daysAgo: 40),
        Item(section: .policies, title: "企业创新积分制工作指引（试行）",
             body: "为深入实施创新驱动发展战略，引导创新要素向企业集聚，制定本指引。\n\n"
                + "企业创新积分制以企业创新能力为核心，从技术创新、成长经营和辅助指标三个方面量化评价科技企业。\n\n"
                + "各地科技管理部门应依托平台组织企业填报、审核与积分计算，并会同合作金融机构开展积分应用。",
             daysAgo: 20),
        Item(section: .policies, title: "科技型中小企业评价办法",
             body: "科技型中小企业须同时满足职工总数、年销售收入、资产总额以及研发费用占比等条件。\n\n"
                + "符合条件的企业可在平台自主填报评价信息，经审核后入库。",
             daysAgo: 60),
        Item(section: .policies, title: "关于加大科技企业金融支持力度的若干措施",
             body: "鼓励银行业金融机构依据企业创新积分开发专属信贷产品。\n\n对积分排名靠前的企业，合作银行可给予利率优惠和绿色审批通道。",
             daysAgo: 90),
        Item(section: .guides, title: "企业注册与登录操作说明",
             body: "一、打开平台首页，点击“企业业务”进入登录页。\n二、首次使用请点击“企业注册”，填写统一社会信用代码、企业名称并上传营业执照。\n\n"
                + "注册信息经所在区县审核通过后即可登录使用。",
             daysAgo: 15, pinned: true),
        Item(section: .guides, title: "积分数据填报操作说明",
             body: "登录后在左侧菜单选择“积分数据填报”，按步骤填写研发投入、知识产权、科技人才等数据。\n\n可先“暂存”，确认无误后“提交审核”。",
             daysAgo: 25),
        Item(section: .guides, title: "年度经营信息填报常见问题",
             body: "问：年报退回修改后如何重新提交？\n答：在“年度经营信息”中打开被退回的年报，按审核意见修改后再次提交即可。",
             daysAgo: 50),
        Item(section: .finance, title: "科创积分贷", body: "面向创新积分较高的科技型中小企业的信用贷款，无需抵押，线上申请，最快三个工作日放款。",
             daysAgo: 12, finance: ["中国建设银行", "信用贷款", "10万元–1000万元", "1–3年", "年化利率3.45%起", "400-820-0000"]),
        Item(section: .finance, title: "知识产权质押融资", body: "以企业拥有的专利权、商标权作为质押，为轻资产科技企业提供融资支持。",
             daysAgo: 30, finance: ["交通银行", "质押贷款", "50万元–3000万元", "1–5年", "按贷款市场报价利率加点", "0411-8000-0000"]),
        Item(section: .finance, title: "高企成长贷", body: "面向高新技术企业的流动资金贷款，可随借随还，额度循环使用。",
             daysAgo: 45, finance: ["招商银行", "流动资金贷款", "最高2000万元", "1年，可循环", "年化利率3.6%起", "95555"]),
    ]

    /// Loads the demo articles when the table is empty; anything already written is left alone.
    static func ensure(on db: any Database, now: Date) async throws {
        guard try await Article.query(on: db).count() == 0 else { return }
        let articles = items.map { item in
            let article = Article()
            article.section = item.section
            article.title = item.title
            article.body = item.body
            article.publisher = item.section == .finance ? (item.finance.first.flatMap { $0 } ?? "合作银行") : "平台运营单位"
            article.status = .published
            let at = now.addingTimeInterval(-Double(item.daysAgo) * 86_400)
            article.publishedAt = at
            article.pinned = item.pinned
            func value(_ index: Int) -> String? { index < item.finance.count ? item.finance[index] : nil }
            article.bank = value(0)
            article.productType = value(1)
            article.amountRange = value(2)
            article.term = value(3)
            article.rate = value(4)
            article.contact = value(5)
            article.createdAt = at
            article.updatedAt = at
            return article
        }
        try await articles.create(on: db)
    }
}

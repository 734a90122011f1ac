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
        var level: ArticleLevel = .ministry
        /// The province of a 省级 announcement.
        var region = ""
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
        // Finance products are no longer articles: the banks keep them in the 金融超市 (FinanceDemo).
    ] + cultivation

    /// 优质中小企业梯度培育: announcements at ministry and province level (辽宁, 重庆) and the 常见问题 of the help
    /// area, its facts taken from the MIIT system's manual.
    static let cultivation: [Item] = [
        Item(section: .notices, title: "关于开展2026年度优质中小企业梯度培育工作的通知",
             body: "各省、自治区、直辖市中小企业主管部门：\n\n为推动中小企业走“专精特新”发展道路，现就2026年度创新型中小企业评价、"
                + "专精特新中小企业认定和专精特新“小巨人”企业培育工作通知如下。\n\n"
                + "一、企业通过平台首页“企业申报”选择申报级别和所在城市提交申报，申报专精特新中小企业前须完成数字化水平评测。\n"
                + "二、各省中小企业主管部门在平台维护本省申报时间，逐级审核后认定。",
             daysAgo: 5),
        Item(section: .notices, title: "辽宁省2026年创新型中小企业评价和专精特新中小企业认定工作的通知",
             body: "各市中小企业主管部门：\n\n2026年我省创新型中小企业评价和专精特新中小企业认定工作即日启动，申报时间以平台开放时间为准。\n\n"
                + "企业登录平台后在“企业申报信息”中选择相应级别申报，由区县、市、省三级审核。",
             daysAgo: 6, level: .province, region: "210000"),
        Item(section: .notices, title: "重庆市关于组织开展2026年专精特新中小企业申报工作的通知",
             body: "各区县中小企业主管部门：\n\n请组织辖区企业在申报时间内登录平台完成数字化水平评测并提交专精特新中小企业申报材料，"
                + "作证材料压缩包中的文件名请勿使用特殊字符。",
             daysAgo: 8, level: .province, region: "500000"),
        Item(section: .faq, title: "绑定的手机号需要更换，怎么办？",
             body: "登录后在“账号变更”中选择邮箱核验或人工核验。邮箱核验：验证码发送到注册时登记的电子邮箱；"
                + "人工核验：上传签字盖章的变更申请表，由平台管理员审核。\n\n变更成功后，平台会把登录名以短信发送到新手机号。",
             daysAgo: 2, pinned: true),
        Item(section: .faq, title: "自然人账号可以申报优质中小企业吗？",
             body: "不可以。申报须使用企业（法人）账号；已实名认证的自然人可另行注册企业账号，认证后再申报。", daysAgo: 3),
        Item(section: .faq, title: "认证时提示统一社会信用代码已存在，如何处理？",
             body: "说明该企业已注册过账号。可用统一社会信用代码登录，或在登录页通过“忘记密码”找回；"
                + "信息核对不上时，请联系平台管理员核实。", daysAgo: 4),
        Item(section: .faq, title: "为什么没有我所在省份的申报入口？",
             body: "只有省级主管部门在平台设置了申报时间、且当前处在申报时间内，首页“企业申报”才会列出该省的城市。", daysAgo: 5),
        Item(section: .faq, title: "申报专精特新中小企业前必须先申报创新型中小企业吗？",
             body: "不必。两类可以同时申报，也可以只申报其中一类；但申报专精特新中小企业前须先完成数字化水平评测。", daysAgo: 6),
        Item(section: .faq, title: "数字化水平评测可以多次作答吗？",
             body: "可以，次数不限。专精特新“数字化水平”指标以最近一次完成的评测结果为准。", daysAgo: 7),
        Item(section: .faq, title: "提交申报后想修改材料怎么办？",
             body: "在申报时间内，请当前处理申报的审核部门“退回”，企业修改后重新提交到该级审核。", daysAgo: 8),
        Item(section: .faq, title: "上传作证材料时提示“服务器忙”怎么办？",
             body: "多半是压缩包内文件名含有特殊字符。请改用常规的中文、字母或数字命名后重新上传。", daysAgo: 9),
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
            article.level = item.level
            article.region = item.region
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
        try await ContentVersion.bump(on: db)
    }
}

import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// 金融超市 in the demo: two partner banks (大连银行, whose account is `bank`, and 重庆农商行), six products (one
/// 下架), and applications from demo enterprises in every state, one of them from `ent-demo`. Deterministic, and
/// loaded once (nothing is added when an institution exists).
enum FinanceDemo {
    static let bankAccount = "bank"

    struct ProductSpec {
        let bank: Int
        let name: String
        let type: FinanceProductType
        let rates: (Double, Double)
        let amount: Double
        let term: Int
        var minScore: Double?
        var maxList: Int?
        var region: String?
        var status: FinanceProductStatus = .listed
        let description: String
    }

    static let products: [ProductSpec] = [
        ProductSpec(bank: 0, name: "科创积分贷", type: .credit, rates: (3.45, 4.2), amount: 500, term: 12, minScore: 60,
                    description: "面向创新积分较高的科技型中小企业的信用贷款，无需抵押，线上申请，最快三个工作日放款。"),
        ProductSpec(bank: 0, name: "知识产权质押贷", type: .ipPledge, rates: (3.8, 4.5), amount: 1000, term: 36,
                    description: "以企业拥有的专利权、商标权作为质押，为轻资产科技企业提供融资支持。"),
        ProductSpec(bank: 0, name: "投贷联动成长贷", type: .investLoan, rates: (3.6, 4.8), amount: 3000, term: 36, maxList: 1,
                    description: "与合作投资机构联动，面向进入竞跑榜及以上的高成长科技企业，股权投资与信贷资金组合支持。"),
        ProductSpec(bank: 0, name: "高企成长贷", type: .techLoan, rates: (3.9, 4.9), amount: 800, term: 24, status: .unlisted,
                    description: "面向高新技术企业的流动资金贷款，可随借随还，额度循环使用（本年度额度已满，暂停申请）。"),
        ProductSpec(bank: 1, name: "渝快科创贷", type: .techLoan, rates: (3.85, 4.35), amount: 300, term: 12, region: "500000",
                    description: "面向重庆市科技型企业的科技贷款，依据创新积分核定额度，随借随还。"),
        ProductSpec(bank: 1, name: "知识价值信用贷", type: .credit, rates: (4.0, 5.0), amount: 500, term: 24, minScore: 50,
                    description: "以企业知识价值信用评价为依据发放的纯信用贷款，风险补偿资金池提供增信。"),
    ]

    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await FinancialInstitution.query(on: db).count() == 0 else { return }
        let now = app.clock.now()
        let banks = [
            FinancialInstitution(name: "大连银行股份有限公司", shortName: "大连银行", contact: "0411-82311234（科技金融部）", at: now),
            FinancialInstitution(name: "重庆农村商业银行股份有限公司", shortName: "重庆农商行", contact: "023-61110961（普惠金融部）", at: now),
        ]
        for bank in banks { try await bank.create(on: db) }
        let bankIDs = banks.compactMap(\.id)
        guard bankIDs.count == 2 else { return }
        if let user = try await User.query(on: db).filter(\.$account == bankAccount).first(), let userID = user.id {
            try await InstitutionMember(userID: userID, institutionID: bankIDs[0], at: now).create(on: db)
        }
        var created: [FinanceProduct] = []
        for (index, spec) in products.enumerated() {
            let product = FinanceProduct()
            product.institutionID = bankIDs[spec.bank]
            product.name = spec.name
            product.type = spec.type
            product.rateMin = spec.rates.0
            product.rateMax = spec.rates.1
            product.amountMax = spec.amount
            product.termMonths = spec.term
            product.minScore = spec.minScore
            product.maxListIndex = spec.maxList
            product.regionCode = spec.region
            product.description = spec.description
            product.contact = banks[spec.bank].contact
            product.status = spec.status
            product.createdAt = now.addingTimeInterval(Double(index - 40) * 86_400)
            product.updatedAt = product.createdAt
            try await product.create(on: db)
            created.append(product)
        }
        let actor = try await User.query(on: db).filter(\.$account == bankAccount).first()?.id ?? 0
        // Applications: ent-demo's earlier loan from 知识产权质押贷 (已放款), four Dalian enterprises' to 大连银行 in every state, two
        // Chongqing enterprises' to 重庆农商行.
        var plan: [(Enterprise, Int, FinanceApplicationState)] = []
        if let demo = try await User.query(on: db).filter(\.$account == "ent-demo").first()?.enterpriseID,
           let enterprise = try await Enterprise.find(demo, on: db) {
            plan.append((enterprise, 1, .disbursed))
        }
        let dalian = try await Enterprise.query(on: db).filter(\.$regionCode >= "210200").filter(\.$regionCode < "210300")
            .filter(\.$status == .active).filter(\.$name != DemoEnterpriseGenerator.showcaseName).sort(\.$id).limit(4).all()
        for (enterprise, state) in zip(dalian, [FinanceApplicationState.submitted, .accepted, .disbursed, .rejected]) {
            plan.append((enterprise, state == .disbursed ? 0 : 1, state))
            // (ent-demo's own 已放款 is above, so it may apply again: the browser walk does.)
        }
        let chongqing = try await Enterprise.query(on: db).filter(\.$regionCode >= "500000").filter(\.$regionCode < "510000")
            .filter(\.$status == .active).sort(\.$id).limit(2).all()
        for (enterprise, state) in zip(chongqing, [FinanceApplicationState.submitted, .disbursed]) {
            plan.append((enterprise, state == .submitted ? 4 : 5, state))
        }
        for (index, (enterprise, productIndex, state)) in plan.enumerated() {
            guard let enterpriseID = enterprise.id, created.indices.contains(productIndex),
                  let productID = created[productIndex].id else { continue }
            let product = created[productIndex]
            let submitted = now.addingTimeInterval(Double(-(index + 2)) * 86_400)
            let application = FinanceApplication()
            application.productID = productID
            application.institutionID = product.institutionID
            application.enterpriseID = enterpriseID
            application.regionCode = enterprise.regionCode
            application.zoneID = enterprise.zoneID
            application.incubatorID = enterprise.incubatorID
            application.amount = min(product.amountMax, Double(100 + index * 50))
            application.purpose = ["采购研发设备", "补充流动资金", "新产品中试与量产", "扩建生产线", "支付研发人员薪酬"][index % 5]
            application.consentAt = submitted
            application.state = state
            application.createdAt = submitted
            application.updatedAt = submitted.addingTimeInterval(86_400)
            if state == .disbursed { application.disbursedAmount = application.amount }
            if state == .rejected { application.reason = "企业近两年研发投入不足，暂不符合本产品授信条件" }
            if state != .submitted { application.decidedBy = actor }
            try await application.create(on: db)
            guard let id = application.id else { continue }
            try await FinanceApplicationEvent(applicationID: id, state: .submitted, note: "提交申请，同意授权查询创新积分",
                                              actorID: actor, at: submitted).create(on: db)
            let steps: [(FinanceApplicationState, String)] = switch state {
            case .submitted: []
            case .accepted: [(.accepted, "受理")]
            case .disbursed: [(.accepted, "受理"), (.disbursed, "放款 \(FinanceConditions.format(application.amount)) 万元")]
            case .rejected: [(.rejected, "未通过：\(application.reason ?? "")")]
            }
            for (offset, step) in steps.enumerated() {
                try await FinanceApplicationEvent(applicationID: id, state: step.0, note: step.1, actorID: actor,
                                                  at: submitted.addingTimeInterval(Double(offset + 1) * 3_600)).create(on: db)
            }
        }
        // The public 金融超市 pages are cached per content version.
        try await ContentVersion.bump(on: db)
    }
}

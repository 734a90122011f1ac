import Foundation
@testable import SeedbedDomain
import Testing

@Suite("科技创新券规则")
struct VoucherRulesTests {
    static func input(_ values: [VoucherField: String]) -> VoucherInput {
        var base: [VoucherField: String] = [
            .uscc: "91500112MA5U7ABCDX", .number: "cqkjq2025-00001", .type: "检验检测", .claimedAmount: "50000",
            .claimedOn: "2025-03-15",
        ]
        // A valid credit code for the base.
        base[.uscc] = USCC.completing("91500112MA5U7ABCD")?.value ?? ""
        return VoucherInput(base.merging(values, uniquingKeysWith: { $1 }))
    }

    @Test("金额按分精确解析：两位小数、千分位；负数、指数、三位小数、超过 1000 万都拒绝")
    func amounts() {
        #expect(VoucherAmount.parse("12500.5")?.fen == 1_250_050)
        #expect(VoucherAmount.parse("1,234.56")?.fen == 123_456)
        #expect(VoucherAmount.parse("0.1")?.description == "0.10")
        #expect(VoucherAmount.parse("10000000")?.fen == 1_000_000_000)
        for bad in ["-1", "1e5", "1.234", "NaN", "10000000.01", "", ".5", "1.", "１００", "9223372036854775808"] {
            #expect(VoucherAmount.parse(bad) == nil, "\(bad)")
        }
        // 0.10 + 0.20 is 0.30 exactly, however many times it is added.
        let sum = (0..<1000).reduce(VoucherAmount.zero) { total, _ in total + VoucherAmount(fen: 10) + VoucherAmount(fen: 20) }
        #expect(sum.description == "300.00")
        #expect((VoucherAmount(fen: .max) + VoucherAmount(fen: 1)).fen == .max, "sums saturate")
    }

    @Test("兑付金额大于申领金额被拒绝并指明字段；状态不填按金额推定，填写的状态须与金额一致")
    func validation() {
        let valid = VoucherRules.validate(Self.input([:]))
        #expect(valid.problems.isEmpty)
        #expect(valid.draft?.state == .claimed)
        #expect(valid.draft?.number == "CQKJQ2025-00001")
        #expect(valid.draft?.year == 2025)

        let over = VoucherRules.validate(Self.input([.redeemedAmount: "50000.01", .redeemedOn: "2025-05-01"]))
        #expect(over.draft == nil)
        #expect(over.problems[.redeemedAmount]?.contains("不能大于申领金额") == true)

        let partly = VoucherRules.validate(Self.input([.redeemedAmount: "20000", .redeemedOn: "2025-05-01"]))
        #expect(partly.draft?.state == .partlyRedeemed)
        let full = VoucherRules.validate(Self.input([.redeemedAmount: "50000.00", .redeemedOn: "2025-05-01"]))
        #expect(full.draft?.state == .redeemed)
        #expect(VoucherRules.validate(Self.input([.redeemedAmount: "1", .redeemedOn: "2025-05-01", .state: "已兑付"]))
            .problems[.state] != nil)
        #expect(VoucherRules.validate(Self.input([.state: "已作废"])).draft?.state == .void)
        #expect(VoucherRules.validate(Self.input([.redeemedAmount: "1"])).problems[.redeemedOn] != nil,
                "a redemption needs its date")
        #expect(VoucherRules.validate(Self.input([.redeemedAmount: "1", .redeemedOn: "2025-01-01"])).problems[.redeemedOn]?
            .contains("早于") == true)
        #expect(VoucherRules.validate(Self.input([.type: "火箭券"])).problems[.type] != nil)
        #expect(VoucherRules.validate(Self.input([.type: "研发设计券"])).draft?.type == .researchDesign)
        #expect(VoucherRules.validate(Self.input([.claimedAmount: "0"])).problems[.claimedAmount] != nil)
        #expect(VoucherRules.validate(Self.input([.number: "A/B"])).problems[.number] != nil)
        #expect(VoucherRules.validate(Self.input([.claimedOn: "99999-99-99"])).problems[.claimedOn] != nil)
        #expect(VoucherRules.validate(Self.input([.year: "1e9"])).problems[.year] != nil)
        #expect(VoucherRules.validate(Self.input([.provider: String(repeating: "字", count: 101)])).problems[.provider] != nil)
    }

    @Test("接口请求：字段路径指出第几张券的哪个字段；数量有上限；重复编号拒绝")
    func batchRequest() throws {
        let code = USCC.completing("91500112MA5U7ABCD")?.value ?? ""
        func body(_ vouchers: String) -> Data { Data(#"{"vouchers":[\#(vouchers)]}"#.utf8) }
        let one = #"{"uscc":"\#(code)","number":"A-1","type":"testing","claimedAmount":12500.5,"claimedOn":"2025-03-01"}"#
        let drafts = try VoucherBatchRequest.parse(body(one))
        #expect(drafts.first?.claimed.fen == 1_250_050)
        let over = #"{"uscc":"\#(code)","number":"A-2","type":"testing","claimedAmount":"100","redeemedAmount":"100.01","redeemedOn":"2025-04-01","claimedOn":"2025-03-01"}"#
        #expect(throws: VoucherFieldError.self) { try VoucherBatchRequest.parse(body(one + "," + over)) }
        do {
            _ = try VoucherBatchRequest.parse(body(one + "," + over))
        } catch {
            #expect(error.field == "vouchers[1].redeemedAmount")
        }
        do { _ = try VoucherBatchRequest.parse(body(one + "," + one)) } catch { #expect(error.field == "vouchers[1].number") }
        do { _ = try VoucherBatchRequest.parse(Data(#"{"vouchers":[], "x":1}"#.utf8)) } catch { #expect(error.field == "x") }
        do { _ = try VoucherBatchRequest.parse(Data("[1]".utf8)) } catch { #expect(error.field == "") }
        let many = Array(repeating: one, count: VoucherBatchRequest.maxVouchers + 1).joined(separator: ",")
        do { _ = try VoucherBatchRequest.parse(body(many)) } catch { #expect(error.field == "vouchers") }
        do { _ = try VoucherBatchRequest.parse(body(#"{"uscc":1e400}"#)) } catch { #expect(error.field.hasPrefix("vouchers[0]")) }
    }

    @Test("申领统计：各标签的行与合计按分精确相加，合计的企业数去重，兑付率两位小数")
    func statistics() {
        func fact(_ id: Int, _ type: VoucherType, _ claimed: Int64, _ redeemed: Int64, _ size: EnterpriseSize?) -> VoucherFact {
            VoucherFact(enterpriseID: id, type: type, claimed: VoucherAmount(fen: claimed), redeemed: VoucherAmount(fen: redeemed),
                        size: size, category: .secondary, field: nil)
        }
        let facts = [fact(1, .testing, 100_010, 50_005, .small), fact(1, .researchDesign, 200_020, 200_020, .small),
                     fact(2, .testing, 30_030, 0, nil)]
        let byType = VoucherStatisticsTable(tab: .type, year: 2025, facts: facts)
        #expect(byType.rows.count == VoucherType.allCases.count)
        let testing = byType.rows.first { $0.label == "检验检测" }
        #expect(testing?.enterprises == 2 && testing?.vouchers == 2)
        #expect(testing?.claimed.description == "1300.40" && testing?.redeemed.description == "500.05")
        #expect(testing?.rate == "38.45%")
        #expect(byType.total.enterprises == 2, "e1 counts once though it holds two types")
        #expect(byType.total.claimed.description == "3300.60" && byType.total.rate == "75.75%")
        let bySize = VoucherStatisticsTable(tab: .size, year: 2025, facts: facts)
        #expect(bySize.rows.first { $0.label == "小型企业" }?.claimed.description == "3000.30")
        #expect(bySize.rows.first { $0.label == "无法判断" }?.vouchers == 1)
        #expect(bySize.rows.first { $0.label == "大型企业" }?.rate == "—")
        let byField = VoucherStatisticsTable(tab: .field, year: 2025, facts: facts)
        #expect(byField.rows.last?.label == "领域未填" && byField.rows.last?.vouchers == 3)
    }
}

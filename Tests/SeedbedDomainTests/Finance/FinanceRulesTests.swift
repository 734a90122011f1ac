import SeedbedDomain
import Testing

@Suite("金融超市规则")
struct FinanceRulesTests {
    @Test("状态机：已提交只能受理或不予通过，未受理不能放款，终态不能再办理")
    func transitions() {
        #expect(FinanceWorkflow.apply(.accept, to: .submitted) == .success(.accepted))
        #expect(FinanceWorkflow.apply(.disburse, to: .accepted) == .success(.disbursed))
        #expect(FinanceWorkflow.apply(.reject, to: .submitted) == .success(.rejected))
        #expect(FinanceWorkflow.apply(.reject, to: .accepted) == .success(.rejected))
        #expect(FinanceWorkflow.apply(.disburse, to: .submitted) == .failure(.notAllowed(.disburse, from: .submitted)))
        #expect(FinanceError.notAllowed(.disburse, from: .submitted).message == "申请尚未受理，不能放款")
        for final in [FinanceApplicationState.disbursed, .rejected] {
            #expect(FinanceWorkflow.decisions(from: final).isEmpty)
            for decision in FinanceDecision.allCases {
                guard case .failure(let error) = FinanceWorkflow.apply(decision, to: final) else {
                    Issue.record("\(decision) from \(final) passed")
                    continue
                }
                #expect(error.message.hasPrefix("申请\(final.label)，不能再"))
            }
        }
        #expect(FinanceWorkflow.apply(.accept, to: .accepted) == .failure(.notAllowed(.accept, from: .accepted)))
        #expect(FinanceWorkflow.decisions(from: .submitted) == [.accept, .reject])
        #expect(FinanceWorkflow.decisions(from: .accepted) == [.disburse, .reject])
    }

    @Test("申请条件：积分下限、榜单与地区，逐条说明不符合的原因")
    func conditions() {
        let names = ["领跑榜", "竞跑榜", "进取榜"]
        let open = FinanceConditions()
        #expect(open.unmet(regionCode: "210211", standing: nil, listNames: names).isEmpty)
        let scored = FinanceConditions(minimumScore: 70)
        #expect(scored.unmet(regionCode: "210211", standing: nil, listNames: names) == ["本产品要求创新积分，贵企业尚无已发布的创新积分"])
        #expect(scored.unmet(regionCode: "210211", standing: .init(total: 70, listIndex: nil), listNames: names).isEmpty)
        #expect(scored.unmet(regionCode: "210211", standing: .init(total: 69.5, listIndex: nil), listNames: names)
            == ["本产品要求创新积分不低于 70 分，贵企业最新积分为 69.5 分"])
        let listed = FinanceConditions(maximumListIndex: 1)
        #expect(listed.unmet(regionCode: "210211", standing: .init(total: 90, listIndex: 0), listNames: names).isEmpty)
        #expect(listed.unmet(regionCode: "210211", standing: .init(total: 90, listIndex: 2), listNames: names)
            == ["本产品要求进入竞跑榜及以上，贵企业在进取榜"])
        #expect(listed.unmet(regionCode: "210211", standing: .init(total: 90, listIndex: nil), listNames: names)
            == ["本产品要求进入竞跑榜及以上，贵企业未进入榜单"])
        let regional = FinanceConditions(regionPrefix: "50")
        #expect(regional.unmet(regionCode: "500112", standing: nil, listNames: names).isEmpty)
        #expect(regional.unmet(regionCode: "210211", standing: nil, listNames: names).count == 1)
    }

    @Test("金额与利率：两位小数以内、在范围内，错误用中文说明")
    func decimals() {
        #expect(FinanceInput.decimal("3.45", label: "利率", range: 0...36) == .success(3.45))
        #expect(FinanceInput.decimal("", label: "利率", range: 0...36, optional: true) == .success(nil))
        #expect(FinanceInput.decimal("", label: "利率", range: 0...36) == .failure(.init(message: "请填写利率")))
        #expect(FinanceInput.decimal("3.456", label: "利率", range: 0...36) == .failure(.init(message: "利率最多保留两位小数")))
        #expect(FinanceInput.decimal("37", label: "利率", range: 0...36) == .failure(.init(message: "利率须在 0 至 36 之间")))
        for hostile in ["NaN", "1e309", "-Infinity", "abc", String(repeating: "9", count: 100)] {
            guard case .failure = FinanceInput.decimal(hostile, label: "金额", range: 0.01...1_000_000) else {
                Issue.record("\(hostile) accepted")
                continue
            }
        }
    }
}

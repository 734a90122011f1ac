import SeedbedDomain
import Testing

@Suite("积分数据与企业快报表单")
struct PointsDataFormTests {
    @Test("积分数据表单填报默认方案各项指标读取的全部事实（另加用于核对研发人员的科技人员），均为必填、以万元填报")
    func coversDefaultScheme() {
        let needed = Set(InnovationScheme.platformDefault.filedFactsNeeded.current)
        let filed = Set(PointsDataForm.form.fields.compactMap(\.fact))
        #expect(needed.isSubset(of: filed), "missing: \(needed.subtracting(filed))")
        #expect(filed.subtracting(needed) == [.stStaff])
        #expect(PointsDataForm.form.fields.filter { $0.kind != .file }.allSatisfy { $0.required && $0.fact != nil })
        #expect(PointsDataForm.form.fields.filter { $0.kind == .file }.map(\.id) == PointsDataForm.proofFields.map(\.id))
        #expect(PointsDataForm.form.fields.filter { $0.unit?.isMoney == true }.allSatisfy { $0.unit == .wanYuan })
    }

    @Test("基本数据未由火炬统计数据预填时，须至少有一份财务报表或审计报告；已预填则不要求")
    func proofRequirement() throws {
        let problem = try #require(PointsDataForm.proofProblem(values: ["revenue": "1"], prefilledFromTorch: false))
        #expect(problem.message.contains("请至少上传一份财务报表或审计报告"))
        #expect(PointsDataForm.proofProblem(values: ["proof_audit": "12"], prefilledFromTorch: false) == nil)
        #expect(PointsDataForm.proofProblem(values: ["proof_statements": ""], prefilledFromTorch: false) != nil)
        #expect(PointsDataForm.proofProblem(values: [:], prefilledFromTorch: true) == nil)
    }

    @Test("资质数据核对：与导入数一致、不一致（须核对）、无导入数据（须补充）逐项区分，“是/否”按 1/0 比较")
    func qualificationStates() {
        let states = PointsDataForm.qualificationStates(
            values: ["ip_invention": "3", "ip_software": "5", "hightech_certified": "是", "standards_led": ""],
            known: [.ipInvention: 3, .ipSoftware: 4, .hightechCertified: 1, .standardsLed: 2])
        let byID = Dictionary(uniqueKeysWithValues: states.map { ($0.field.id.rawValue, $0.state) })
        #expect(states.count == PointsDataForm.form.fields.filter { $0.group == "资质数据" }.count)
        #expect(byID["ip_invention"] == .matches)
        #expect(byID["ip_software"] == .differs(known: 4))
        #expect(byID["hightech_certified"] == .matches)
        #expect(byID["standards_led"] == .differs(known: 2))
        #expect(byID["ip_design"] == .notImported)
        #expect(states.allSatisfy { $0.field.id != PointsDataForm.revenue.id })
    }

        @Test("审核通过的积分数据按字段投影为事实，金额不折算")
    func projection() {
        let facts = FactProjection.pointsData([PointsDataForm.revenue.id: .decimal(1234.5),
                                               PointsDataForm.ipInvention.id: .integer(3)])
        #expect(facts == [.revenue: 1234.5, .ipInvention: 3])
    }

    @Test("企业快报不产生年度事实")
    func expressReportHasNoFacts() {
        #expect(ExpressReportForm.form.fields.allSatisfy { $0.fact == nil })
    }
}

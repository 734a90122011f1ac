import SeedbedDomain
import Testing

@Suite("工商字段企业自填（数据字典）")
struct DeclaredFieldsTests {
    static func source(_ id: FieldID, registry: [String: String]?) -> FieldDefinition? {
        BasicInfoForm.form.declaring(registry: registry).field(id)
    }

    @Test("没有工商数据时，所属行业与成立日期由企业自填且必填；其余工商字段仍为导入只读", arguments: [
        nil, [:], ["industry_code": "", "registered_on": "  ", "legal_representative": "王五"],
    ] as [[String: String]?])
    func declaredWithoutRegistryValue(registry: [String: String]?) {
        for id in [BasicInfoForm.industry.id, BasicInfoForm.registeredOn.id] {
            #expect(Self.source(id, registry: registry)?.source == .declared)
            #expect(Self.source(id, registry: registry)?.required == true)
        }
        #expect(Self.source(BasicInfoForm.legalRepresentative.id, registry: registry)?.source == .imported)
        #expect(Self.source(BasicInfoForm.mailingAddress.id, registry: registry)?.source == .filed)
    }

    @Test("导入的工商数据有值时以登记数据为准，字段恢复导入只读")
    func importedValueWins() {
        let registry = ["industry_code": "C39", "registered_on": "2018-05-01"]
        #expect(Self.source(BasicInfoForm.industry.id, registry: registry)?.source == .imported)
        #expect(Self.source(BasicInfoForm.registeredOn.id, registry: registry)?.source == .imported)
        #expect(Self.source(BasicInfoForm.industry.id, registry: ["registered_on": "2018-05-01"])?.source == .declared)
    }

    @Test("企业自填的成立日期不能晚于今天；导入的登记日期不受此限；不给今天则不检查")
    func declaredFoundingDateIsNotInTheFuture() throws {
        let declared = try #require(Self.source(BasicInfoForm.registeredOn.id, registry: nil))
        let imported = try #require(Self.source(BasicInfoForm.registeredOn.id, registry: ["registered_on": "2018-05-01"]))
        let today = try LocalDate(year: 2026, month: 12, day: 6)
        let validator = FieldValidator(today: today)
        guard case .failure(let problem) = validator.validate(.text("2026-12-07"), as: declared) else {
            Issue.record("a founding date tomorrow was accepted")
            return
        }
        #expect(problem.message == "「成立日期」不能晚于今天")
        #expect((try? validator.validate(.text("2026-12-06"), as: declared).get()) == .date("2026-12-06"))
        #expect((try? validator.validate(.text("2026-12-07"), as: imported).get()) == .date("2026-12-07"))
        #expect((try? FieldValidator().validate(.text("2026-12-07"), as: declared).get()) == .date("2026-12-07"))
    }

    @Test("工商数据导入模板仍只含导入字段，行业大类各有名称")
    func templateAndNames() {
        #expect(BasicInfoForm.registryImport.fields.contains { $0.id == BasicInfoForm.industry.id })
        #expect(IndustryCode.all.count == 97)
        #expect(IndustryCode.all.allSatisfy { $0.name != $0.section.name || $0.division == 70 || $0.division == 83 || $0.division == 97 })
        #expect(IndustryCode.parse("C39")?.fullLabel == "C39 计算机、通信和其他电子设备制造业")
        #expect(IndustryCode.parse("I65")?.name == "软件和信息技术服务业")
    }
}

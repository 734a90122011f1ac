import Foundation
import SeedbedDomain
import Testing

@Suite("资质记录：黄色指标逐条登记，数量由记录计算")
struct QualificationEntriesTests {
    static let today = LocalDate(chinaTimeOf: Date(timeIntervalSince1970: 1_780_000_000))  // 2026-05-29
    static let invention = QualificationEntries.kind(of: PointsDataForm.ipInvention.id)

    static func check(_ number: String = "ZL202010123456.7", title: String = "一种测试方法", date: String = "2024-03-15",
                      kind: QualificationEntries.Kind? = invention, existing: Set<String> = [], count: Int = 0,
                      year: Int = 2025) throws(QualificationEntries.Problems) -> QualificationEntries.Entry {
        guard let kind else { throw QualificationEntries.Problems(problems: []) }
        return try QualificationEntries.check(number: number, title: title, date: date, kind: kind, existing: existing,
                                              existingCount: count, dataYear: year, today: today)
    }

    static func messages(_ body: () throws(QualificationEntries.Problems) -> QualificationEntries.Entry) -> [String: String] {
        do {
            _ = try body()
            return [:]
        } catch {
            return Dictionary(error.problems.map { ($0.field.rawValue, $0.message) }) { first, _ in first }
        }
    }

    @Test("有记录种类的是知识产权、标准、奖励和研发机构的数量指标；是/否 与负面记录仍按填报")
    func kinds() throws {
        let qualification = PointsDataForm.form.fields(in: "资质数据")
        for kind in QualificationEntries.kinds {
            #expect(qualification.contains(kind.field), "\(kind.field.id) is a 资质数据 field")
            #expect(kind.field.kind == .integer)
        }
        #expect(QualificationEntries.kind(of: PointsDataForm.ipInvention.id)?.numberLabel == "专利号")
        #expect(QualificationEntries.kind(of: PointsDataForm.standardsLed.id)?.numberLabel == "标准号")
        #expect(QualificationEntries.kind(of: PointsDataForm.hightechCertified.id) == nil)
        #expect(QualificationEntries.kind(of: PointsDataForm.negativeRecords.id) == nil)
        #expect(QualificationEntries.kind(of: PointsDataForm.revenue.id) == nil)
    }

    @Test("合格的记录去掉首尾空格；编号比较时不分大小写、不计空格")
    func acceptsAndNormalises() throws {
        let entry = try Self.check("  zl 2020 1 0123456.7 ", title: " 一种测试方法 ")
        #expect(entry.number == "zl 2020 1 0123456.7")
        #expect(entry.title == "一种测试方法")
        #expect(entry.date.description == "2024-03-15")
        #expect(entry.key == "ZL202010123456.7")
    }

    @Test("重复编号、缺名称、日期无效、日期在未来、晚于填报年度、早于 1950 年都以中文说明拒绝")
    func refuses() throws {
        let duplicate = Self.messages { () throws(QualificationEntries.Problems) in
            try Self.check("zl2020 10123456.7", existing: ["ZL202010123456.7"], count: 1)
        }
        #expect(duplicate["number"] == "专利号 zl2020 10123456.7 已登记，不能重复添加")
        #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check(title: "  ") }["title"]
            == "请填写发明名称")
        #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check("") }["number"] == "请填写专利号")
        for bad in ["2024-02-30", "2024/03/15", "明天", "99999-99-99"] {
            #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check(date: bad) }["date"]
                == "授权公告日应为有效日期，按“年-月-日”填写，如 2024-03-15", "\(bad)")
        }
        #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check(date: "2026-05-30") }["date"]
            == "授权公告日不能晚于今天（2026-05-29）")
        #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check(date: "2026-01-10") }["date"]
            == "授权公告日在 2025 年之后，不计入 2025 年度")
        #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check(date: "1949-12-31") }["date"]
            == "授权公告日不能早于 1950 年，请核对")
        #expect(Self.messages { () throws(QualificationEntries.Problems) in try Self.check("ZL\u{0}1") }["number"]
            == "专利号含有无法识别的字符，请按证书重新填写")
        #expect(Self.messages { () throws(QualificationEntries.Problems) in
            try Self.check(String(repeating: "9", count: 51))
        }["number"] == "专利号不能超过 50 个字")
        // Every problem at once, each on its input.
        let all = Self.messages { () throws(QualificationEntries.Problems) in try Self.check("", title: "", date: "") }
        #expect(Set(all.keys) == ["number", "title", "date"])
    }

    @Test("标准与奖励只计填报年度内的；每项最多 500 条")
    func yearAndLimit() throws {
        let standard = QualificationEntries.kind(of: PointsDataForm.standardsLed.id)
        let earlier = Self.messages { () throws(QualificationEntries.Problems) in
            try Self.check("GB/T 22239-2019", title: "网络安全等级保护基本要求", date: "2024-05-10", kind: standard)
        }
        #expect(earlier["date"] == "本指标只计 2025 年内的主导制定国际、国家或行业标准，发布日期须在 2025 年内")
        _ = try Self.check("GB/T 1-2025", title: "标准化工作导则", date: "2025-05-10", kind: standard)
        let full = Self.messages { () throws(QualificationEntries.Problems) in
            try Self.check(count: QualificationEntries.limit)
        }
        #expect(full["number"]?.contains("最多登记 500 条") == true)
        _ = try Self.check(count: QualificationEntries.limit - 1)
    }

    @Test("平台无导入数据的有记录种类指标按记录条数计，没有记录计 0；有导入数据的指标不由记录计算")
    func counts() {
        let known: [FactID: Double] = [.ipSoftware: 4, .standardsLed: 0]
        let counts = QualificationEntries.counts(known: known, records: [PointsDataForm.ipInvention.id: 2,
                                                                         PointsDataForm.ipSoftware.id: 7])
        #expect(counts["ip_invention"] == "2")
        #expect(counts["ip_design"] == "0")
        #expect(counts["ip_software"] == nil, "imported: typed and verified, not listed")
        #expect(counts["standards_led"] == nil, "an imported 0 is a figure too")
        #expect(counts["hightech_certified"] == nil && counts["negative_records"] == nil)
        #expect(counts.count == QualificationEntries.kinds.count - 2)
        // Read back by the check as the filed figure.
        let states = PointsDataForm.qualificationStates(values: counts, known: known)
        #expect(states.first { $0.field.id == PointsDataForm.ipInvention.id }?.state == .notImported)
    }
}

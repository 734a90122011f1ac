import Foundation
import SeedbedDomain
import Testing

@Suite("行政区划、行业、领域与密码规则")
struct ReferenceDataTests {
    @Test("行政区划表完整载入")
    func regionTable() throws {
        let table = RegionTable.shipped
        #expect(table.regions.count == 3511)
        #expect(table.provinces.count == 34)
        #expect(table["210200"]?.name == "大连市")
        #expect(table.fullName(of: "210211") == "辽宁省大连市甘井子区")
        #expect(table.fullName(of: "500112") == "重庆市渝北区", "municipal placeholder 市辖区 is left out")
        #expect(table.drillDownChildren(of: "500000").contains { $0.code == "500112" })
        #expect(table.fullName(of: "419001") == "河南省济源市", "省直辖县级行政区划 is a placeholder too")
        #expect(table.drillDownChildren(of: "410000").contains { $0.code == "419001" })
        #expect(table.counties(under: "2102").count >= 10)
    }

    @Test("格式错误的行政区划行被报告")
    func malformedRegions() {
        #expect(throws: RegionTableError.malformedLine(2)) {
            try RegionTable(csv: "code,name,level,parent\n21x200,大连市,city,210000\n")
        }
    }

    @Test("行业代码：门类 + 两位大类，大类须属于门类", arguments: [
        ("C39", "C39"), ("c39", "C39"), ("39", "C39"), ("I65", "I65"), ("A01", "A01"),
    ])
    func industryCodes(input: String, expected: String) {
        #expect(IndustryCode.parse(input)?.description == expected)
    }

    @Test("无效的行业代码", arguments: ["I39", "C99", "Z01", "C3", "", "C399"])
    func invalidIndustryCodes(input: String) {
        #expect(IndustryCode.parse(input) == nil)
    }

    @Test("数字化评测表按行业自动选择")
    func digitalCategory() {
        #expect(IndustryCode.parse("C39")?.digitalCategory == "制造业")
        #expect(IndustryCode.parse("I65")?.digitalCategory == "生产性服务业")
        #expect(IndustryCode.parse("P83")?.digitalCategory == "其他行业")
    }

    @Test("八大高新技术领域")
    func techFields() {
        #expect(TechField.allCases.count == 8)
        #expect(TechField(label: "先进制造与自动化") == .advancedManufacturing)
        #expect(TechField(rawValue: 1)?.label == "电子信息")
    }

    @Test("密码规则逐项提示", arguments: [
        ("Ab1!", "密码长度至少 8 位"), ("abcdefgh1", "至少 3 类"), ("Admin@2026", "不能包含账号"),
        ("Abc 12345!", "不能包含空格"),
    ])
    func passwordProblems(password: String, problem: String) {
        let problems = PasswordPolicy().problems(with: password, account: "admin")
        #expect(problems.contains { $0.contains(problem) }, "\(problems)")
    }

    @Test("符合规则的密码", arguments: ["Demo@2026", "abcDEF123", "abc123!@#x", "密码Abc12345"])
    func passwordAccepted(password: String) {
        #expect(PasswordPolicy().problems(with: password, account: "zone-dl").isEmpty)
    }

    @Test("密码有效期")
    func passwordExpiry() {
        let policy = PasswordPolicy(maximumAgeDays: 90)
        let changed = Date(timeIntervalSince1970: 0)
        #expect(!policy.isExpired(changedAt: changed, now: changed.addingTimeInterval(89 * 86_400)))
        #expect(policy.isExpired(changedAt: changed, now: changed.addingTimeInterval(91 * 86_400)))
        #expect(!PasswordPolicy(maximumAgeDays: 0).isExpired(changedAt: changed, now: changed.addingTimeInterval(1e9)))
    }

    @Test("演示企业：代码合法且不重复，分布在大连、重庆和其他省份，同一种子结果相同")
    func demoGenerator() {
        let generator = DemoEnterpriseGenerator()
        let enterprises = generator.generate(count: 2000, seed: 42)
        #expect(enterprises.count == 2000)
        #expect(Set(enterprises.map(\.uscc)).count == 2000)
        #expect(enterprises.allSatisfy { USCC.parse($0.uscc).isSuccess })
        #expect(enterprises.allSatisfy { RegionTable.shipped[$0.regionCode]?.level == .county })
        #expect(enterprises.allSatisfy { USCC.parse($0.uscc).map(\.regionCode) == .success($0.regionCode) })
        #expect(enterprises.allSatisfy { IndustryCode.parse($0.industryCode) != nil })
        let dalian = enterprises.filter { $0.regionCode.hasPrefix("2102") }.count
        let chongqing = enterprises.filter { $0.regionCode.hasPrefix("50") }.count
        #expect(dalian > 400 && chongqing > 400 && 2000 - dalian - chongqing > 500)
        #expect(enterprises.contains { $0.regionCode == "500112" })
        #expect(enterprises.contains { $0.zoneKey == "dlgxq" })
        #expect(enterprises.first?.name == DemoEnterpriseGenerator.showcaseName)
        #expect(generator.generate(count: 50, seed: 42) == Array(enterprises.prefix(50)))
        let batches = Array(generator.batches(count: 2000, batchSize: 300, seed: 42))
        #expect(batches.flatMap { $0 } == enterprises)
    }
}

@Suite("省市区县级联")
struct RegionCascadeTests {
    let cascade = RegionCascade()

    @Test("直辖市以自身作为城市一级")
    func municipalities() throws {
        let chongqing = try #require(cascade.provinces.first { $0.region.code == "500000" })
        #expect(chongqing.cities.map(\.name) == ["重庆市"])
        #expect(chongqing.cities.first?.counties.contains { $0.name == "渝北区" } == true)
        #expect(cascade.resolve(province: "重庆市", city: "重庆市", county: "渝北区") == .success("500112"))
    }

    @Test("按名称或代码解析区县")
    func resolve() {
        #expect(cascade.resolve(province: "辽宁省", city: "大连市", county: "甘井子区") == .success("210211"))
        #expect(cascade.resolve(province: "", city: "", county: "210211") == .success("210211"))
        #expect(cascade.resolve(province: "重庆市", city: "", county: "210211")
            == .failure(.countyNotInProvince(county: "210211", province: "重庆市")))
        #expect(cascade.resolve(province: "辽宁省", city: "沈阳市", county: "甘井子区") == .failure(.unknownCounty("甘井子区")))
        #expect(cascade.resolve(province: "辽宁省", city: "重庆市", county: "渝北区")
            == .failure(.unknownCity(city: "重庆市", province: "辽宁省")))
        #expect(cascade.resolve(province: "火星", city: "", county: "") == .failure(.unknownProvince("火星")))
        #expect(cascade.resolve(province: "辽宁省", city: "大连市", county: "") == .failure(.missing("区县")))
    }

    @Test("每个区县都可在级联中选到，名称可还原")
    func everyCountyReachable() {
        let reachable = Set(cascade.provinces.flatMap { $0.cities.flatMap(\.counties).map(\.code) })
        let all = Set(RegionTable.shipped.regions.filter { $0.level == .county }.map(\.code))
        #expect(reachable == all)
        let names = cascade.names(of: "419001")
        #expect(names?.province == "河南省")
        if let names {
            #expect(cascade.resolve(province: names.province, city: names.city, county: names.county) == .success("419001"))
        }
    }
}

import Foundation
import SeedbedDomain
import Testing

/// Four enterprises whose every figure is worked out by hand below:
/// 1 渝北区 in zone 7 (重庆两江新区), 制造业, 电子信息, registered 2023-03, admitted 2023-05; 2024 revenue 3000 万元,
///   main revenue 2500, 350 staff (中型, 规上), R&D 100, 高企; its 2023 report approved 2024-04.
/// 2 渝北区, no zone, 信息传输, 高技术服务, registered 2024-01, never admitted; 2024 revenue 200, 10 staff (微型).
/// 3 沙坪坝区 in zone 9 (重庆高新技术产业开发区), 制造业, 电子信息, registered and admitted 2024-02; 2024 revenue
///   50000, main 45000, 1200 staff (大型, 规上).
/// 4 大连甘井子区, 农业, no field, registered 2024-03, admitted 2024-04; 2024 revenue 100, staff unknown.
@Suite("统计表与展示页汇总")
struct StatisticsTests {
    static let manufacturing = UInt8(IndustrySection.all.firstIndex { $0.letter == "C" } ?? 0)
    static let software = UInt8(IndustrySection.all.firstIndex { $0.letter == "I" } ?? 0)
    static let farming = UInt8(IndustrySection.all.firstIndex { $0.letter == "A" } ?? 0)

    static func report(revenue: Double, main: Double, employees: Double, rd: Double = 0, hightech: Bool = false) -> [Double] {
        var values = [Double](repeating: .nan, count: StatisticsFacts.columns.count)
        func set(_ fact: FactID, _ value: Double) {
            if let index = StatisticsFacts.columns.firstIndex(of: fact) { values[index] = value }
        }
        set(.revenue, revenue)
        set(.mainRevenue, main)
        set(.employees, employees)
        set(.rdExpense, rd)
        set(.hightechCertified, hightech ? 1 : 0)
        return values
    }

    static func snapshot() -> DashboardSnapshot {
        var assembler = SnapshotAssembler(version: 3, builtAt: Date(), tierScale: .standard)
        assembler.zoneNames = [7: "重庆两江新区", 9: "重庆高新技术产业开发区"]
        let m = MonthKey.make
        assembler.addEnterprise(SnapshotEnterprise(id: 1, regionCode: 500112, zone: 7, section: manufacturing, field: 1,
                                                   foundedYear: 2020, registeredMonth: m(2023, 3), admittedMonth: m(2023, 5)))
        assembler.addEnterprise(SnapshotEnterprise(id: 2, regionCode: 500112, section: software, field: 5,
                                                   foundedYear: 2023, registeredMonth: m(2024, 1)))
        assembler.addEnterprise(SnapshotEnterprise(id: 3, regionCode: 500106, zone: 9, section: manufacturing, field: 1,
                                                   foundedYear: 2001, registeredMonth: m(2024, 2), admittedMonth: m(2024, 2)))
        assembler.addEnterprise(SnapshotEnterprise(id: 4, regionCode: 210211, section: farming, field: 0,
                                                   registeredMonth: m(2024, 3), admittedMonth: m(2024, 4)))
        assembler.addReport(slot: 0, year: 2023, values: report(revenue: 1000, main: 900, employees: 200), approvedMonth: m(2024, 4))
        assembler.addReport(slot: 0, year: 2024, values: report(revenue: 3000, main: 2500, employees: 350, rd: 100, hightech: true),
                            approvedMonth: m(2025, 3))
        assembler.addReport(slot: 1, year: 2024, values: report(revenue: 200, main: 200, employees: 10), approvedMonth: m(2025, 4))
        assembler.addReport(slot: 2, year: 2024, values: report(revenue: 50000, main: 45000, employees: 1200),
                            approvedMonth: m(2025, 3))
        assembler.addReport(slot: 3, year: 2024, values: report(revenue: 100, main: 100, employees: .nan), approvedMonth: m(2025, 5))
        assembler.setScore(slot: 0, score: 80, tier: TierScale.standard.tier(score: 80))
        assembler.setScore(slot: 2, score: 65, tier: TierScale.standard.tier(score: 65))
        return assembler.finish()
    }

    static let chongqing = StatisticsReport(snapshot: snapshot(), scope: SnapshotScope(.region(prefix: "50")), scopePrefix: "50")

    static func row(_ table: StatisticsTable, _ county: String) throws -> [StatisticsTable.Cell] {
        try #require(table.rows.first { $0.count > 1 && $0[1] == .text(county) }, "no row for \(county)")
    }

    @Test("区县入库企业情况统计表·年报数量：逐区县与合计同手算一致，范围外企业不计")
    func countyReports() throws {
        let table = Self.chongqing.counties(year: 2024, tab: .reports)
        #expect(table.headers == ["序号", "区县", "两江新区/高新区、经开区", "注册企业数（家）", "入库科企数（家）",
                                  "年报科企数（家）", "规上工业企业（家）"])
        #expect(try Self.row(table, "渝北区").suffix(5) == [.text("重庆两江新区"), .integer(2), .integer(1), .integer(2), .integer(1)])
        #expect(try Self.row(table, "沙坪坝区").suffix(5) == [.text("重庆高新技术产业开发区"), .integer(1), .integer(1),
                                                            .integer(1), .integer(1)])
        #expect(try Self.row(table, "万州区").suffix(5) == [.text("--"), .integer(0), .integer(0), .integer(0), .integer(0)],
                "every county of the scope has a row, empty ones too")
        #expect(table.total?.dropFirst().elementsEqual([.text("合计"), .text("--"), .integer(3), .integer(2), .integer(3), .integer(2)]) == true)
        #expect(table.rows.count == RegionTable.shipped.counties(under: "50").count)
        #expect(!table.rows.contains { $0[1] == .text("甘井子区") })
    }

    @Test("区县入库企业情况统计表的企业规模、产业类别、高新技术领域标签页")
    func countyTabs() throws {
        let scale = Self.chongqing.counties(year: 2024, tab: .scale)
        // 年报科企数, 大型, 中型, 小型, 微型, 无法判断
        #expect(try Self.row(scale, "渝北区").suffix(6) == [2, 0, 1, 0, 1, 0].map { .integer($0) })
        #expect(try Self.row(scale, "沙坪坝区").suffix(6) == [1, 1, 0, 0, 0, 0].map { .integer($0) })
        let industry = Self.chongqing.counties(year: 2024, tab: .industry)
        #expect(try Self.row(industry, "渝北区").suffix(5) == [2, 0, 1, 1, 0].map { .integer($0) })
        let fields = Self.chongqing.counties(year: 2024, tab: .field)
        let header = try #require(fields.headers.firstIndex(of: "电子信息（家）"))
        #expect(try Self.row(fields, "渝北区")[header] == .integer(1))
        #expect(fields.total?[header] == .integer(2))
        let all = StatisticsReport(snapshot: Self.snapshot(), scope: .all).counties(year: 2024, tab: .scale)
        #expect(all.total?.last == .integer(1), "the Dalian report without staff counts as 无法判断")
    }

    @Test("区县科技型企业年报统计表按年报汇总金额与人数")
    func annualReports() throws {
        let table = Self.chongqing.annualReports(year: 2024, tab: .operations)
        let yubei = try Self.row(table, "渝北区")
        #expect(yubei[2] == .integer(2))
        #expect(yubei[3] == .decimal(3200), "营业收入 3000 + 200 万元")
        let rd = try #require(table.headers.firstIndex(of: "研究开发费用（万元）"))
        #expect(yubei[rd] == .decimal(100))
        #expect(table.total?[3] == .decimal(53200))
        let staff = Self.chongqing.annualReports(year: 2024, tab: .staff)
        #expect(staff.total?[3] == .integer(1560))
        let earlier = Self.chongqing.annualReports(year: 2023, tab: .operations)
        #expect(earlier.total?[2] == .integer(1))
        #expect(earlier.total?[3] == .decimal(1000))
    }

    @Test("培育进度统计表按月统计新增与累计")
    func progress() throws {
        let all = StatisticsReport(snapshot: Self.snapshot(), scope: .all).progress(year: 2024)
        #expect(all.rows.count == 12)
        // 月份, 新增注册, 新增入库, 年报通过, 累计注册, 累计入库
        #expect(all.rows[0] == [.text("2024年1月"), .integer(1), .integer(0), .integer(0), .integer(2), .integer(1)])
        #expect(all.rows[1] == [.text("2024年2月"), .integer(1), .integer(1), .integer(0), .integer(3), .integer(2)])
        #expect(all.rows[3] == [.text("2024年4月"), .integer(0), .integer(1), .integer(1), .integer(4), .integer(3)])
        #expect(all.total == [.text("合计"), .integer(3), .integer(2), .integer(1), .integer(4), .integer(3)])
        let county = StatisticsReport(snapshot: Self.snapshot(), scope: SnapshotScope(.region(prefix: "500112")),
                                      scopePrefix: "500112").progress(year: 2024)
        #expect(county.total == [.text("合计"), .integer(1), .integer(0), .integer(1), .integer(2), .integer(1)])
        let next = StatisticsReport(snapshot: Self.snapshot(), scope: .all).progress(year: 2025)
        #expect(next.total?[3] == .integer(4), "four 2024 reports approved in 2025")
    }

    @Test("区县用户、园区用户的统计只含自己范围内的企业，企业账号没有统计")
    func scopes() throws {
        let county = StatisticsReport(snapshot: Self.snapshot(), scope: SnapshotScope(.region(prefix: "500112")),
                                      scopePrefix: "500112").counties(year: 2024, tab: .reports)
        #expect(county.rows.count == 1)
        #expect(county.total?[3] == .integer(2))
        let zone = StatisticsReport(snapshot: Self.snapshot(), scope: .zone(7)).counties(year: 2024, tab: .reports)
        #expect(zone.rows.count == 1)
        #expect(zone.total?.suffix(4) == [1, 1, 1, 1].map { .integer($0) })
        let own = StatisticsReport(snapshot: Self.snapshot(), scope: .enterprise(1)).counties(year: 2024, tab: .reports)
        #expect(own.rows.isEmpty)
        #expect(own.total?[3] == .integer(0))
    }

    @Test("全市概况图：每个区县的企业数，按园区类型的企业数")
    func cityOverview() {
        let report = StatisticsReport(snapshot: Self.snapshot(), scope: .all)
        let counties = report.enterprisesPerCounty(year: 2024)
        #expect(counties.first?.label == "重庆市渝北区")
        #expect(counties.first?.count == 2)
        #expect(counties.map(\.count).reduce(0, +) == 4)
        let zones = Dictionary(uniqueKeysWithValues: report.enterprisesPerZoneType(year: 2024).map { ($0.label, $0.count) })
        #expect(zones[ZoneType.newArea.label] == 1)
        #expect(zones[ZoneType.national.label] == 1)
        #expect(zones["不在园区"] == 2)
        #expect(report.enterprisesPerCounty(year: 2023).map(\.count) == [1])
    }

    @Test("展示页只有汇总：省份、高新区、资质与得分分布")
    func showcase() {
        let summary = Self.snapshot().showcase()
        #expect(summary.enterprises == 4)
        #expect(summary.scored == 2)
        #expect(summary.provinces.first == ShowcaseSummary.Group(label: "重庆市", enterprises: 3, scored: 2))
        #expect(summary.provinces.last == ShowcaseSummary.Group(label: "辽宁省", enterprises: 1, scored: 0))
        #expect(summary.zones.map(\.label).sorted() == ["重庆两江新区", "重庆高新技术产业开发区"])
        #expect(summary.titles.first { $0.title == .hightech }?.count == 1)
        #expect(summary.scoreEdges.first == 0 && summary.scoreEdges.last == 100)
        #expect(summary.scoreCounts == [0, 0, 0, 0, 0, 0, 1, 0, 1, 0])
    }

    @Test("发展阶段取最近年报；已评分企业的阶段取评分时的阶段")
    func stages() throws {
        let snapshot = Self.snapshot()
        #expect(snapshot.stageLabel(0) == "成长期")
        #expect(snapshot.stageLabel(1) == "初创期")
        #expect(snapshot.stageLabel(2) == "稳定期")
        var assembler = SnapshotAssembler(version: 1, builtAt: Date(), tierScale: .standard)
        assembler.addEnterprise(SnapshotEnterprise(id: 9, regionCode: 500112))
        assembler.setScore(slot: 0, score: 90, tier: 0, stage: OverviewStages.code(of: .stable))
        #expect(assembler.finish().stageLabel(0) == "稳定期")
        #expect(snapshot.titles[0] == Title.hightech.rawValue, "titles follow the latest year")
    }
}

@Suite("企业评价分档与地区钻取")
struct TierAndDrillTests {
    @Test("未发布积分方案时按可配置的分数段分档，边界值归入较高一档")
    func bands() {
        let scale = TierScale.bands([85, 70, 50])
        #expect(scale.labels == ["85 分及以上", "70–85 分", "50–70 分", "50 分以下"])
        #expect(scale.tier(score: 85) == 0)
        #expect(scale.tier(score: 84.9) == 1)
        #expect(scale.tier(score: 70) == 1)
        #expect(scale.tier(score: 12) == 3)
        #expect(scale.tier(score: .nan) == TierScale.unscored)
        #expect(scale.label(of: TierScale.unscored) == "未评分")
        #expect(TierScale.bands([50, 70]) == TierScale.standard, "bounds out of order fall back to the standard")
        #expect(TierScale.bands([90, 60]).labels.count == 3)
    }

    @Test("已发布积分方案时按方案的榜单分档，不在榜单的为未上榜")
    func lists() {
        let scale = TierScale.lists(["领跑榜", "竞跑榜", "进取榜"], schemeName: "默认方案")
        #expect(scale.labels == ["领跑榜", "竞跑榜", "进取榜", "未上榜"])
        #expect(scale.tier(listIndex: 1) == 1)
        #expect(scale.tier(listIndex: -1) == 3)
        #expect(scale.tier(listIndex: 7) == 3)
        #expect(scale.basis.contains("默认方案"))
    }

    @Test("地区钻取：全国到省，直辖市直接到区县，区县只显示自身")
    func drill() throws {
        let codes: [Int32] = [500112, 500106, 500229, 210211, 210212]
        let counts = [3, 1, 2, 4, 0]
        let table = RegionTable.shipped
        let national = RegionDrill(parent: nil, countyCodes: codes, counts: counts, table: table)
        #expect(national.ranking().map(\.region.name) == ["重庆市", "辽宁省"])
        #expect(national.ranking().map(\.count) == [6, 4])
        let chongqing = RegionDrill(parent: table["500000"], countyCodes: codes, counts: counts, table: table)
        #expect(chongqing.ranking().map(\.region.name) == ["渝北区", "城口县", "沙坪坝区"])
        let dalian = RegionDrill(parent: table["210200"], countyCodes: codes, counts: counts, table: table)
        #expect(dalian.ranking(keeping: "210212").map(\.region.code) == ["210211", "210212"])
        let county = RegionDrill(parent: table["500112"], countyCodes: codes, counts: counts, table: table)
        #expect(county.rows.map(\.count) == [3])
        let liaoning = RegionDrill(parent: table["210000"], countyCodes: codes, counts: counts, table: table)
        #expect(liaoning.ranking().map(\.region.name) == ["大连市"])
    }

    @Test("月份按北京时间计算")
    func chinaMonths() {
        #expect(MonthKey.china(Date(timeIntervalSince1970: 1_735_660_800)) == MonthKey.make(year: 2025, month: 1))
        #expect(MonthKey.china(Date(timeIntervalSince1970: 1_735_660_799)) == MonthKey.make(year: 2024, month: 12))
        #expect(MonthKey.china(Date(timeIntervalSince1970: 951_782_400)) == MonthKey.make(year: 2000, month: 2))
        #expect(MonthKey.year(MonthKey.make(year: 2024, month: 12)) == 2024)
        #expect(MonthKey.month(MonthKey.make(year: 2024, month: 12)) == 12)
        #expect(MonthKey.year(iso: "2019-05-01") == 2019)
        #expect(MonthKey.year(iso: "abc") == nil)
    }
}

extension StatisticsTests {
    @Test("默认年度：范围内最近一个有年报的年报年度；该年度本页无数据时取最近一个有数据的年度；年份只含范围内的年报年度")
    func latestYearWithData() {
        let years = [2026, 2025, 2024, 2023]
        #expect(Self.chongqing.reportYears == [2024, 2023])
        #expect(Self.chongqing.latestYear(.countyTable, among: years) == 2024)
        #expect(Self.chongqing.latestYear(.reports, among: years) == 2024)
        #expect(Self.chongqing.latestYear(.registered, among: years) == 2024)
        #expect(Self.chongqing.latestYear(.events, among: years) == 2025, "report approvals of 2025")
        let shapingba = StatisticsReport(snapshot: Self.snapshot(), scope: SnapshotScope(.region(prefix: "500106")),
                                         scopePrefix: "500106")
        #expect(shapingba.reportYears == [2024], "渝北's 2023 report is not 沙坪坝's year")
        // A platform opened in 2025: registered after the report year, the chart opens where it has bars.
        var assembler = SnapshotAssembler(version: 1, builtAt: Date(), tierScale: .standard)
        assembler.addEnterprise(SnapshotEnterprise(id: 1, regionCode: 500112, registeredMonth: MonthKey.make(year: 2025, month: 2)))
        assembler.addReport(slot: 0, year: 2024, values: Self.report(revenue: 10, main: 10, employees: 5),
                            approvedMonth: MonthKey.make(year: 2025, month: 4))
        let launched = StatisticsReport(snapshot: assembler.finish(), scope: .all)
        #expect(launched.latestYear(.countyTable, among: years) == 2024)
        #expect(launched.latestYear(.registered, among: years) == 2026)
        #expect(StatisticsReport(snapshot: .empty, scope: .all).latestYear(.reports, among: years) == nil)
    }

    @Test("每张表都写明统计口径：注册、入库按年末累计，年报按年报年度")
    func notesStateYearSemantics() {
        let counties = Self.chongqing.counties(year: 2024, tab: .reports)
        #expect(counties.notes.contains { $0.hasPrefix("注册企业数：截至所选年度 12 月 31 日") })
        #expect(counties.notes.contains { $0.hasPrefix("入库科企数：截至所选年度 12 月 31 日") })
        #expect(counties.notes.contains { $0.hasPrefix("年报科企数：年报年度为所选年度") })
        #expect(Self.chongqing.annualReports(year: 2024, tab: .staff).notes.contains { $0.contains("年报年度为所选年度") })
        #expect(Self.chongqing.progress(year: 2024).notes.contains { $0.contains("按事件发生的月份统计") })
    }

    @Test("演示时间线：注册早于入库，入库早于各年年报审核通过，年报在次年审核，都不晚于现在")
    func demoTimelineIsOrdered() throws {
        let now = try #require(DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                                              year: 2026, month: 12, day: 6).date)
        let timeline = DemoTimeline(now: now, firstReportYear: 2023)
        for code in ["91500112MA5U000001", "91210211MA0Q000002", "91110108MA00000003", ""] {
            let registered = timeline.registration(uscc: code)
            let admitted = timeline.admission(uscc: code)
            #expect(LocalDate(chinaTimeOf: registered).year == 2023)
            #expect(registered < admitted)
            for year in 2023...2025 {
                let approved = timeline.reportApproval(uscc: code, year: year)
                #expect(admitted < approved && approved <= now)
                #expect(LocalDate(chinaTimeOf: approved).year == year + 1)
            }
        }
        let early = DemoTimeline(now: timeline.registration(uscc: "x"), firstReportYear: 2023)
        #expect(early.reportApproval(uscc: "x", year: 2025) <= early.now, "never after now")
    }
}

import Foundation

/// A statistics table exactly as the page shows it and the export writes it: headers, body rows and the 合计
/// row, every cell already a value.
public struct StatisticsTable: Sendable, Equatable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case integer(Int)
        /// A sum of money (万元) or another decimal, shown with two decimals.
        case decimal(Double)
    }

    public let title: String
    public let headers: [String]
    public let rows: [[Cell]]
    /// The 合计 row, when the table has one.
    public let total: [Cell]?
    /// What each figure counts, and in which year (统计口径), shown under the table.
    public let notes: [String]

    public init(title: String, headers: [String], rows: [[Cell]], total: [Cell]?, notes: [String] = []) {
        self.title = title
        self.headers = headers
        self.rows = rows
        self.total = total
        self.notes = notes
    }

    /// The integer in a body cell (tests and charts read the table they would show).
    public func integer(row: Int, column: Int) -> Int? {
        guard rows.indices.contains(row), rows[row].indices.contains(column),
              case .integer(let value) = rows[row][column] else { return nil }
        return value
    }
}

/// Tabs of 区县入库企业情况统计表 (seed 004 §5.2).
public enum CountyTableTab: String, Sendable, CaseIterable {
    case reports, scale, industry, field

    public var label: String {
        switch self {
        case .reports: "年报数量"
        case .scale: "企业规模"
        case .industry: "产业类别"
        case .field: "高新技术领域"
        }
    }
}

/// Tabs of 区县科技型企业年报统计表 (seed 004 §5.3).
public enum AnnualTableTab: String, Sendable, CaseIterable {
    case operations, staff, achievements

    public var label: String {
        switch self {
        case .operations: "经营概况"
        case .staff: "人员和研发平台概况"
        case .achievements: "科技成果概况"
        }
    }

    /// The facts summed in this tab, with their column headers.
    public var columns: [(fact: FactID, header: String)] {
        switch self {
        case .operations:
            [(.revenue, "营业收入（万元）"), (.mainRevenue, "主营业务收入（万元）"), (.netProfit, "净利润（万元）"),
             (.taxPaid, "实际上缴税费（万元）"), (.rdExpense, "研究开发费用（万元）"),
             (.hightechProductIncome, "高新技术产品（服务）收入（万元）"), (.techContractTurnover, "技术合同成交额（万元）")]
        case .staff:
            [(.employees, "从业人员（人）"), (.stStaff, "科技人员（人）"), (.rdStaff, "研发人员（人）"),
             (.rdInstitutionsNational, "国家级研发机构（个）"), (.rdInstitutionsProvincial, "省级研发机构（个）"),
             (.rdInstitutionsMunicipal, "市级研发机构（个）")]
        case .achievements:
            [(.ipInvention, "有效发明专利（件）"), (.ipUtilityModel, "有效实用新型专利（件）"),
             (.ipDesign, "有效外观设计专利（件）"), (.ipSoftware, "软件著作权（件）"), (.trademarks, "有效注册商标（件）"),
             (.achievementConversions, "科技成果转化（项）"), (.standardsLed, "主导制定标准（项）"),
             (.stAwardsNational, "国家级科技奖励（项）"), (.stAwardsProvincial, "省部级科技奖励（项）")]
        }
    }

    /// Money columns print two decimals; counts print whole numbers.
    static let moneyFacts: Set<FactID> = [.revenue, .mainRevenue, .netProfit, .taxPaid, .rdExpense,
                                          .hightechProductIncome, .techContractTurnover]
}

/// The statistics of seed 004 §5 (C9, C10), computed from the cube after the data scope selected its cells.
public struct StatisticsReport: Sendable {
    public let snapshot: DashboardSnapshot
    public let scope: SnapshotScope
    /// The scope's region prefix, so county labels leave out what every row shares (重庆市 for a Chongqing user).
    public let scopePrefix: String
    public let regions: RegionTable

    public init(snapshot: DashboardSnapshot, scope: SnapshotScope, scopePrefix: String = "",
                regions: RegionTable = .shipped) {
        self.snapshot = snapshot
        self.scope = scope
        self.scopePrefix = scopePrefix
        self.regions = regions
    }

    private var cube: StatisticsCube { snapshot.statistics }

    // MARK: Years

    /// What a page counts in a year, to tell the years that have data.
    public enum YearBasis: Sendable {
        /// Events dated in the year: registrations, admissions and report approvals (培育进度统计表).
        case events
        /// Approved annual reports whose 年报年度 is the year (区县科技型企业年报统计表).
        case reports
        /// Enterprises registered on the platform by the year's end (全市概况图).
        case registered
        /// Registered or admitted by the year's end, or reports of the year (区县入库企业情况统计表).
        case countyTable
    }

    /// In-scope counts by year: events by the year they happened, reports by 年报年度. A page reads its year list
    /// and its opening year from one of these, counted once per request.
    public struct YearCounts: Sendable {
        var registered: [Int: Int] = [:]
        var admitted: [Int: Int] = [:]
        var approved: [Int: Int] = [:]
        var reports: [Int: Int] = [:]

        /// 年报年度 with approved reports inside the scope, newest first.
        public var reportYears: [Int] { reports.keys.sorted(by: >) }

        /// The year a page opens on: the latest 年报年度 with reports in scope for which the page has data — the
        /// year these statistics are about — and when there is none, the latest of `years` that has any data.
        /// Nil when no year has.
        public func latestYear(_ basis: YearBasis, among years: [Int]) -> Int? {
            let descending = years.sorted(by: >)
            if basis != .events,
               let year = descending.first(where: { reports[$0, default: 0] > 0 && has(basis, $0) })
            {
                return year
            }
            return descending.first { has(basis, $0) }
        }

        func any(_ counts: [Int: Int], through year: Int) -> Bool { counts.contains { $0.key <= year && $0.value > 0 } }

        func has(_ basis: YearBasis, _ year: Int) -> Bool {
            switch basis {
            case .events: registered[year, default: 0] + admitted[year, default: 0] + approved[year, default: 0] > 0
            case .reports: reports[year, default: 0] > 0
            case .registered: any(registered, through: year)
            case .countyTable: reports[year, default: 0] > 0 || any(registered, through: year) || any(admitted, through: year)
            }
        }
    }

    /// One pass over the cube's selected cells (months × cells, never per enterprise).
    public func yearCounts() -> YearCounts {
        let mask = cube.cellMask(scope)
        func inScope(_ counts: [Int32]) -> Int {
            var sum = 0
            for (cell, count) in counts.enumerated() where cell < mask.count && mask[cell] { sum += Int(count) }
            return sum
        }
        func byYear(_ events: [Int: [Int32]]) -> [Int: Int] {
            var totals: [Int: Int] = [:]
            for (month, counts) in events {
                let sum = inScope(counts)
                if sum > 0 { totals[MonthKey.year(month), default: 0] += sum }
            }
            return totals
        }
        var counts = YearCounts(registered: byYear(cube.registrations), admitted: byYear(cube.admissions),
                                approved: byYear(cube.reportApprovals))
        for (year, totals) in cube.years {
            let sum = inScope(totals.reports)
            if sum > 0 { counts.reports[year] = sum }
        }
        return counts
    }

    /// 年报年度 with approved reports inside the scope, newest first (the years of other regions are not shown).
    public var reportYears: [Int] { yearCounts().reportYears }

    /// See `YearCounts.latestYear`; a page that also needs `reportYears` counts once with `yearCounts()`.
    public func latestYear(_ basis: YearBasis, among years: [Int]) -> Int? {
        yearCounts().latestYear(basis, among: years)
    }

    // MARK: 培育进度统计表

    /// 培育进度统计表: for each month of `year`, new registrations, new admissions (入库), approved annual reports,
    /// and the running totals of registered and admitted enterprises at the month's end.
    public func progress(year: Int) -> StatisticsTable {
        let mask = cube.cellMask(scope)
        func monthly(_ events: [Int: [Int32]]) -> (before: Int, months: [Int]) {
            var before = 0
            var months = [Int](repeating: 0, count: 12)
            let first = MonthKey.make(year: year, month: 1)
            for (month, counts) in events {
                var sum = 0
                for (cell, count) in counts.enumerated() where cell < mask.count && mask[cell] { sum += Int(count) }
                if month < first { before += sum } else if month < first + 12 { months[month - first] += sum }
            }
            return (before, months)
        }
        let registered = monthly(cube.registrations)
        let admitted = monthly(cube.admissions)
        let reports = monthly(cube.reportApprovals)
        var rows: [[StatisticsTable.Cell]] = []
        var registeredTotal = registered.before
        var admittedTotal = admitted.before
        for month in 0..<12 {
            registeredTotal += registered.months[month]
            admittedTotal += admitted.months[month]
            rows.append([.text("\(year)年\(month + 1)月"), .integer(registered.months[month]),
                         .integer(admitted.months[month]), .integer(reports.months[month]), .integer(registeredTotal),
                         .integer(admittedTotal)])
        }
        let total: [StatisticsTable.Cell] = [
            .text("合计"), .integer(registered.months.reduce(0, +)), .integer(admitted.months.reduce(0, +)),
            .integer(reports.months.reduce(0, +)), .integer(registeredTotal), .integer(admittedTotal),
        ]
        return StatisticsTable(title: "培育进度统计表（\(year)年）",
                               headers: ["月份", "新增注册企业数（家）", "新增入库科企数（家）", "年报审核通过数（份）",
                                         "累计注册企业数（家）", "累计入库科企数（家）"],
                               rows: rows, total: total, notes: Self.progressNotes)
    }

    // MARK: 区县入库企业情况统计表

    /// 区县入库企业情况统计表 for `year`: one row per county in scope (every county of a region scope, counties
    /// with enterprises otherwise), the zones present in it, and the tab's counts; then 合计.
    public func counties(year: Int, tab: CountyTableTab) -> StatisticsTable {
        let mask = cube.cellMask(scope)
        let counties = countyRows(mask: mask)
        let lastMonth = MonthKey.make(year: year, month: 12)
        let registered = cube.cumulative(cube.registrations, through: lastMonth)
        let admitted = cube.cumulative(cube.admissions, through: lastMonth)
        let totals = cube.years[year]
        var measures: [(header: String, perCell: (Int) -> Int)] = []
        switch tab {
        case .reports:
            measures = [
                ("注册企业数（家）", { registered[$0] }), ("入库科企数（家）", { admitted[$0] }),
                ("年报科企数（家）", { Int(totals?.reports[$0] ?? 0) }),
                ("规上工业企业（家）", { Int(totals?.aboveScale[$0] ?? 0) }),
            ]
        case .scale:
            measures = ["年报科企数（家）"].map { header in (header, { Int(totals?.reports[$0] ?? 0) }) }
            for size in EnterpriseSize.allCases {
                measures.append((size.label + "企业（家）", { Int(totals?.sizes[size.rawValue][$0] ?? 0) }))
            }
            measures.append(("无法判断（家）", { Int(totals?.sizes[EnterpriseSize.allCases.count][$0] ?? 0) }))
        case .industry:
            measures = ["年报科企数（家）"].map { header in (header, { Int(totals?.reports[$0] ?? 0) }) }
            for category in IndustryCategory.allCases {
                measures.append((category.label + "（家）", { Int(totals?.categories[category.rawValue][$0] ?? 0) }))
            }
            measures.append(("行业未填（家）", { Int(totals?.categories[IndustryCategory.allCases.count][$0] ?? 0) }))
        case .field:
            measures = ["年报科企数（家）"].map { header in (header, { Int(totals?.reports[$0] ?? 0) }) }
            for field in TechField.allCases {
                measures.append((field.label + "（家）", { Int(totals?.fields[field.rawValue][$0] ?? 0) }))
            }
            measures.append(("领域未填（家）", { Int(totals?.fields[0][$0] ?? 0) }))
        }
        var rows: [[StatisticsTable.Cell]] = []
        var sums = [Int](repeating: 0, count: measures.count)
        for (number, county) in counties.enumerated() {
            var row: [StatisticsTable.Cell] = [.integer(number + 1), .text(county.label), .text(county.zones)]
            for (index, measure) in measures.enumerated() {
                let value = county.cells.reduce(0) { $0 + measure.perCell($1) }
                sums[index] += value
                row.append(.integer(value))
            }
            rows.append(row)
        }
        let total: [StatisticsTable.Cell] = [.integer(counties.count + 1), .text("合计"), .text("--")] + sums.map { .integer($0) }
        return StatisticsTable(title: "区县入库企业情况统计表（\(year)年·\(tab.label)）",
                               headers: ["序号", "区县", "两江新区/高新区、经开区"] + measures.map(\.header),
                               rows: rows, total: total, notes: Self.countyNotes(tab))
    }

    // MARK: 区县科技型企业年报统计表

    /// 区县科技型企业年报统计表 for `year`: per county, the number of reports and the sums of the tab's facts.
    public func annualReports(year: Int, tab: AnnualTableTab) -> StatisticsTable {
        let mask = cube.cellMask(scope)
        let counties = countyRows(mask: mask)
        let totals = cube.years[year]
        let columns = tab.columns
        let positions = columns.map { column in StatisticsFacts.summed.firstIndex(of: column.fact) }
        var rows: [[StatisticsTable.Cell]] = []
        var reportSum = 0
        var sums = [Double](repeating: 0, count: columns.count)
        func cell(_ value: Double, _ fact: FactID) -> StatisticsTable.Cell {
            AnnualTableTab.moneyFacts.contains(fact) ? .decimal(value) : .integer(InputNumber.saturating(value))
        }
        for (number, county) in counties.enumerated() {
            let reports = county.cells.reduce(0) { $0 + Int(totals?.reports[$1] ?? 0) }
            reportSum += reports
            var row: [StatisticsTable.Cell] = [.integer(number + 1), .text(county.label), .integer(reports)]
            for (index, column) in columns.enumerated() {
                let value = county.cells.reduce(0.0) { sum, cell in
                    guard let position = positions[index], let totals else { return sum }
                    return sum + totals.sums[position][cell]
                }
                sums[index] += value
                row.append(cell(value, column.fact))
            }
            rows.append(row)
        }
        let total: [StatisticsTable.Cell] = [.integer(counties.count + 1), .text("合计"), .integer(reportSum)]
            + columns.indices.map { cell(sums[$0], columns[$0].fact) }
        return StatisticsTable(title: "区县科技型企业年报统计表（\(year)年·\(tab.label)）",
                               headers: ["序号", "区县", "年报企业数（家）"] + columns.map(\.header),
                               rows: rows, total: total, notes: Self.annualNotes)
    }

    // MARK: 统计口径

    /// Who is counted at all.
    public static let scopeNote = "统计范围：您的数据权限内状态正常的企业，按企业当前所在区县、园区归类。"
    /// How the 年报年度 relates to the calendar, which explains reports beside fewer registrations.
    public static let reportYearNote = "某年度的年报在次年 1–4 月填报，所以所选年度有年报的企业可能在次年才注册、入库，"
        + "其年报科企数可能大于截至当年年末的注册企业数、入库科企数。"
    /// 注册企业数 by a year, shared by 区县入库企业情况统计表 and 全市概况图.
    public static let registeredNote = "注册企业数：截至所选年度 12 月 31 日已在平台注册的企业数（累计）。"

    static let progressNotes = [
        "按事件发生的月份统计：新增注册为企业在平台注册的月份；新增入库为企业基本信息首次审核通过的月份；"
            + "年报审核通过数为年报终审通过的月份（不论年报年度）；累计数为截至该月末的总数。",
        scopeNote,
    ]

    static func countyNotes(_ tab: CountyTableTab) -> [String] {
        var notes: [String] = []
        if tab == .reports {
            notes += [registeredNote, "入库科企数：截至所选年度 12 月 31 日基本信息已审核通过（入库）的企业数（累计）。"]
        }
        notes.append("年报科企数：年报年度为所选年度、年报已审核通过的企业数；" + reportYearNote)
        switch tab {
        case .reports:
            notes.append("规上工业企业：所选年度年报中属采矿业、制造业、电力热力燃气及水生产和供应业，且主营业务收入 2000 万元及以上的企业。")
        case .scale:
            notes.append("企业规模：按所选年度年报的从业人员和营业收入，以工业企业口径推算；缺少其一为“无法判断”。")
        case .industry:
            notes.append("产业类别：按企业所属行业（国民经济行业门类）归类，统计所选年度有年报的企业。")
        case .field:
            notes.append("高新技术领域：按企业填报的技术领域，统计所选年度有年报的企业。")
        }
        return notes + [scopeNote]
    }

    static let annualNotes = [
        "年报企业数与各项合计：年报年度为所选年度、年报已审核通过的企业及其年报数据（某年度的年报在次年 1–4 月填报）；金额单位为万元。",
        scopeNote,
    ]

    // MARK: 全市概况图

    /// Enterprises registered by the end of `year`, per county (largest first).
    public func enterprisesPerCounty(year: Int) -> [(label: String, count: Int)] {
        let mask = cube.cellMask(scope)
        let registered = cube.cumulative(cube.registrations, through: MonthKey.make(year: year, month: 12))
        return countyRows(mask: mask)
            .map { county in (county.label, county.cells.reduce(0) { $0 + registered[$1] }) }
            .filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }
    }

    /// Enterprises registered by the end of `year`, per zone type, and those in no zone.
    public func enterprisesPerZoneType(year: Int) -> [(label: String, count: Int)] {
        let mask = cube.cellMask(scope)
        let registered = cube.cumulative(cube.registrations, through: MonthKey.make(year: year, month: 12))
        var byType = [Int](repeating: 0, count: ZoneType.allCases.count)
        var outside = 0
        for (index, cell) in cube.cells.enumerated() where mask[index] {
            if cell.zone < 0 {
                outside += registered[index]
            } else {
                let type = ZoneType.classify(name: snapshot.zoneNames[cell.zone] ?? "")
                byType[type.rawValue] += registered[index]
            }
        }
        return ZoneType.allCases.map { ($0.label, byType[$0.rawValue]) } + [("不在园区", outside)]
    }

    // MARK: Rows

    private struct CountyRow {
        let code: Int32
        let label: String
        let zones: String
        var cells: [Int]
    }

    /// The counties of the table: every county under a region scope, otherwise the counties of the selected
    /// cells; each with its selected cells and the zones they belong to.
    private func countyRows(mask: [Bool]) -> [CountyRow] {
        var cellsByCounty: [Int32: [Int]] = [:]
        for (index, cell) in cube.cells.enumerated() where mask[index] { cellsByCounty[cell.county, default: []].append(index) }
        var codes = Set(cellsByCounty.keys)
        if case .regionRange = scope, !scopePrefix.isEmpty {
            for county in regions.counties(under: scopePrefix) { if let code = Int32(county.code) { codes.insert(code) } }
        }
        let prefixLength = scopePrefix.count
        return codes.sorted().map { code in
            let text = String(format: "%06d", Int(code))
            let path = regions.path(to: text)
            let names = path.filter { $0.level.prefixLength > prefixLength }.map(\.name)
            let label = names.isEmpty ? (path.last?.name ?? text) : names.joined()
            let cells = cellsByCounty[code] ?? []
            let zoneIDs = Set(cells.compactMap { cube.cells[$0].zone >= 0 ? cube.cells[$0].zone : nil })
            let zones = zoneIDs.compactMap { snapshot.zoneNames[$0] }.sorted().joined(separator: "、")
            return CountyRow(code: code, label: label, zones: zones.isEmpty ? "--" : zones, cells: cells)
        }
    }
}

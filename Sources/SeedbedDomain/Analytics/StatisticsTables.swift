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

    public init(title: String, headers: [String], rows: [[Cell]], total: [Cell]?) {
        self.title = title
        self.headers = headers
        self.rows = rows
        self.total = total
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
                               rows: rows, total: total)
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
                               rows: rows, total: total)
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
                               rows: rows, total: total)
    }

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

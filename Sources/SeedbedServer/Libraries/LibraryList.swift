import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// One library evaluated over every active enterprise in a data scope, with the query's filters applied: the
/// page, its 查看 neighbours and its export read the same evaluation. The facts and the library's verdicts come
/// from this node's `LibraryStore` (loaded once per data version for the whole platform); the scope only selects
/// which of its slots are listed.
struct LibraryEvaluation: Sendable {
    let library: RuleLibrary
    let year: Int
    /// Years with facts in scope, newest first.
    let years: [Int]
    let date: LocalDate
    /// Years of facts the library reads before `year`.
    let lookback: Int
    let base: LibraryBase
    let verdicts: LibraryVerdicts
    /// Base slots listed, in list order (enterprise id ascending).
    let rows: [Int]
    /// Status counts of the enterprises that pass the search and filters.
    let counts: [RuleStatus: Int]

    /// The parameters the evaluation used (defaults and this query's overrides).
    var parameters: ParameterValues { verdicts.parameters }

    static func run(_ spec: LibraryPageSpec, filter: LibraryFilter, scope: DataScope, now: Date,
                    store: LibraryStore, on db: any Database) async throws -> LibraryEvaluation
    {
        let today = LocalDate(chinaTimeOf: now)
        let years = try await store.years(in: scope, on: db)
        let year = filter.year ?? years.first ?? (today.year - 1)
        let date = LibraryData.evaluationDate(year: year, today: today)
        let library = try LibraryCatalog.standard.library(spec.id, on: date)
        let lookback = library.tracksFirstQualifyingYear ? LibraryData.historyLookback : LibraryData.lookback
        let base = try await store.base(year: year, date: date, on: db)
        // Overrides were checked against today's version; keep those the version of this date also has.
        let known = Set(library.adjustableParameters.map(\.id))
        let verdicts = try await store.verdicts(library, lookback: lookback,
                                                overrides: filter.overrides.filter { known.contains($0.key) }, base: base)
        let key = [spec.id.rawValue, library.version.title, String(base.version), String(base.year), base.date.description,
                   String(lookback), scope.description, URLQuery.encode(filter.queryItems)].joined(separator: "|")
        if let kept = await store.pass(key) {
            return LibraryEvaluation(library: library, year: year, years: years, date: date, lookback: lookback,
                                     base: base, verdicts: verdicts, rows: kept.rows, counts: kept.counts)
        }
        // One pass over the scope's slots — a national page is a million — reading bytes: the enterprise's row is
        // only looked at when the query filters on it (the default page does not), and the statuses are tallied in
        // an array. Copying each row out of the base and hashing each status took half of a page's time at 1 M.
        var rows: [Int] = []
        var tally = [Int](repeating: 0, count: 256)
        let filtersRows = filter.q != nil || filter.region != nil || filter.foundedFrom != nil || filter.foundedTo != nil
        let membership = verdicts.membership
        let firstYears = verdicts.firstQualifyingYear
        let scopeSlots = await store.slots(in: scope, of: base)
        let enterprises = base.slots
        for slot in scopeSlots where slot >= 0 && slot < enterprises.count {
            if filtersRows {
                guard let enterprise = enterprises[slot], filter.admits(enterprise) else { continue }
            }
            let status = slot < membership.count ? RuleStatus(byte: membership[slot]) : .unknown
            tally[Int(status.rawValue)] += 1
            guard filter.membership.admits(status) else { continue }
            if let wanted = filter.firstYear {
                guard let years = firstYears, slot < years.count, Int(years[slot]) == wanted else { continue }
            }
            rows.append(slot)
        }
        var counts: [RuleStatus: Int] = [:]
        for status in RuleStatus.allCases where tally[Int(status.rawValue)] > 0 {
            counts[status] = tally[Int(status.rawValue)]
        }
        await store.keep(LibraryPass(rows: rows, counts: counts), key: key, base: base)
        return LibraryEvaluation(library: library, year: year, years: years, date: date, lookback: lookback, base: base,
                                 verdicts: verdicts, rows: rows, counts: counts)
    }

    func status(at slot: Int) -> RuleStatus {
        slot >= 0 && slot < verdicts.membership.count ? RuleStatus(byte: verdicts.membership[slot]) : .unknown
    }

    func firstYear(at slot: Int) -> Int? {
        guard let years = verdicts.firstQualifyingYear, slot >= 0, slot < years.count, years[slot] > 0 else { return nil }
        return Int(years[slot])
    }

    /// The base slot of an enterprise the scope may see; nil when it is not an active enterprise in scope.
    func slot(of id: Int, in scope: DataScope) -> Int? {
        guard let slot = base.slot(of: id), base.permits(slot, in: scope) else { return nil }
        return slot
    }

    /// Each condition's numbers for `slots`, evaluated over just those slots with the same parameters.
    func checks(of slots: [Int]) throws -> [[ConditionCheck]] {
        guard !slots.isEmpty else { return [] }
        let input = base.input(lookback: lookback, gathering: slots)
        let outcome = try LibraryEvaluator.evaluate(library, input: input, parameters: verdicts.parameters)
        let descriptions = outcome.descriptions(of: library)
        return slots.indices.map { outcome.checks(at: $0, library: library, descriptions: descriptions) }
    }

    /// The 查看 explanation of one slot.
    func explain(_ slot: Int) throws -> LibraryExplanation {
        let input = base.input(lookback: lookback, gathering: [slot])
        let outcome = try LibraryEvaluator.evaluate(library, input: input, parameters: verdicts.parameters)
        return try LibraryEvaluator.explain(outcome, library: library, input: input, slot: 0)
    }
}

/// One listed enterprise: each condition with its numbers, the verdict, and for 认定库 the certificate.
struct LibraryRow: Sendable {
    let enterprise: FactLoader.Slot
    let status: RuleStatus
    let checks: [ConditionCheck]
    let firstYear: Int?
    let certificate: RecognitionRecord?

    func check(_ id: String) -> ConditionCheck? { checks.first { $0.id == id } }
}

/// Keeps the evaluation of one list instance, so a page's count and rows (and a detail's neighbours) evaluate once.
final class LibraryMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var key: String?
    private var value: LibraryEvaluation?

    func value(for key: String) -> LibraryEvaluation? {
        lock.withLock { self.key == key ? value : nil }
    }

    func store(_ evaluation: LibraryEvaluation, for key: String) {
        lock.withLock {
            self.key = key
            value = evaluation
        }
    }
}

/// A library page as a list: page and 导出 Excel share it, with one column per condition.
struct LibraryList: ListDefinition {
    static let id = "library"
    let spec: LibraryPageSpec
    /// The version in force today: its conditions are the columns, its parameters the form.
    let library: RuleLibrary
    var now: Date
    /// The page's query, carried by 查看 links for 上一条 / 下一条.
    var detailQuery = ""
    private(set) var memo = LibraryMemo()
    /// This node's library data; a list not prepared on the application evaluates through a store of its own.
    var store: LibraryStore?

    init?(spec: LibraryPageSpec, now: Date = Date()) {
        guard let library = try? LibraryCatalog.standard.library(spec.id, on: LocalDate(chinaTimeOf: now)) else { return nil }
        self.spec = spec
        self.library = library
        self.now = now
    }

    var exportID: String { "library-" + spec.id.rawValue }
    var title: String { library.name }
    var roles: Set<Role> { Access.government.roles }

    func configured(for user: CurrentUser) -> LibraryList {
        var list = self
        list.memo = LibraryMemo()
        return list
    }

    func prepared(on app: Application) async throws -> LibraryList {
        var list = self
        list.store = app.libraries
        return list
    }

    var columns: [ListColumn<LibraryRow>] {
        let suffix = detailQuery.isEmpty ? "" : "?" + detailQuery
        let base = "/libraries/\(spec.id.rawValue)/"
        var columns: [ListColumn<LibraryRow>] = [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in
                .link(row.enterprise.name, href: base + String(row.enterprise.id) + suffix)
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.enterprise.uscc) },
            ListColumn(EnterpriseRecordForm.region, width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.enterprise.regionCode)) },
        ]
        if spec.founded {
            columns.append(ListColumn(EnterpriseRecordForm.registeredOn, width: 12) { row, _ in
                row.enterprise.registeredOn.map { .date(String($0.prefix(10))) } ?? .empty
            })
        }
        if spec.recognition != nil {
            columns += [
                ListColumn("证书编号", width: 22) { row, _ in row.certificate.map { .text($0.certificateNo) } ?? .empty },
                ListColumn("发证日期", width: 12) { row, _ in row.certificate.map { .date($0.issuedOn) } ?? .empty },
                ListColumn("有效期至", width: 12) { row, _ in row.certificate.map { .date($0.validUntil) } ?? .empty },
                ListColumn("来源", width: 12) { row, _ in .text(row.certificate?.sourceLabel ?? "年报填报") },
            ]
        }
        for condition in library.conditions {
            let header = condition.title + (condition.informational ? "（参考）" : "")
            let id = condition.id
            columns.append(ListColumn(header, width: max(14, header.count * 2 + 4)) { row, _ in
                row.check(id).map { .badge(LibraryText.cell($0), tone: LibraryText.tone($0.status)) } ?? .empty
            })
        }
        columns.append(ListColumn("入库结论", width: 10) { row, _ in .badge(row.status.label, tone: LibraryText.tone(row.status)) })
        if library.tracksFirstQualifyingYear {
            columns.append(ListColumn("首次符合条件", width: 12) { row, _ in row.firstYear.map { .text("\($0) 年") } ?? .empty })
        }
        return columns
    }

    func filter(from query: [String: String]) -> LibraryFilter { LibraryFilter(query: query, library: library) }

    func queryItems(_ filter: LibraryFilter) -> [(String, String)] { filter.queryItems }

    /// The evaluation for this filter and scope, computed once per list instance.
    func evaluation(_ filter: LibraryFilter, scope: DataScope, on db: any Database) async throws -> LibraryEvaluation {
        let key = "\(scope)|" + URLQuery.encode(filter.queryItems)
        if let cached = memo.value(for: key) { return cached }
        let store = self.store ?? LibraryStore(settings: OverviewSettings())
        let evaluation = try await LibraryEvaluation.run(spec, filter: filter, scope: scope, now: now, store: store,
                                                         on: db)
        memo.store(evaluation, for: key)
        return evaluation
    }

    func count(_ filter: LibraryFilter, scope: DataScope, on db: any Database) async throws -> Int {
        try await evaluation(filter, scope: scope, on: db).rows.count
    }

    func rows(_ filter: LibraryFilter, scope: DataScope, offset: Int, limit: Int, on db: any Database)
        async throws -> [LibraryRow]
    {
        let evaluation = try await evaluation(filter, scope: scope, on: db)
        let start = min(max(0, offset), evaluation.rows.count)
        let end = min(start + max(0, limit), evaluation.rows.count)
        let slots = Array(evaluation.rows[start..<end])
        var certificates: [Int: [RecognitionRecord]] = [:]
        if let kind = spec.recognition, let sql = db as? any SQLDatabase {
            certificates = try await Recognitions.records(of: slots.compactMap { evaluation.base.slots.id(at: $0) }, kind: kind,
                                                          scope: scope, on: sql)
        }
        let checks = try evaluation.checks(of: slots)
        return zip(slots, checks).compactMap { slot, checks in
            guard let enterprise = evaluation.base.slots[slot] else { return nil }
            let held = certificates[enterprise.id] ?? []
            return LibraryRow(enterprise: enterprise, status: evaluation.status(at: slot), checks: checks,
                              firstYear: evaluation.firstYear(at: slot),
                              certificate: held.first { $0.isValid(on: evaluation.date) } ?? held.first)
        }
    }

    /// Exports walk the one evaluation in slices instead of re-evaluating per batch.
    func batches(_ filter: LibraryFilter, scope: DataScope, size: Int, on db: any Database,
                 _ body: ([LibraryRow]) async throws -> Void) async throws {
        let total = try await count(filter, scope: scope, on: db)
        var offset = 0
        while offset < total {
            let rows = try await rows(filter, scope: scope, offset: offset, limit: size, on: db)
            if rows.isEmpty { return }
            try await body(rows)
            offset += rows.count
        }
    }
}

/// How conditions read in cells and on the 查看 page.
enum LibraryText {
    /// At most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        NumberText.plain(value)
    }

    /// Yes/no conditions carry no unit.
    static func isFlag(_ check: ConditionCheck) -> Bool { check.unit.isEmpty }

    /// The enterprise's value ("12.5%", "是", "20～35分" when only bounds are known); nil when unknown.
    static func value(_ check: ConditionCheck) -> String? {
        guard let value = check.value else {
            return check.upperValue.map { "至多 \(number($0))\(check.unit)" }
        }
        if isFlag(check) { return value > 0 ? "是" : "否" }
        if let upper = check.upperValue, upper != value { return "\(number(value))～\(number(upper))\(check.unit)" }
        return number(value) + check.unit
    }

    static func threshold(_ check: ConditionCheck) -> String {
        guard let threshold = check.threshold else { return "—" }
        if isFlag(check) { return "是" }
        return number(threshold) + check.unit
    }

    static func gap(_ check: ConditionCheck) -> String? {
        guard check.status == .notMet, let gap = check.gap, gap > 0, !isFlag(check) else { return nil }
        return number(gap) + (check.unit == "%" ? "个百分点" : check.unit)
    }

    /// "差 2个百分点" below a floor, "超出 3年" above a ceiling.
    static func gapPhrase(_ check: ConditionCheck) -> String? {
        guard let gap = gap(check) else { return nil }
        let above = (check.value ?? 0) > (check.threshold ?? 0)
        return (above ? "超出 " : "差 ") + gap
    }

    /// One cell of a list or export: "符合（12.5%）", "不符合（8%，差 2个百分点）", "数据不足".
    static func cell(_ check: ConditionCheck) -> String {
        switch check.status {
        case .unknown:
            return RuleStatus.unknown.label
        case .met, .notMet:
            var parts: [String] = []
            if !isFlag(check), let value = value(check) { parts.append(value) }
            if let gap = gapPhrase(check) { parts.append(gap) }
            return check.status.label + (parts.isEmpty ? "" : "（" + parts.joined(separator: "，") + "）")
        }
    }

    static func tone(_ status: RuleStatus) -> String {
        switch status {
        case .met: "success"
        case .notMet: "danger"
        case .unknown: "muted"
        }
    }
}

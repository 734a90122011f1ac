import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 知识产权数据 import: an enterprise's patents, software copyrights and trademarks, matched to enterprises on the
/// platform by credit code within the importer's data scope. A number already on file for the same enterprise is
/// updated (a corrected list can be imported again); one on file for another enterprise is refused with the row.
struct IPImport: ImportKind {
    let id = "ip-records"
    let title = "知识产权数据"
    /// Government accounts that hold regions or zones (not incubators) and the platform administrator; the same
    /// roles may use `POST /api/v1/ip-records`.
    static let roles: Set<Role> = [.platformAdmin, .national, .province, .city, .county, .zone]
    var roles: Set<Role> { Self.roles }

    static let usccHeader = "统一社会信用代码"
    static let kindHeader = "类型"
    static let numberHeader = "号码"
    static let titleHeader = "名称"
    static let dateHeader = "日期"
    static let statusHeader = "状态"

    static let enterpriseKey: FieldID = "enterprise_id"
    static let kindKey: FieldID = "kind"
    static let numberKey: FieldID = "number"
    static let titleKey: FieldID = "title"
    static let dateKey: FieldID = "dated_on"
    static let statusKey: FieldID = "status"

    var instructions: [String] {
        [
            "1. 请在“知识产权数据”工作表中从第 2 行起逐行填写，每行一项知识产权；不要修改表头。",
            "2. 表头带红色 * 的列为必填项。企业按统一社会信用代码匹配，须已在平台登记且在您的管辖范围内。",
            "3. 类型从下拉列表选择：" + IPKind.displayOrder.map(\.label).joined(separator: "、") + "。",
            "4. 号码：专利填专利号（如 ZL202310123456.7，校验位须正确，类型码须与专利类型一致）；软件著作权填登记号（如 2023SR0123456）；商标填注册号（如 12345678）。",
            "5. 名称填专利名称、软件名称或商标名称，不超过 \(IPRecords.maxTitleLength) 字。日期填授权、登记或注册日期（审查中的填申请日），格式 YYYY-MM-DD。",
            "6. 状态填有效、审查中或失效，不填视为有效；只有有效的知识产权计入统计和Ⅰ类、Ⅱ类知识产权数。",
            "7. 同一类型、同一号码已在平台登记在同一企业名下的，以本次导入为准（更新名称、日期和状态）；已登记在其他企业名下的，该行不予导入。",
            "8. 上传后系统先逐行校验并给出结果，确认后才会写入；有错误的行会连同原因生成错误报告。",
        ]
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        [
            TemplateColumn(header: Self.usccHeader, required: true, width: 22, validation: .none,
                           note: "18 位统一社会信用代码", isDate: false),
            TemplateColumn(header: Self.kindHeader, required: true, width: 16,
                           validation: .list(IPKind.displayOrder.map(\.label)), note: "从下拉列表选择", isDate: false),
            TemplateColumn(header: Self.numberHeader, required: true, width: 22, validation: .none,
                           note: "专利号、登记号或注册号", isDate: false),
            TemplateColumn(header: Self.titleHeader, required: true, width: 36, validation: .none,
                           note: "不超过 \(IPRecords.maxTitleLength) 字", isDate: false),
            TemplateColumn(header: Self.dateHeader, required: true, width: 14, validation: .none,
                           note: "YYYY-MM-DD", isDate: true),
            TemplateColumn(header: Self.statusHeader, required: false, width: 10,
                           validation: .list(IPStatus.allCases.map(\.label)), note: "不填视为有效", isDate: false),
        ]
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: FieldValidator())
    }

    /// A record's own fields checked, before its enterprise is looked up: shared by the import and the API.
    struct Checked: Sendable {
        let uscc: String
        let kind: IPKind
        let number: String
        let title: String
        let date: LocalDate
        let status: IPStatus
    }

    /// The field a problem belongs to, by the API's JSON names.
    enum Field: String, CaseIterable, Sendable {
        case uscc, kind, number, title, date, status

        var header: String {
            switch self {
            case .uscc: IPImport.usccHeader
            case .kind: IPImport.kindHeader
            case .number: IPImport.numberHeader
            case .title: IPImport.titleHeader
            case .date: IPImport.dateHeader
            case .status: IPImport.statusHeader
            }
        }
    }

    enum CheckOutcome: Sendable {
        case valid(Checked)
        case invalid([Field: String])
    }

    /// Checks one record's texts; every problem with its field, or the checked record.
    static func check(uscc: String, kind: String, number: String, title: String, date: RawValue, status: String,
                      today: LocalDate) -> CheckOutcome {
        var problems: [Field: String] = [:]
        let code = USCC.parse(String(uscc.prefix(100)))
        if case .failure(let error) = code { problems[.uscc] = error.message }
        let kindText = String(kind.prefix(50))
        let parsedKind = IPKind(label: kindText)
        if parsedKind == nil {
            problems[.kind] = kindText.trimmingCharacters(in: .whitespaces).isEmpty ? "请选择知识产权类型"
                : "类型“\(kindText)”无效，应为" + IPKind.displayOrder.map(\.label).joined(separator: "、") + "之一"
        }
        var parsedNumber: String?
        if let parsedKind {
            switch IPNumber.parse(String(number.prefix(IPNumber.maxLength + 1)), kind: parsedKind) {
            case .success(let value): parsedNumber = value
            case .failure(let error): problems[.number] = error.message
            }
        } else if number.trimmingCharacters(in: .whitespaces).isEmpty {
            problems[.number] = IPNumberError.empty.message
        }
        let name = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            problems[.title] = "请填写名称"
        } else if name.count > IPRecords.maxTitleLength {
            problems[.title] = "名称不能超过 \(IPRecords.maxTitleLength) 个字"
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            problems[.title] = "名称含有不可见的控制字符"
        }
        let day = RecognitionImport.date(date, required: true)
        if let problem = day.problem { problems[.date] = problem }
        if let value = day.date {
            if value > today { problems[.date] = "日期不能晚于今天" }
            if value.year < 1985 { problems[.date] = "日期不能早于 1985 年（专利法施行）" }
        }
        let statusText = String(status.prefix(20)).trimmingCharacters(in: .whitespaces)
        let parsedStatus = statusText.isEmpty ? IPStatus.valid : IPStatus(label: statusText)
        if parsedStatus == nil { problems[.status] = "状态“\(statusText)”无效，应为有效、审查中或失效" }
        guard problems.isEmpty, case .success(let credit) = code, let parsedKind, let parsedNumber,
              let value = day.date, let parsedStatus
        else { return .invalid(problems) }
        return .valid(Checked(uscc: credit.value, kind: parsedKind, number: parsedNumber, title: name, date: value,
                                status: parsedStatus))
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws
        -> [ImportRowOutcome]
    {
        func position(_ name: String) -> Int { header[ImportKinds.normalise(name)] ?? 0 }
        func cell(_ row: ImportRow, _ name: String) -> RawValue {
            guard let index = header[ImportKinds.normalise(name)], index < row.cells.count else { return .empty }
            return row.cells[index]
        }
        func invalid(_ problems: [Field: String]) -> ImportRowOutcome {
            let cells = Dictionary(problems.map { (position($0.key.header), $0.value) }, uniquingKeysWith: { first, _ in first })
            return .invalid(problems: cells, reason: EnterpriseImport.reason(cells))
        }
        let today = LocalDate(chinaTimeOf: Date())
        var outcomes: [ImportRowOutcome?] = Array(repeating: nil, count: rows.count)
        var candidates: [(index: Int, checked: Checked)] = []
        for (index, row) in rows.enumerated() {
            let result = Self.check(uscc: cell(row, Self.usccHeader).display, kind: cell(row, Self.kindHeader).display,
                                    number: cell(row, Self.numberHeader).display, title: cell(row, Self.titleHeader).display,
                                    date: cell(row, Self.dateHeader), status: cell(row, Self.statusHeader).display,
                                    today: today)
            switch result {
            case .invalid(let problems):
                outcomes[index] = invalid(problems)
            case .valid(let checked):
                let key = "\(checked.kind.rawValue):\(checked.number)"
                if let first = context.seen[key] {
                    outcomes[index] = invalid([.number: "与第 \(first) 行的号码重复"])
                    continue
                }
                context.seen[key] = row.number
                candidates.append((index, checked))
            }
        }
        guard let sql = context.db as? any SQLDatabase, !candidates.isEmpty else {
            return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
        }
        let enterprises = try await IPRecords.enterprises(usccs: candidates.map(\.checked.uscc), scope: context.owner.scope,
                                                          on: sql)
        let elsewhere = try await IPRecords.heldElsewhere(candidates.compactMap { candidate in
            enterprises[candidate.checked.uscc].map { ($0, candidate.checked.kind, candidate.checked.number) }
        }, on: sql)
        for (index, checked) in candidates {
            guard let enterpriseID = enterprises[checked.uscc] else {
                outcomes[index] = invalid([.uscc: "平台中没有该统一社会信用代码的企业，或该企业不在您的管辖范围内"])
                continue
            }
            if elsewhere.contains("\(checked.kind.rawValue):\(checked.number)") {
                outcomes[index] = invalid([.number: "该号码已登记在其他企业名下"])
                continue
            }
            outcomes[index] = .valid([
                Self.enterpriseKey: .integer(enterpriseID), Self.kindKey: .choice(checked.kind.rawValue),
                Self.numberKey: .text(checked.number), Self.titleKey: .text(checked.title),
                Self.dateKey: .date(checked.date.description), Self.statusKey: .choice(checked.status.rawValue),
            ])
        }
        return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
    }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        // The enterprise's current place decides the scope columns; one that left the importer's scope since
        // validation fails the whole batch rather than slipping in.
        let places = try await IPRecords.places(of: rows.compactMap { $0[Self.enterpriseKey]?.number.map(Int.init) },
                                                scope: owner.scope, on: sql)
        var records: [IPRecords.Row] = []
        records.reserveCapacity(rows.count)
        for values in rows {
            guard let id = values[Self.enterpriseKey]?.number.map(Int.init), let place = places[id],
                  let kind = values[Self.kindKey].flatMap({ IPKind(rawValue: $0.text) }),
                  let status = values[Self.statusKey].flatMap({ IPStatus(rawValue: $0.text) }),
                  let number = values[Self.numberKey]?.text, let title = values[Self.titleKey]?.text,
                  let date = values[Self.dateKey]?.text
            else { throw AppError.conflict("有企业在校验后已不在您的管辖范围内，整批未导入，请重新上传校验") }
            records.append(IPRecords.Row(enterpriseID: id, regionCode: place.region, zoneID: place.zone,
                                         incubatorID: place.incubator, kind: kind, number: number, title: title,
                                         datedOn: date, status: status))
        }
        try await IPRecords.upsert(records, source: IPRecords.importSource, on: sql, now: now)
        return records.count
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 认定名单 import: the published lists of 高新技术企业 certificates and 科技型中小企业 registration numbers, matched
/// to enterprises on the platform by credit code, within the importer's data scope. A certificate already on
/// file is replaced, so a corrected list can be imported again.
struct RecognitionImport: ImportKind {
    let id = "recognitions"
    let title = "认定名单"
    let roles: Set<Role> = [.platformAdmin, .national, .province, .city]

    static let usccHeader = "统一社会信用代码"
    static let nameHeader = "企业名称"
    static let kindHeader = "认定类型"
    static let numberHeader = "证书编号"
    static let issuedHeader = "发证日期"
    static let validUntilHeader = "有效期至"

    static let enterpriseKey: FieldID = "enterprise_id"
    static let kindKey: FieldID = "kind"
    static let numberKey: FieldID = "certificate_no"
    static let issuedKey: FieldID = "issued_on"
    static let validUntilKey: FieldID = "valid_until"

    var instructions: [String] {
        [
            "1. 请在“认定名单”工作表中从第 2 行起逐行填写，每行一张证书（或一个入库登记编号）；不要修改表头。",
            "2. 表头带红色 * 的列为必填项。企业按统一社会信用代码匹配，须已在平台登记且在您的管辖范围内；企业名称仅供核对。",
            "3. 认定类型从下拉列表选择：高新技术企业，或科技型中小企业。",
            "4. 证书编号填写高企证书编号（如 GR202350000123）或科技型中小企业入库登记编号。",
            "5. 日期格式为 YYYY-MM-DD。有效期至可不填：高新技术企业按发证之日起三年计算，科技型中小企业按入库当年 12 月 31 日计算（平台默认方案，可配置）。",
            "6. 同一类型、同一编号的证书已在平台的，以本次导入为准（覆盖原记录）。",
            "7. 上传后系统先逐行校验并给出结果，确认后才会写入；有错误的行会连同原因生成错误报告。",
        ]
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        [
            TemplateColumn(header: Self.usccHeader, required: true, width: 22, validation: .none,
                           note: "18 位统一社会信用代码", isDate: false),
            TemplateColumn(header: Self.nameHeader, required: false, width: 34, validation: .none,
                           note: "仅供核对，不参与匹配", isDate: false),
            TemplateColumn(header: Self.kindHeader, required: true, width: 18,
                           validation: .list(RecognitionKind.allCases.map(\.label)), note: "从下拉列表选择", isDate: false),
            TemplateColumn(header: Self.numberHeader, required: true, width: 24, validation: .none,
                           note: "证书编号或入库登记编号", isDate: false),
            TemplateColumn(header: Self.issuedHeader, required: true, width: 14, validation: .none,
                           note: "YYYY-MM-DD", isDate: true),
            TemplateColumn(header: Self.validUntilHeader, required: false, width: 14, validation: .none,
                           note: "可不填，按默认有效期计算", isDate: true),
        ]
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: FieldValidator())
    }

    /// A row's values once its own cells are valid, before the enterprise is looked up.
    private struct Candidate {
        let index: Int
        let uscc: String
        let kind: RecognitionKind
        let number: String
        let issued: LocalDate
        let validUntil: LocalDate
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws
        -> [ImportRowOutcome]
    {
        func position(_ name: String) -> Int { header[ImportKinds.normalise(name)] ?? 0 }
        func cell(_ row: ImportRow, _ name: String) -> RawValue {
            guard let index = header[ImportKinds.normalise(name)], index < row.cells.count else { return .empty }
            return row.cells[index]
        }
        var outcomes: [ImportRowOutcome?] = Array(repeating: nil, count: rows.count)
        var candidates: [Candidate] = []
        for (index, row) in rows.enumerated() {
            var problems: [Int: String] = [:]
            let code = USCC.parse(cell(row, Self.usccHeader).display)
            if case .failure(let error) = code { problems[position(Self.usccHeader)] = error.message }
            let kindText = cell(row, Self.kindHeader).display
            let kind = RecognitionKind(label: kindText)
            if kind == nil {
                problems[position(Self.kindHeader)] = kindText.isEmpty ? "请选择认定类型"
                    : "认定类型“\(kindText)”无效，应为高新技术企业或科技型中小企业"
            }
            let number = Self.certificateNumber(cell(row, Self.numberHeader).display)
            if let problem = number.problem { problems[position(Self.numberHeader)] = problem }
            let issued = Self.date(cell(row, Self.issuedHeader), required: true)
            if let problem = issued.problem { problems[position(Self.issuedHeader)] = problem }
            let until = Self.date(cell(row, Self.validUntilHeader), required: false)
            if let problem = until.problem { problems[position(Self.validUntilHeader)] = problem }
            if let from = issued.date, let to = until.date, to < from {
                problems[position(Self.validUntilHeader)] = "有效期至不能早于发证日期"
            }
            guard problems.isEmpty, case .success(let uscc) = code, let kind, let issuedDate = issued.date else {
                outcomes[index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
                continue
            }
            let key = "\(kind.rawValue):\(number.value)"
            if let first = context.seen[key] {
                let duplicate = [position(Self.numberHeader): "与第 \(first) 行的证书编号重复"]
                outcomes[index] = .invalid(problems: duplicate, reason: EnterpriseImport.reason(duplicate))
                continue
            }
            context.seen[key] = row.number
            candidates.append(Candidate(index: index, uscc: uscc.value, kind: kind, number: number.value,
                                        issued: issuedDate,
                                        validUntil: until.date ?? kind.defaultValidUntil(issued: issuedDate)))
        }
        // One scoped query per chunk: a code outside the importer's scope reads as unknown, as everywhere else.
        var enterprises: [String: Int] = [:]
        if let sql = context.db as? any SQLDatabase, !candidates.isEmpty {
            let rows = try await sql.select().columns("id", "uscc")
                .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                .where(ScopeFilter(context.owner.scope, table: "e", enterpriseColumn: "id"))
                .where("uscc", .in, Array(Set(candidates.map(\.uscc)))).all()
            for row in rows {
                if let id = try? row.decode(column: "id", as: Int.self), let uscc = try? row.decode(column: "uscc", as: String.self) {
                    enterprises[uscc] = id
                }
            }
        }
        for candidate in candidates {
            guard let enterpriseID = enterprises[candidate.uscc] else {
                let problems = [position(Self.usccHeader): "平台中没有该统一社会信用代码的企业，或该企业不在您的管辖范围内"]
                outcomes[candidate.index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
                continue
            }
            outcomes[candidate.index] = .valid([
                Self.enterpriseKey: .integer(enterpriseID), Self.kindKey: .choice(candidate.kind.rawValue),
                Self.numberKey: .text(candidate.number), Self.issuedKey: .date(candidate.issued.description),
                Self.validUntilKey: .date(candidate.validUntil.description),
            ])
        }
        return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
    }

    /// Trimmed, upper-cased; letters, digits and hyphens only.
    static func certificateNumber(_ text: String) -> (value: String, problem: String?) {
        let value = USCC.normalise(text)
        if value.isEmpty { return (value, "请填写证书编号") }
        if value.count > 40 { return (value, "证书编号不能超过 40 个字符") }
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            return (value, "证书编号只能包含字母、数字和连字符")
        }
        return (value, nil)
    }

    /// A date cell: a date value, or text as `yyyy-MM-dd` (also `yyyy/M/d`).
    static func date(_ raw: RawValue, required: Bool) -> (date: LocalDate?, problem: String?) {
        switch raw {
        case .date(let year, let month, let day):
            guard let date = try? LocalDate(year: year, month: month, day: day) else { return (nil, "日期无效") }
            return (date, nil)
        case .empty:
            return (nil, required ? "请填写日期" : nil)
        default:
            let text = raw.display.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return (nil, required ? "请填写日期" : nil) }
            let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
            guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                  parts[0].count == 4, let date = try? LocalDate(year: year, month: month, day: day)
            else { return (nil, "日期“\(text)”无效，应为 YYYY-MM-DD") }
            return (date, nil)
        }
    }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        let ids = Array(Set(rows.compactMap { $0[Self.enterpriseKey]?.number.map(Int.init) }))
        // The enterprise's current place decides the scope columns; one that left the importer's scope since
        // validation fails the whole batch rather than slipping in.
        var places: [Int: (String, Int?, Int?)] = [:]
        for chunk in ids.chunked(into: 1000) {
            let found = try await sql.select().columns("id", "region_code", "zone_id", "incubator_id")
                .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                .where(ScopeFilter(owner.scope, table: "e", enterpriseColumn: "id"))
                .where("id", .in, Array(chunk)).all()
            for row in found {
                guard let id = try? row.decode(column: "id", as: Int.self),
                      let region = try? row.decode(column: "region_code", as: String.self)
                else { continue }
                places[id] = (region, try? row.decode(column: "zone_id", as: Int?.self),
                              try? row.decode(column: "incubator_id", as: Int?.self))
            }
        }
        var records: [Recognitions.Row] = []
        records.reserveCapacity(rows.count)
        for values in rows {
            guard let id = values[Self.enterpriseKey]?.number.map(Int.init), let place = places[id],
                  let kind = values[Self.kindKey].flatMap({ RecognitionKind(rawValue: $0.text) }),
                  let number = values[Self.numberKey]?.text, let issued = values[Self.issuedKey]?.text,
                  let until = values[Self.validUntilKey]?.text
            else { throw AppError.conflict("有企业在校验后已不在您的管辖范围内，整批未导入，请重新上传校验") }
            records.append(Recognitions.Row(enterpriseID: id, regionCode: place.0, zoneID: place.1, incubatorID: place.2,
                                            kind: kind, certificateNo: number, issuedOn: issued, validUntil: until))
        }
        try await Recognitions.upsert(records, source: Recognitions.importSource, on: sql, now: now)
        return records.count
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 企业名录 import: bulk creation of enterprises by the platform administrator or a zone, validated against
/// the same catalog definition as the 新增企业 form.
struct EnterpriseImport: ImportKind {
    /// Seals the imported contact phones; set by `prepared(on:)` before a commit.
    var cipher: PersonalDataCipher?

    func prepared(on app: Application) throws -> EnterpriseImport {
        var kind = self
        kind.cipher = try app.personalData
        return kind
    }

    let id = "enterprises"
    let title = "企业名录"
    let roles: Set<Role> = [.platformAdmin, .zone]

    static let provinceHeader = "所在省份"
    static let cityHeader = "所在城市"
    static let countyHeader = "所属区县"
    static let incubatorKey: FieldID = "incubator"

    var instructions: [String] {
        [
            "1. 请在“企业名录”工作表中从第 2 行起逐行填写，每行一家企业；不要修改、删除或调换表头。",
            "2. 表头带红色 * 的列为必填项。",
            "3. 统一社会信用代码为 18 位，系统按 GB 32100 校验；已在平台登记的企业不能重复导入。",
            "4. 省份、城市、区县请依次从下拉列表选择；区县一列也可直接填写 6 位区县代码。",
            "5. 高新技术领域、所属高新区请从下拉列表选择；所属行业从下拉列表选择，或填写门类字母加两位大类代码，如 C39。",
            "6. 成立日期格式为 YYYY-MM-DD；联系电话填写 11 位手机号码或带区号的固定电话。",
            "7. 上传后系统先逐行校验并给出结果，确认后才会写入；有错误的行会连同原因生成错误报告，修改后可重新上传。",
        ]
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        func column(_ field: FieldDefinition, width: Int, validation: TemplateColumn.Validation = .none)
            -> TemplateColumn
        {
            TemplateColumn(header: field.header, required: field.required, width: width, validation: validation,
                           note: field.help, isDate: field.kind == .date)
        }
        var columns = [
            column(EnterpriseRecordForm.uscc, width: 22),
            column(EnterpriseRecordForm.name, width: 34),
            TemplateColumn(header: Self.provinceHeader, required: true, width: 14, validation: .cascade(.province),
                           note: "从下拉列表选择", isDate: false),
            TemplateColumn(header: Self.cityHeader, required: true, width: 16, validation: .cascade(.city),
                           note: "先选省份，再从下拉列表选择", isDate: false),
            TemplateColumn(header: Self.countyHeader, required: true, width: 18, validation: .cascade(.county),
                           note: "先选城市，再从下拉列表选择；也可填写 6 位区县代码", isDate: false),
        ]
        if owner.role != .zone {
            let zones = try await EnterpriseRecord.zoneDictionary(on: db)
            columns.append(column(EnterpriseRecordForm.zone, width: 30, validation: .list(zones.entries.map(\.label))))
        }
        columns += [
            column(EnterpriseRecordForm.industry, width: 30, validation: .list(IndustryCode.all.map(\.label))),
            column(EnterpriseRecordForm.techField, width: 18,
                   validation: .list(Dictionaries.techField.entries.map(\.label))),
            column(EnterpriseRecordForm.registeredOn, width: 14),
            column(EnterpriseRecordForm.contactName, width: 12),
            column(EnterpriseRecordForm.contactPhone, width: 16),
        ]
        return columns
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: try await EnterpriseRecord.validator(on: db),
                      placementRegions: try await EnterpriseRecord.placementRegions(on: db))
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws
        -> [ImportRowOutcome]
    {
        let cascade = RegionCascade()
        let fields = EnterpriseRecordForm.form.fields
        let regionColumn = header[ImportKinds.normalise(Self.countyHeader)] ?? header[ImportKinds.normalise(Self.provinceHeader)] ?? 0
        func cell(_ row: ImportRow, _ name: String) -> RawValue {
            guard let index = header[ImportKinds.normalise(name)], index < row.cells.count else { return .empty }
            return row.cells[index]
        }
        // A problem with a column the upload lacks has no cell to mark: it goes to the reason column only.
        let absent = -1
        func column(of field: FieldID) -> Int {
            if field == EnterpriseRecordForm.region.id { return regionColumn }
            guard let definition = fields.first(where: { $0.id == field }) else { return absent }
            return header[ImportKinds.normalise(definition.header)] ?? absent
        }

        var outcomes: [ImportRowOutcome?] = Array(repeating: nil, count: rows.count)
        var candidates: [(index: Int, values: [FieldID: FieldValue])] = []
        for (index, row) in rows.enumerated() {
            var problems: [Int: String] = [:]
            var raw: [FieldID: RawValue] = [:]
            for field in fields where field.id != EnterpriseRecordForm.region.id {
                raw[field.id] = cell(row, field.header)
            }
            switch cascade.resolve(province: cell(row, Self.provinceHeader).display,
                                   city: cell(row, Self.cityHeader).display,
                                   county: cell(row, Self.countyHeader).display) {
            case .success(let code): raw[EnterpriseRecordForm.region.id] = .text(code)
            case .failure(let error): problems[regionColumn] = error.message
            }
            let checked = context.validator.validate(form: EnterpriseRecordForm.form, values: raw,
                                                     only: problems.isEmpty ? nil
                                                         : Set(fields.map(\.id)).subtracting([EnterpriseRecordForm.region.id]))
            for problem in checked.problems { problems[column(of: problem.field)] = problem.message }
            var values = checked.values
            let owner = context.owner
            if owner.role == .zone, let zone = owner.organizationID { values[EnterpriseRecordForm.zone.id] = .choice(String(zone)) }
            if problems.isEmpty, let region = values[EnterpriseRecordForm.region.id]?.text {
                let subject = ScopeSubject(enterpriseID: -1, regionCode: region,
                                           zoneID: InputNumber.integer(values[EnterpriseRecordForm.zone.id]?.text, in: InputRange.id),
                                           incubatorID: nil)
                if !owner.scope.permits(subject) {
                    problems[regionColumn] = "所属区县超出您的管辖范围"
                } else {
                    var placed = EnterpriseRecord(values)
                    if owner.role == .zone { placed.zoneID = owner.organizationID }
                    if let problem = placed.placementProblem(regions: context.placementRegions) {
                        if owner.role == .zone {
                            problems[regionColumn] = "所属区县超出您的管辖范围"
                        } else {
                            problems[problem.field == "zone" ? column(of: EnterpriseRecordForm.zone.id) : regionColumn] = problem.message
                        }
                    }
                }
            }
            if let code = values[EnterpriseRecordForm.uscc.id]?.text, problems[column(of: EnterpriseRecordForm.uscc.id)] == nil {
                if let first = context.seen[code] {
                    problems[column(of: EnterpriseRecordForm.uscc.id)] = "与第 \(first) 行的统一社会信用代码重复"
                } else {
                    context.seen[code] = row.number
                }
            }
            if problems.isEmpty {
                candidates.append((index, values))
            } else {
                outcomes[index] = .invalid(problems: problems, reason: Self.reason(problems))
            }
        }
        // One query per chunk for codes already registered.
        let codes = candidates.compactMap { $0.values[EnterpriseRecordForm.uscc.id]?.text }
        let existing = codes.isEmpty ? Set<String>()
            : Set(try await Enterprise.query(on: context.db).filter(\.$uscc ~~ codes).all().map(\.uscc))
        let usccColumn = column(of: EnterpriseRecordForm.uscc.id)
        for candidate in candidates {
            if let code = candidate.values[EnterpriseRecordForm.uscc.id]?.text, existing.contains(code) {
                let problems = [usccColumn: "该统一社会信用代码已在平台登记"]
                outcomes[candidate.index] = .invalid(problems: problems, reason: Self.reason(problems))
            } else {
                outcomes[candidate.index] = .valid(candidate.values)
            }
        }
        return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
    }

    static func reason(_ problems: [Int: String]) -> String {
        problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；")
    }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        var written = 0
        for chunk in rows.chunked(into: 1000) {
            guard let cipher else { throw DataKeyError.missing }
            let values: [[any SQLExpression]] = try chunk.map { values in
                var record = EnterpriseRecord(values)
                if owner.role == .zone { record.zoneID = owner.organizationID }
                let phone = try cipher.protect(record.contactPhone, as: .phone)
                return [
                    SQLBind(record.uscc ?? ""), SQLBind(record.name ?? ""), SQLBind(record.regionCode ?? ""),
                    SQLBind(record.zoneID), SQLBind(Int?.none), SQLBind(record.industryCode), SQLBind(record.techField),
                    SQLBind(record.registeredOn), SQLBind(EnterpriseStatus.active), SQLBind(record.contactName),
                    SQLBind(phone?.masked), SQLBind(phone?.sealed), SQLBind(phone?.hash), SQLBind(now), SQLBind(now),
                ]
            }
            guard let first = values.first else { continue }
            try await sql.insert(into: Enterprise.schema)
                .columns("uscc", "name", "region_code", "zone_id", "incubator_id", "industry_code", "tech_field",
                         "registered_on", "status", "contact_name", "contact_phone", "contact_phone_enc",
                         "contact_phone_hash", "created_at", "updated_at")
                .values(first).rows(values.dropFirst())
                .run()
            written += chunk.count
        }
        return written
    }
}

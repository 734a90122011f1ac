import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 工商数据 import: the business-registry fields of enterprises already on the platform, keyed by 统一社会信用代码
/// and validated against the catalog's `imported` fields (`BasicInfoForm.registryImport`). Each importer
/// updates only enterprises in its own data scope; the platform administrator all of them.
struct RegistryImport: ImportKind {
    let id = "registry"
    let title = "工商数据"
    let roles: Set<Role> = [.platformAdmin, .national, .province, .city, .county, .zone]

    static var form: FormDefinition { BasicInfoForm.registryImport }
    static let unknown = "该统一社会信用代码未在平台登记，或不在您的管辖范围内"

    var instructions: [String] {
        [
            "1. 请在“工商数据”工作表中从第 2 行起逐行填写，每行一家企业；不要修改、删除或调换表头。",
            "2. 表头带红色 * 的列为必填项：统一社会信用代码和企业名称；其余列没有数据的可留空。",
            "3. 只能导入已在平台登记、且在您管辖范围内的企业；同一代码在文件中只能出现一次。",
            "4. 成立日期格式为 YYYY-MM-DD；注册资本以万元计；所属行业填写门类字母加两位大类代码，如 C39。",
            "5. 导入的数据覆盖该企业原有的工商数据，企业在“基本信息填报”中看到灰色只读的导入值。",
            "6. 上传后系统先逐行校验并给出结果，确认后才会写入；有错误的行会连同原因生成错误报告，修改后可重新上传。",
        ]
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        Self.form.fields.map { field in
            var width = 18
            switch field.kind {
            case .uscc: width = 22
            case .longText: width = 40
            case .text(let length): width = length > 60 ? 34 : 20
            default: break
            }
            return TemplateColumn(header: field.header, required: field.required, width: width, validation: .none,
                                  note: field.help, isDate: field.kind == .date)
        }
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: FieldValidator())
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws
        -> [ImportRowOutcome]
    {
        let fields = Self.form.fields
        func column(_ field: FieldDefinition) -> Int { header[ImportKinds.normalise(field.header)] ?? 0 }
        let usccColumn = column(BasicInfoForm.uscc)
        var outcomes: [ImportRowOutcome?] = Array(repeating: nil, count: rows.count)
        var candidates: [(index: Int, code: String, values: [FieldID: FieldValue])] = []
        for (index, row) in rows.enumerated() {
            var raw: [FieldID: RawValue] = [:]
            for field in fields {
                let position = header[ImportKinds.normalise(field.header)]
                raw[field.id] = position.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } ?? .empty
            }
            let checked = context.validator.validate(form: Self.form, values: raw)
            var problems: [Int: String] = [:]
            for problem in checked.problems {
                guard let field = Self.form.field(problem.field) else { continue }
                problems[column(field)] = problem.message
            }
            if let code = checked.values[BasicInfoForm.uscc.id]?.text, problems[usccColumn] == nil {
                if let first = context.seen[code] {
                    problems[usccColumn] = "与第 \(first) 行的统一社会信用代码重复"
                } else {
                    context.seen[code] = row.number
                }
                if problems.isEmpty { candidates.append((index, code, checked.values)) }
            }
            if !problems.isEmpty { outcomes[index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems)) }
        }
        // One query per chunk; an enterprise out of scope reads as absent, as it does everywhere else.
        let known = try await Self.enterprises(candidates.map(\.code), scope: context.owner.scope, on: context.db)
        for candidate in candidates {
            if known[candidate.code] == nil {
                let problems = [usccColumn: Self.unknown]
                outcomes[candidate.index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
            } else {
                outcomes[candidate.index] = .valid(candidate.values)
            }
        }
        return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
    }

    /// Enterprises by credit code, only those the scope permits.
    static func enterprises(_ codes: [String], scope: DataScope, on db: any Database) async throws -> [String: Enterprise] {
        guard !codes.isEmpty else { return [:] }
        let rows = try await Enterprise.query(on: db).filter(\.$uscc ~~ codes).all()
        var found: [String: Enterprise] = [:]
        for enterprise in rows {
            if let subject = enterprise.scopeSubject, scope.permits(subject) { found[enterprise.uscc] = enterprise }
        }
        return found
    }

    /// Replaces the registry rows of the enterprises (one multi-row upsert per chunk) and keeps their name,
    /// founding date and industry on the enterprise record in step (one UPDATE … FROM VALUES per chunk).
    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        let codes = rows.compactMap { $0[BasicInfoForm.uscc.id]?.text }
        let known = try await Self.enterprises(codes, scope: owner.scope, on: db)
        var registry: [[any SQLExpression]] = []
        var records: [any SQLExpression] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for values in rows {
            guard let code = values[BasicInfoForm.uscc.id]?.text, let enterprise = known[code], let id = enterprise.id else {
                // Validated, then moved out of reach or removed before confirmation: the batch is refused whole.
                throw AppError.conflict("统一社会信用代码 \(values[BasicInfoForm.uscc.id]?.text ?? "") 的企业已不在您的管辖范围内")
            }
            let text = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value.text) })
            let content = String(decoding: try encoder.encode(text), as: UTF8.self)
            registry.append([SQLBind(id), SQLBind(enterprise.regionCode), SQLBind(enterprise.zoneID),
                             SQLBind(enterprise.incubatorID), SQLBind(content), SQLBind(now)])
            records.append(SQLGroupExpression([
                SQLBind(id), SQLBind(values[BasicInfoForm.name.id]?.text ?? enterprise.name),
                SQLBind(values[BasicInfoForm.registeredOn.id]?.text), SQLBind(values[BasicInfoForm.industry.id]?.text),
            ] as [any SQLExpression]))
        }
        guard let first = registry.first else { return 0 }
        try await sql.insert(into: RegistryData.schema)
            .columns("enterprise_id", "region_code", "zone_id", "incubator_id", "content", "imported_at")
            .values(first).rows(registry.dropFirst())
            .onConflict(with: ["enterprise_id"]) { update in
                update.set(excludedValueOf: "content").set(excludedValueOf: "imported_at")
                    .set(excludedValueOf: "region_code").set(excludedValueOf: "zone_id").set(excludedValueOf: "incubator_id")
            }
            .run()
        // VALUES columns are named column1, column2 … on both SQLite and PostgreSQL.
        try await sql.raw("""
            UPDATE enterprises SET name = v.column2,
                registered_on = COALESCE(v.column3, enterprises.registered_on),
                industry_code = COALESCE(v.column4, enterprises.industry_code),
                updated_at = \(bind: now)
            FROM (VALUES \(SQLList(records))) AS v
            WHERE enterprises.id = v.column1
            """).run()
        return rows.count
    }
}

import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// 火炬统计数据: the Torch centre's yearly statistics of enterprises already on the platform, imported into the fact
/// table so scoring (and the enterprise's points data) start from official figures. Columns are the annual
/// report's catalog fields that carry a fact; a blank cell leaves the stored fact as it is, so an import adds to
/// an approved annual report instead of erasing it.
struct TorchStatisticsImport: ImportKind {
    let id = "torch-statistics"
    let title = "火炬统计数据"
    let roles = Access.pointsManagers.roles

    static let year = FieldDefinition("statistics_year", "统计年度", .year, required: true, minimum: 2000, maximum: 2100)

    static let form = FormDefinition(
        id: "torch_statistics", title: "火炬统计数据", groups: [""],
        fields: [EnterpriseRecordForm.uscc, year]
            + AnnualReportForm.form.fields.filter { $0.fact != nil }.map { $0.with(group: "", required: false) })

    var instructions: [String] {
        [
            "1. 每行一家企业一个年度，从第 2 行起填写；不要修改表头。",
            "2. 企业须已在平台登记，且在您的管理范围内；统一社会信用代码与统计年度必填。",
            "3. 金额单位为千元（与科技信息年报一致），人数、项数填整数，“是/否”列填“是”或“否”。",
            "4. 空白单元格不修改平台已有的数据；填写的数值覆盖该企业该年度的同项数据。",
            "5. 上传后先逐行校验，确认后整批写入；有误的行会生成错误报告。",
        ]
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        Self.form.fields.map { field in
            TemplateColumn(header: field.header, required: field.required, width: max(12, field.header.count * 2 + 4),
                           validation: field.kind == .flag ? .list(["是", "否"]) : .none, note: field.help,
                           isDate: field.kind == .date)
        }
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: FieldValidator())
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws -> [ImportRowOutcome] {
        let fields = Self.form.fields
        func column(_ field: FieldDefinition) -> Int { header[ImportKinds.normalise(field.header)] ?? 0 }
        var checked: [(values: [FieldID: FieldValue], problems: [Int: String])] = rows.map { row in
            var raw: [FieldID: RawValue] = [:]
            for field in fields {
                if let index = header[ImportKinds.normalise(field.header)], index < row.cells.count { raw[field.id] = row.cells[index] }
            }
            let result = context.validator.validate(form: Self.form, values: raw)
            var problems: [Int: String] = [:]
            for problem in result.problems {
                if let field = Self.form.field(problem.field) { problems[column(field)] = problem.message }
            }
            return (result.values, problems)
        }
        // One query per chunk: which codes are registered enterprises in the importer's scope.
        let codes = checked.compactMap { $0.values[EnterpriseRecordForm.uscc.id]?.text }
        let known = try await Self.enterprises(codes, scope: context.owner.scope, on: context.db)
        let usccColumn = column(EnterpriseRecordForm.uscc)
        for index in checked.indices where checked[index].problems.isEmpty {
            guard let code = checked[index].values[EnterpriseRecordForm.uscc.id]?.text,
                  let year = checked[index].values[Self.year.id]?.number
            else { continue }
            if known[code] == nil {
                checked[index].problems[usccColumn] = "该企业未在平台登记或不在您的管理范围内"
                continue
            }
            let key = "\(code)#\(Int(year))"
            if let first = context.seen[key] {
                checked[index].problems[usccColumn] = "与第 \(first) 行是同一企业同一年度"
            } else {
                context.seen[key] = rows[index].number
            }
        }
        return checked.map { item in
            item.problems.isEmpty ? .valid(item.values)
                : .invalid(problems: item.problems, reason: EnterpriseImport.reason(item.problems))
        }
    }

    /// Registered enterprises among `codes` in `scope`, by code.
    static func enterprises(_ codes: [String], scope: DataScope, on db: any Database) async throws -> [String: Enterprise] {
        guard !codes.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable {
            let id: Int
            let uscc: String
            let region_code: String
            let zone_id: Int?
            let incubator_id: Int?
        }
        let rows = try await sql.select().columns("id", "uscc", "region_code", "zone_id", "incubator_id")
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
            .where(SQLColumn("uscc", table: "e"), .in, SQLBind.group(codes)).all(decoding: Row.self)
        var result: [String: Enterprise] = [:]
        for row in rows {
            let enterprise = Enterprise()
            enterprise.id = row.id
            enterprise.uscc = row.uscc
            enterprise.regionCode = row.region_code
            enterprise.zoneID = row.zone_id
            enterprise.incubatorID = row.incubator_id
            result[row.uscc] = enterprise
        }
        return result
    }

    /// Writes a chunk: the stored facts of the chunk's enterprises are read once, merged with the imported values,
    /// and written back through one delete per year and multi-row inserts.
    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        let known = try await Self.enterprises(rows.compactMap { $0[EnterpriseRecordForm.uscc.id]?.text }, scope: owner.scope,
                                               on: db)
        let ids = known.values.compactMap(\.id)
        struct Key: Hashable {
            let enterprise: Int
            let year: Int
        }
        var stored: [Key: [FactID: Double]] = [:]
        if !ids.isEmpty {
            let existing = try await sql.select().column("*")
                .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
                .where(ScopeFilter(owner.scope, table: "f"))
                .where(SQLColumn("enterprise_id", table: "f"), .in, SQLBind.group(ids)).all()
            for row in existing {
                guard let id = try? row.decode(column: "enterprise_id", as: Int.self),
                      let year = try? row.decode(column: "year", as: Int.self)
                else { continue }
                var facts: [FactID: Double] = [:]
                for fact in EnterpriseFacts.columns {
                    if let value = (try? row.decode(column: fact.rawValue, as: Double?.self)) ?? nil { facts[fact] = value }
                }
                stored[Key(enterprise: id, year: year)] = facts
            }
        }
        var merged: [Key: EnterpriseFacts.Row] = [:]
        for values in rows {
            guard let code = values[EnterpriseRecordForm.uscc.id]?.text, let enterprise = known[code],
                  let enterpriseID = enterprise.id, let year = values[Self.year.id]?.number.map({ Int($0) })
            else { throw AppError.conflict("有企业在校验后被移出您的范围或被删除，整批未导入，请重新上传", code: "import_stale") }
            let key = Key(enterprise: enterpriseID, year: year)
            // Blank cells keep what the platform already has for that enterprise and year.
            var facts = merged[key]?.facts ?? stored[key] ?? [:]
            facts.merge(FactProjection.project(values, form: AnnualReportForm.form)) { _, imported in imported }
            merged[key] = EnterpriseFacts.Row(enterpriseID: enterpriseID, regionCode: enterprise.regionCode,
                                              zoneID: enterprise.zoneID, incubatorID: enterprise.incubatorID, year: year,
                                              facts: facts)
        }
        for (year, keys) in Dictionary(grouping: merged.keys, by: \.year) {
            try await sql.delete(from: EnterpriseFacts.schema).where("year", .equal, year)
                .where("enterprise_id", .in, SQLBind.group(keys.map(\.enterprise))).run()
        }
        try await EnterpriseFacts.insert(rows: Array(merged.values), source: "torch", on: sql, now: now)
        return rows.count
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 创新券数据 import (C7–C8): vouchers matched to enterprises on the platform by credit code, within the importer's
/// data scope. A voucher number already on file (in the importer's scope) is replaced, so a corrected list can be
/// imported again; one on file for another region's enterprise is refused.
struct VoucherImport: ImportKind {
    let id = "vouchers"
    let title = "创新券数据"
    let roles: Set<Role> = [.platformAdmin, .national, .province, .city, .county, .zone]

    static let enterpriseKey: FieldID = "enterprise_id"
    static let regionKey: FieldID = "region_code"
    static let zoneKey: FieldID = "zone_id"
    static let incubatorKey: FieldID = "incubator_id"
    static let nameHeader = "企业名称"
    static let unknown = "平台中没有该统一社会信用代码的企业，或该企业不在您的管辖范围内"
    static let foreignNumber = "该创新券编号已由其他地区的企业登记，不能覆盖"

    var instructions: [String] {
        [
            "1. 请在“创新券数据”工作表中从第 2 行起逐行填写，每行一张创新券；不要修改表头。",
            "2. 表头带红色 * 的列为必填项。企业按统一社会信用代码匹配，须已在平台登记且在您的管辖范围内；企业名称仅供核对。",
            "3. 券种从下拉列表选择：" + VoucherType.allCases.map(\.label).joined(separator: "、") + "。",
            "4. 金额单位为元，最多两位小数，单张不超过 1000 万元；兑付金额不能大于申领金额，未兑付填 0 或不填。",
            "5. 日期格式为 YYYY-MM-DD；有兑付金额时须填兑付日期，且不早于申领日期。",
            "6. 状态可不填，按金额推定（未兑付为已申领，部分兑付，全额为已兑付）；已作废、已过期请填写。年度可不填，按申领日期的年份。",
            "7. 同一创新券编号已在平台的，以本次导入为准（覆盖原记录）。",
            "8. 上传后系统先逐行校验并给出结果，确认后才会写入；有错误的行会连同原因生成错误报告。",
        ]
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        var columns: [TemplateColumn] = []
        for field in VoucherField.allCases {
            let validation: TemplateColumn.Validation = switch field {
            case .type: .list(VoucherType.allCases.map(\.label))
            case .state: .list(VoucherState.allCases.map(\.label))
            default: .none
            }
            let note = switch field {
            case .uscc: "18 位统一社会信用代码"
            case .number: "创新券编号，字母、数字和连字符"
            case .claimedAmount, .redeemedAmount: "单位元，最多两位小数"
            case .claimedOn, .redeemedOn: "YYYY-MM-DD"
            case .state: "可不填，按金额推定"
            case .year: "可不填，按申领日期"
            default: "从下拉列表选择"
            }
            columns.append(TemplateColumn(header: field.header, required: field.required,
                                          width: field == .provider ? 30 : field == .uscc || field == .number ? 22 : 14,
                                          validation: validation, note: field == .provider ? "提供服务的机构名称" : note,
                                          isDate: field == .claimedOn || field == .redeemedOn))
            if field == .uscc {
                columns.append(TemplateColumn(header: Self.nameHeader, required: false, width: 34, validation: .none,
                                              note: "仅供核对，不参与匹配", isDate: false))
            }
        }
        return columns
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: FieldValidator())
    }

    /// A cell as text: dates as `yyyy-MM-dd`, numbers as the spreadsheet wrote them.
    static func text(_ raw: RawValue) -> String {
        switch raw {
        case .date(let year, let month, let day):
            return (try? LocalDate(year: year, month: month, day: day))?.description ?? raw.display
        default:
            return raw.display
        }
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws
        -> [ImportRowOutcome]
    {
        func position(_ field: VoucherField) -> Int { header[ImportKinds.normalise(field.header)] ?? 0 }
        var outcomes: [ImportRowOutcome?] = Array(repeating: nil, count: rows.count)
        var candidates: [(index: Int, draft: VoucherDraft)] = []
        for (index, row) in rows.enumerated() {
            var values: [VoucherField: String] = [:]
            for field in VoucherField.allCases {
                guard let column = header[ImportKinds.normalise(field.header)], column < row.cells.count else { continue }
                values[field] = Self.text(row.cells[column])
            }
            let (draft, found) = VoucherRules.validate(VoucherInput(values))
            var problems: [Int: String] = [:]
            for (field, reason) in found { problems[position(field)] = reason }
            guard let draft, problems.isEmpty else {
                outcomes[index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
                continue
            }
            if let first = context.seen[draft.number] {
                let duplicate = [position(.number): "与第 \(first) 行的创新券编号重复"]
                outcomes[index] = .invalid(problems: duplicate, reason: EnterpriseImport.reason(duplicate))
                continue
            }
            context.seen[draft.number] = row.number
            candidates.append((index, draft))
        }
        guard let sql = context.db as? any SQLDatabase, !candidates.isEmpty else {
            return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
        }
        let scope = context.owner.scope
        let enterprises = try await InnovationVouchers.enterprises(uscc: candidates.map(\.draft.uscc), scope: scope, on: sql)
        let foreign = try await InnovationVouchers.numbersOutside(candidates.map(\.draft.number), scope: scope, on: sql)
        for (index, draft) in candidates {
            guard let enterprise = enterprises[draft.uscc] else {
                let problems = [position(.uscc): Self.unknown]
                outcomes[index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
                continue
            }
            if foreign.contains(draft.number) {
                let problems = [position(.number): Self.foreignNumber]
                outcomes[index] = .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
                continue
            }
            var values: [FieldID: FieldValue] = [Self.enterpriseKey: .integer(enterprise.id)]
            for field in VoucherField.allCases { values[FieldID(rawValue: field.rawValue)] = .text(Self.stored(draft, field)) }
            outcomes[index] = .valid(values)
        }
        return outcomes.map { $0 ?? .invalid(problems: [:], reason: "未能校验") }
    }

    /// A draft's value as the staged row keeps it (read back by `VoucherRules.validate` on commit).
    static func stored(_ draft: VoucherDraft, _ field: VoucherField) -> String {
        switch field {
        case .uscc: draft.uscc
        case .number: draft.number
        case .type: draft.type.rawValue
        case .claimedAmount: draft.claimed.description
        case .redeemedAmount: draft.redeemed.description
        case .provider: draft.provider
        case .claimedOn: draft.claimedOn.description
        case .redeemedOn: draft.redeemedOn?.description ?? ""
        case .state: draft.state.rawValue
        case .year: String(draft.year)
        }
    }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        var drafts: [VoucherDraft] = []
        for values in rows {
            var input: [VoucherField: String] = [:]
            for field in VoucherField.allCases { input[field] = values[FieldID(rawValue: field.rawValue)]?.text }
            guard let draft = VoucherRules.validate(VoucherInput(input)).draft else {
                throw AppError.conflict("待导入的数据已损坏，整批未导入，请重新上传校验")
            }
            drafts.append(draft)
        }
        // The enterprise's current place decides the scope columns; one that left the importer's scope since
        // validation fails the whole batch rather than slipping in.
        let places = try await InnovationVouchers.enterprises(uscc: drafts.map(\.uscc), scope: owner.scope, on: sql)
        let foreign = try await InnovationVouchers.numbersOutside(drafts.map(\.number), scope: owner.scope, on: sql)
        var records: [InnovationVouchers.Row] = []
        for draft in drafts {
            guard let place = places[draft.uscc], !foreign.contains(draft.number) else {
                throw AppError.conflict("有企业或创新券在校验后已不在您的管辖范围内，整批未导入，请重新上传校验")
            }
            records.append(InnovationVouchers.Row(enterpriseID: place.id, regionCode: place.region, zoneID: place.zone,
                                                  incubatorID: place.incubator, draft: draft))
        }
        try await InnovationVouchers.upsert(records, source: InnovationVouchers.importSource, scope: owner.scope,
                                            on: sql, now: now)
        return records.count
    }

    func committedActions(batchID: Int) -> [JobResultView.Action] {
        [.init(label: "查看创新券情况表", href: Page.vouchers.path, method: "get", style: "primary"),
         .init(label: "返回导入", href: "/imports", method: "get", style: "secondary")]
    }
}

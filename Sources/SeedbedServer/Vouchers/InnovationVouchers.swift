import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The `innovation_vouchers` table (科技创新券, C7–C8): one row per voucher, its number unique, the enterprise's
/// scope columns copied like every enterprise-bound table; amounts in 分 (exact). Written by the 创新券数据 import,
/// `POST /api/v1/vouchers` and the demo, always through the writer's data scope.
enum InnovationVouchers {
    static let schema = "innovation_vouchers"
    static let importSource = "import"
    static let apiSource = "api"
    static let demoSource = "demo"

    static func sourceLabel(_ source: String) -> String {
        switch source {
        case importSource: "导入"
        case apiSource: "接口"
        case demoSource: "演示数据"
        default: source
        }
    }

    /// A voucher ready to be written: a valid draft and the enterprise it belongs to, with that enterprise's place.
    struct Row: Sendable {
        let enterpriseID: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let draft: VoucherDraft
    }

    /// The enterprises in `scope` with these credit codes: id and place by code. A code outside the scope reads as
    /// unknown, as everywhere else.
    static func enterprises(uscc codes: [String], scope: DataScope, on sql: any SQLDatabase) async throws
        -> [String: (id: Int, region: String, zone: Int?, incubator: Int?)]
    {
        var found: [String: (id: Int, region: String, zone: Int?, incubator: Int?)] = [:]
        for chunk in Array(Set(codes)).chunked(into: 500) {
            let rows = try await sql.select().columns("id", "uscc", "region_code", "zone_id", "incubator_id")
                .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
                .where("uscc", .in, Array(chunk)).all()
            for row in rows {
                guard let id = try? row.decode(column: "id", as: Int.self),
                      let uscc = try? row.decode(column: "uscc", as: String.self),
                      let region = try? row.decode(column: "region_code", as: String.self)
                else { continue }
                found[uscc] = (id, region, (try? row.decode(column: "zone_id", as: Int?.self)) ?? nil,
                               (try? row.decode(column: "incubator_id", as: Int?.self)) ?? nil)
            }
        }
        return found
    }

    /// Of these voucher numbers, those already on file for an enterprise outside `scope`: a writer may not replace
    /// another region's voucher.
    static func numbersOutside(_ numbers: [String], scope: DataScope, on sql: any SQLDatabase) async throws -> Set<String> {
        guard scope != .all else { return [] }
        var outside: Set<String> = []
        for chunk in Array(Set(numbers)).chunked(into: 500) {
            let rows = try await sql.select().columns("voucher_no")
                .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("v")))
                .where("voucher_no", .in, Array(chunk))
                .where(SQLList([SQLRaw("NOT"), ScopeFilter(scope, table: "v")], separator: SQLRaw(" "))).all()
            for row in rows { if let number = try? row.decode(column: "voucher_no", as: String.self) { outside.insert(number) } }
        }
        return outside
    }

    /// Writes vouchers inside the caller's transaction: a number already on file (in `scope`) is replaced, so a
    /// corrected list can be sent again. Returns how many numbers were new.
    @discardableResult
    static func upsert(_ rows: [Row], source: String, scope: DataScope, on sql: any SQLDatabase, now: Date) async throws -> Int {
        var created = 0
        for chunk in rows.chunked(into: 400) {
            let numbers = chunk.map(\.draft.number)
            let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("v")))
                .where("voucher_no", .in, numbers).where(ScopeFilter(scope, table: "v"))
                .first(decodingColumn: "n", as: Int.self) ?? 0
            created += chunk.count - existing
            try await sql.delete(from: schema)
                .where("voucher_no", .in, numbers).where(ScopeFilter(scope, table: schema)).run()
            let values: [[any SQLExpression]] = chunk.map { row in
                let draft = row.draft
                return [SQLBind(row.enterpriseID), SQLBind(row.regionCode), SQLBind(row.zoneID), SQLBind(row.incubatorID),
                        SQLBind(draft.number), SQLBind(draft.type), SQLBind(draft.claimed.fen), SQLBind(draft.redeemed.fen),
                        SQLBind(draft.provider), SQLBind(draft.claimedOn.description),
                        SQLBind(draft.redeemedOn?.description), SQLBind(draft.state), SQLBind(draft.year),
                        SQLBind(source), SQLBind(now), SQLBind(now)]
            }
            guard let first = values.first else { continue }
            try await sql.insert(into: schema)
                .columns("enterprise_id", "region_code", "zone_id", "incubator_id", "voucher_no", "voucher_type",
                         "claimed_fen", "redeemed_fen", "provider", "claimed_on", "redeemed_on", "state", "year",
                         "source", "created_at", "updated_at")
                .values(first).rows(values.dropFirst()).run()
        }
        return created
    }

    /// The years that have vouchers in `scope`, newest first.
    static func years(scope: DataScope, on sql: any SQLDatabase) async throws -> [Int] {
        try await sql.select().distinct().column("year")
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("v")))
            .where(ScopeFilter(scope, table: "v"))
            .orderBy("year", .descending).limit(50).all()
            .compactMap { try? $0.decode(column: "year", as: Int.self) }
    }

    /// Every voucher of `year` in `scope` with its enterprise's classes: size from the enterprise's facts of that year
    /// (or the latest year before it), industry category and high-tech field from the enterprise.
    static func facts(year: Int, scope: DataScope, on sql: any SQLDatabase) async throws -> [VoucherFact] {
        let rows = try await sql.select()
            .column(SQLColumn("enterprise_id", table: "v")).column(SQLColumn("voucher_type", table: "v"))
            .column(SQLColumn("claimed_fen", table: "v")).column(SQLColumn("redeemed_fen", table: "v"))
            .column(SQLColumn("industry_code", table: "e")).column(SQLColumn("tech_field", table: "e"))
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("v")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "v"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "v"))
            .where(SQLColumn("year", table: "v"), .equal, SQLBind(year)).all()
        struct Raw {
            let enterpriseID: Int
            let type: VoucherType
            let claimed: Int64
            let redeemed: Int64
            let industry: String?
            let field: Int?
        }
        let raws: [Raw] = rows.compactMap { row in
            guard let id = try? row.decode(column: "enterprise_id", as: Int.self),
                  let type = (try? row.decode(column: "voucher_type", as: String.self)).flatMap(VoucherType.init(rawValue:)),
                  let claimed = try? row.decode(column: "claimed_fen", as: Int64.self),
                  let redeemed = try? row.decode(column: "redeemed_fen", as: Int64.self)
            else { return nil }
            return Raw(enterpriseID: id, type: type, claimed: claimed, redeemed: redeemed,
                       industry: (try? row.decode(column: "industry_code", as: String?.self)) ?? nil,
                       field: (try? row.decode(column: "tech_field", as: Int?.self)) ?? nil)
        }
        // Size: the latest facts year ≤ the voucher year, per enterprise.
        var sizes: [Int: (year: Int, size: EnterpriseSize?)] = [:]
        for chunk in Array(Set(raws.map(\.enterpriseID))).chunked(into: 500) {
            let factRows = try await sql.select().columns("enterprise_id", "year", "employees", "revenue")
                .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
                .where(ScopeFilter(scope, table: "f"))
                .where("enterprise_id", .in, Array(chunk)).where("year", .lessThanOrEqual, SQLBind(year)).all()
            for row in factRows {
                guard let id = try? row.decode(column: "enterprise_id", as: Int.self),
                      let factYear = try? row.decode(column: "year", as: Int.self),
                      factYear > (sizes[id]?.year ?? Int.min)
                else { continue }
                let employees = ((try? row.decode(column: "employees", as: Double?.self)) ?? nil) ?? .nan
                let revenue = ((try? row.decode(column: "revenue", as: Double?.self)) ?? nil) ?? .nan
                sizes[id] = (factYear, EnterpriseSize.classify(employees: employees, revenue: revenue))
            }
        }
        return raws.map { raw in
            VoucherFact(enterpriseID: raw.enterpriseID, type: raw.type, claimed: VoucherAmount(fen: raw.claimed),
                        redeemed: VoucherAmount(fen: raw.redeemed), size: sizes[raw.enterpriseID]?.size ?? nil,
                        category: IndustryCategory.of(sectionIndex: SnapshotEnterprise.sectionIndex(industryCode: raw.industry)),
                        field: raw.field.flatMap(TechField.init(rawValue:)))
        }
    }
}

/// The `innovation_vouchers` table (C7–C8).
struct CreateInnovationVouchers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InnovationVouchers.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("voucher_no", .string, .required)
            .field("voucher_type", .string, .required)
            .field("claimed_fen", .int64, .required)
            .field("redeemed_fen", .int64, .required)
            .field("provider", .string, .required)
            .field("claimed_on", .string, .required)
            .field("redeemed_on", .string)
            .field("state", .string, .required)
            .field("year", .int, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "voucher_no")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        let schema = InnovationVouchers.schema
        try await sql.create(index: "innovation_vouchers_enterprise").on(schema).column("enterprise_id").run()
        try await sql.create(index: "innovation_vouchers_region").on(schema).column("region_code").run()
        try await sql.create(index: "innovation_vouchers_year").on(schema).column("year").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InnovationVouchers.schema).delete()
    }
}

import FluentKit
import SeedbedDomain
import SQLKit

/// The one place a `DataScope` becomes SQL (DESIGN.md §3). Every query that reads enterprise-bound rows —
/// lists, details, exports, statistics, the API — adds this predicate; each enterprise-bound table carries
/// `region_code`, `zone_id`, `incubator_id` and its enterprise's id, so the same filter fits all of them.
struct ScopeFilter: SQLExpression {
    let scope: DataScope
    /// Table name or alias to qualify columns with.
    let table: String
    /// The column holding the enterprise id: `id` on `enterprises`, `enterprise_id` elsewhere.
    let enterpriseColumn: String

    init(_ scope: DataScope, table: String, enterpriseColumn: String = "enterprise_id") {
        self.scope = scope
        self.table = table
        self.enterpriseColumn = enterpriseColumn
    }

    func serialize(to serializer: inout SQLSerializer) {
        let expression: any SQLExpression
        switch scope {
        case .all:
            expression = SQLRaw("1 = 1")
        case .nothing:
            expression = SQLRaw("1 = 0")
        case .region(let prefix):
            guard !prefix.isEmpty else { SQLRaw("1 = 0").serialize(to: &serializer); return }
            expression = Self.region(column("region_code"), liesIn: prefix)
        case .zone(let id):
            expression = SQLBinaryExpression(column("zone_id"), .equal, SQLBind(id))
        case .incubator(let id):
            expression = SQLBinaryExpression(column("incubator_id"), .equal, SQLBind(id))
        case .enterprise(let id):
            expression = SQLBinaryExpression(column(enterpriseColumn), .equal, SQLBind(id))
        }
        SQLGroupExpression(expression).serialize(to: &serializer)
    }

    private func column(_ name: String) -> SQLColumn { SQLColumn(name, table: table) }

    /// `RegionCodes.code(_:liesIn:)` in SQL: the codes in `column` that start with `prefix`. A prefix as a range
    /// keeps the region_code index usable on both databases (LIKE does not on SQLite's default collation);
    /// ':' is the character after '9'.
    static func region(_ column: SQLColumn, liesIn prefix: String) -> any SQLExpression {
        SQLBinaryExpression(
            SQLBinaryExpression(column, .greaterThanOrEqual, SQLBind(prefix)),
            .and,
            SQLBinaryExpression(column, .lessThan, SQLBind(prefix + ":")))
    }
}

/// The enterprise-bound tables: every table whose rows belong to one enterprise and carry its placement
/// (`region_code`, `zone_id`, `incubator_id` beside `enterprise_id`) for `ScopeFilter`. When an enterprise moves,
/// `EnterpriseMove` rewrites these columns in every table listed here; a table created with
/// `enterpriseScopeColumns()` and missing here would keep the old place, so a test compares this list with the
/// columns of the migrated database.
enum EnterpriseBoundTables {
    static let all: [String] = [
        FilingRecord.schema, ReviewDecisionRecord.schema, EnterpriseMessage.schema, StoredFile.schema,
        EnterpriseFacts.schema, EnterpriseProduct.schema, RegistryData.schema, Recognitions.schema,
        ScoreResult.schema, ExpressListEntry.schema, QualificationRecord.schema,
        DigitalAssessmentRecord.schema, AccountChangeRequest.schema,
        IPRecords.schema,
        CreditRatings.schema,
        FinanceApplication.schema,
        InnovationVouchers.schema,
    ]

    /// Tables with `region_code` and `enterprise_id` that are not scoped by them, with the reason they keep the
    /// region they were written with.
    static let exempt: [String: String] = [
        ScoreEstimate.schema: "测算批次按上传人读取，所属地区为上传表格所填",
    ]
}

extension SchemaBuilder {
    /// The columns `ScopeFilter` reads, copied from the enterprise onto every enterprise-bound table: its id
    /// (referencing `enterprises` unless the table outlives its rows' enterprises), region, zone and incubator.
    func enterpriseScopeColumns(referencingEnterprises: Bool = true) -> SchemaBuilder {
        let enterprise = referencingEnterprises
            ? field("enterprise_id", .int, .required, .references(Enterprise.schema, .id))
            : field("enterprise_id", .int, .required)
        return enterprise
            .field("region_code", .string, .required)
            .field("zone_id", .int)
            .field("incubator_id", .int)
    }
}

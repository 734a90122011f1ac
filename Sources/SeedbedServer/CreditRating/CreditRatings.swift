import Fluent
import FluentPostgresDriver
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// 知识价值信用评级 (C6, RULES.md §12): one rating per enterprise and year, computed from the approved facts of that
/// year by the scheme in effect (`CreditRatingScheme`) and stored with its explanation. Recomputing a year replaces
/// the year's ratings in the computing user's scope, so running it twice leaves the same ratings.
enum CreditRatings {
    static let schema = "credit_ratings"

    /// The scheme versions the platform knows; a rating names the one it used.
    static let schemes: [CreditRatingScheme] = [.platformDefault]

    /// The version in effect for a rating year: the latest whose `effectiveFrom` is not after the year's last day.
    static func scheme(for year: Int) -> CreditRatingScheme {
        let day = "\(year)-12-31"
        return schemes.filter { $0.effectiveFrom <= day }.max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
            ?? .platformDefault
    }

    /// The years a rating may be computed for: the platform's fact years up to last year.
    static func ratableYears(today: LocalDate) -> ClosedRange<Int> { (today.year - 10)...(today.year - 1) }

    struct Outcome: Sendable {
        var rated = 0
        var byGrade: [CreditGrade: Int] = [:]
    }

    /// Rates every active enterprise in `scope` with an approved fact row for `year`, replacing the year's ratings in
    /// the scope (an enterprise whose facts are gone loses its rating). Facts are read in one streaming pass into
    /// columns; inside one transaction (a reader sees the old ratings or the new ones, never half of each) the slots
    /// are rated `chunk` at a time and each chunk written before the next is rated — by COPY on PostgreSQL, 500 rows
    /// per INSERT on SQLite — so a national rating holds one chunk's explanations, not a million.
    static func compute(year: Int, scope: DataScope, on db: any Database, now: Date,
                        progress: @escaping @Sendable (Int, Int) async throws -> Void = { _, _ in }) async throws -> Outcome
    {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        let scheme = scheme(for: year)
        let loaded = try await FactLoader(sql: sql).load(scope: scope, factsByYear: [year: scheme.filedFactsNeeded],
                                                          details: false)
        let frame = DerivedFacts.adding(to: loaded.history.frame(year), previous: nil)
        let present = loaded.present[year] ?? []
        let slots = loaded.slots
        // Progress is reported outside the transaction: on SQLite the transaction holds the only writer, and the job's
        // progress update would wait for it.
        let expected = present.prefix(slots.count).reduce(0) { $0 + ($1 ? 1 : 0) }
        try await progress(0, expected)
        let outcome = try await db.transaction { transaction -> Outcome in
            guard let sql = transaction as? any SQLDatabase else { return Outcome() }
            try await sql.delete(from: SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("c")))
                .where(SQLColumn("year", table: "c"), .equal, SQLBind(year))
                .where(ScopeFilter(scope, table: "c"))
                .run()
            let postgres = BulkWriter.postgres(transaction)
            var outcome = Outcome()
            for start in stride(from: 0, to: slots.count, by: chunk) {
                let range = start..<min(slots.count, start + chunk)
                var rows: [CopyRow] = []
                rows.reserveCapacity(range.count)
                for (offset, rating) in scheme.records(frame, rated: present, slots: range).enumerated() {
                    guard let rating else { continue }
                    let slot = slots[range.lowerBound + offset]
                    outcome.rated += 1
                    outcome.byGrade[rating.grade, default: 0] += 1
                    rows.append(CopyRow(enterpriseID: slot.id, regionCode: slot.regionCode, zoneID: slot.zoneID,
                                        incubatorID: slot.incubatorID, total: rating.total,
                                        grade: rating.grade.rawValue, creditLine: rating.creditLine,
                                        breakdown: rating.json()))
                }
                try await write(rows, year: year, scheme: scheme, now: now, sql: sql, postgres: postgres)
            }
            return outcome
        }
        try await progress(outcome.rated, outcome.rated)
        return outcome
    }

    /// Slots rated and written at a time.
    static let chunk = 20_000

    /// One chunk of ratings into the table: one COPY (`BulkWriter`) on PostgreSQL, 500 rows per INSERT elsewhere.
    private static func write(_ rows: [CopyRow], year: Int, scheme: CreditRatingScheme, now: Date,
                              sql: any SQLDatabase, postgres: (any PostgresDatabase)?) async throws
    {
        guard !rows.isEmpty else { return }
        let (schemeID, version) = (scheme.id, scheme.version)
        if let postgres {
            try await BulkWriter.copy(rows, into: schema, columns: copyColumns, on: postgres) { row, out in
                try out.integer(row.enterpriseID)
                try out.text(row.regionCode)
                try out.integer(row.zoneID)
                try out.integer(row.incubatorID)
                try out.integer(year)
                try out.text(schemeID)
                try out.integer(version)
                try out.double(row.total)
                try out.text(row.grade)
                try out.integer(row.creditLine)
                try out.text(row.breakdown)
                try out.timestamp(now)
            }
            return
        }
        for batch in rows.chunked(into: 500) {
            let values: [[any SQLExpression]] = batch.map { row in
                [SQLBind(row.enterpriseID), SQLBind(row.regionCode), SQLBind(row.zoneID), SQLBind(row.incubatorID),
                 SQLBind(year), SQLBind(schemeID), SQLBind(version), SQLBind(row.total), SQLBind(row.grade),
                 SQLBind(row.creditLine), SQLBind(row.breakdown), SQLBind(now)]
            }
            guard let first = values.first else { continue }
            try await sql.insert(into: schema)
                .columns(["enterprise_id", "region_code", "zone_id", "incubator_id", "year", "scheme_id",
                          "scheme_version", "total", "grade", "credit_line", "breakdown", "computed_at"])
                .values(first).rows(values.dropFirst())
                .run()
        }
    }

    /// One rating as PostgreSQL's COPY writes it.
    private struct CopyRow: Sendable {
        let enterpriseID: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let total: Double
        let grade: String
        let creditLine: Int
        let breakdown: String
    }

    private static let copyColumns: [CopyColumn] = [
        .integer("enterprise_id"), .text("region_code"), .integer("zone_id"), .integer("incubator_id"), .integer("year"),
        .text("scheme_id"), .integer("scheme_version"), .double("total"), .text("grade"), .integer("credit_line"),
        .text("breakdown"), .timestamp("computed_at"),
    ]

    /// The years rated in `scope`, newest first.
    static func years(scope: DataScope, on db: any Database) async throws -> [Int] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().distinct().column(SQLColumn("year", table: "c"))
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("c")))
            .where(ScopeFilter(scope, table: "c"))
            .orderBy(SQLOrderBy(expression: SQLColumn("year", table: "c"), direction: SQLDirection.descending))
            .all(decodingColumn: "year", as: Int.self)
    }

    /// One stored rating, with its enterprise.
    struct Stored: Decodable, Sendable {
        let enterpriseID: Int
        let enterpriseName: String
        let uscc: String
        let regionCode: String
        let year: Int
        let schemeID: String
        let schemeVersion: Int
        let total: Double
        let grade: CreditGrade
        let creditLine: Int
        let breakdown: String
        let computedAt: Date

        enum CodingKeys: String, CodingKey {
            case uscc, year, total, grade, breakdown
            case enterpriseID = "enterprise_id"
            case enterpriseName = "enterprise_name"
            case regionCode = "region_code"
            case schemeID = "scheme_id"
            case schemeVersion = "scheme_version"
            case creditLine = "credit_line"
            case computedAt = "computed_at"
        }

        var rating: CreditRating? { CreditRating.decode(breakdown, scheme: scheme) }
        var scheme: CreditRatingScheme? { schemes.first { $0.id == schemeID && $0.version == schemeVersion } }
    }

    /// One enterprise's rating of one year, if the scope sees it.
    static func stored(enterpriseID: Int, year: Int, scope: DataScope, on db: any Database) async throws -> Stored? {
        try await storedQuery(scope: scope, on: db)?
            .where(SQLColumn("enterprise_id", table: "c"), .equal, SQLBind(enterpriseID))
            .where(SQLColumn("year", table: "c"), .equal, SQLBind(year))
            .first(decoding: Stored.self)
    }

    /// One enterprise's ratings, newest year first (the scope decides whether any are seen).
    static func stored(enterpriseID: Int, scope: DataScope, on db: any Database) async throws -> [Stored] {
        try await storedQuery(scope: scope, on: db)?
            .where(SQLColumn("enterprise_id", table: "c"), .equal, SQLBind(enterpriseID))
            .orderBy(SQLOrderBy(expression: SQLColumn("year", table: "c"), direction: SQLDirection.descending))
            .all(decoding: Stored.self) ?? []
    }

    private static func storedQuery(scope: DataScope, on db: any Database) -> SQLSelectBuilder? {
        guard let sql = db as? any SQLDatabase else { return nil }
        return sql.select()
            .column(SQLColumn("enterprise_id", table: "c")).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("uscc", table: "e")).column(SQLColumn("region_code", table: "c"))
            .column(SQLColumn("year", table: "c")).column(SQLColumn("scheme_id", table: "c"))
            .column(SQLColumn("scheme_version", table: "c")).column(SQLColumn("total", table: "c"))
            .column(SQLColumn("grade", table: "c")).column(SQLColumn("credit_line", table: "c"))
            .column(SQLColumn("breakdown", table: "c")).column(SQLColumn("computed_at", table: "c"))
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "c"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "c"))
    }
}

/// The `credit_ratings` table: an enterprise-bound table (scope columns copied from the enterprise), one row per
/// enterprise and year.
struct CreateCreditRatings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CreditRatings.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("year", .int, .required)
            .field("scheme_id", .string, .required)
            .field("scheme_version", .int, .required)
            .field("total", .double, .required)
            .field("grade", .string, .required)
            .field("credit_line", .int, .required)
            .field("breakdown", .string, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "enterprise_id", "year")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "credit_ratings_year_grade").on(CreditRatings.schema).column("year").column("grade").run()
        try await sql.create(index: "credit_ratings_region").on(CreditRatings.schema).column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CreditRatings.schema).delete()
    }
}

/// 重新评级 in the background: rates one year in the owner's scope.
struct CreditRatingJob: JobHandler {
    static let kind = "credit.rating"
    var kind: String { Self.kind }

    struct Payload: Codable, Sendable { let year: Int }

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        try await context.progress(done: 0, total: 1, message: "正在读取 \(payload.year) 年度企业数据……")
        let outcome = try await CreditRatings.compute(year: payload.year, scope: context.owner.scope, on: context.db,
                                                      now: context.now()) { done, total in
            try await context.progress(done: done, total: max(total, 1), message: "正在写入评级结果……")
        }
        var figures: [JobResultView.Figure] = [.init(label: "评级企业数", value: outcome.rated.formatted())]
        figures += CreditGrade.allCases.map { .init(label: $0.label, value: (outcome.byGrade[$0] ?? 0).formatted()) }
        return JobOutcome(
            result: JobResultView(figures: figures, actions: [.init(label: "查看评级列表", href: "\(Page.creditRatings.path)?year=\(payload.year)",
                                                                  method: "get", style: "primary")],
                                  notes: ["按已审核的 \(payload.year) 年度企业数据计算；没有该年度数据的企业不评级。"]).encoded(),
            message: "\(payload.year) 年度知识价值信用评级完成，共 \(outcome.rated.formatted()) 家企业")
    }
}

/// `seedbed credit-rating compute --year Y`: rates a year for every enterprise.
struct CreditRatingCommand: AsyncCommandGroup {
    var help: String { "知识价值信用评级（compute：按年度计算全部企业的评级）" }

    var commands: [String: any AnyAsyncCommand] {
        ["compute": CreditRatingComputeCommand()]
    }
}

struct CreditRatingComputeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "year", help: "评级年度（默认上一年度）")
        var year: Int?
    }

    var help: String { "按已审核的年度企业数据计算知识价值信用评级（重复执行结果相同）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Maintenance.prepareDatabase(app)
        try await app.autoMigrate()
        let today = LocalDate(chinaTimeOf: app.clock.now())
        let year = signature.year ?? today.year - 1
        guard CreditRatings.ratableYears(today: today).contains(year) else {
            context.console.error("评级年度须在 \(CreditRatings.ratableYears(today: today).lowerBound)–\(today.year - 1) 之间")
            return
        }
        let outcome = try await CreditRatings.compute(year: year, scope: .all, on: app.db, now: app.clock.now())
        let grades = CreditGrade.allCases.map { "\($0.rawValue) 级 \(outcome.byGrade[$0] ?? 0)" }.joined(separator: "，")
        context.console.print("\(year) 年度知识价值信用评级完成：\(outcome.rated) 家企业（\(grades)）")
    }
}

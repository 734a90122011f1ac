import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A recognition an enterprise holds (认定): a 高新技术企业 certificate or a 科技型中小企业 registration number,
/// with its date and validity. Loaded through the import kind "认定名单"; the recognition libraries and every
/// condition that asks whether an enterprise holds a title read it (through the profile's validity columns).
enum RecognitionKind: String, CaseIterable, Sendable, Codable {
    case hightech
    case techSME = "tech_sme"

    var label: String {
        switch self {
        case .hightech: "高新技术企业"
        case .techSME: "科技型中小企业"
        }
    }

    /// What people write in a 认定名单 for this kind.
    var spellings: [String] {
        switch self {
        case .hightech: ["高新技术企业", "高企", "高新技术企业认定"]
        case .techSME: ["科技型中小企业", "科技型企业", "科小", "科技型中小企业评价入库"]
        }
    }

    var title: RuleTitle {
        switch self {
        case .hightech: .hightech
        case .techSME: .techSME
        }
    }

    /// The library that lists the holders.
    var library: LibraryID {
        switch self {
        case .hightech: .hightechRecognized
        case .techSME: .techSMERecognized
        }
    }

    init?(library: LibraryID) {
        guard let kind = RecognitionKind.allCases.first(where: { $0.library == library }) else { return nil }
        self = kind
    }

    init?(label: String) {
        let text = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kind = RecognitionKind.allCases.first(where: { $0.spellings.contains(text) || $0.rawValue == text })
        else { return nil }
        self = kind
    }

    /// The last day a recognition issued on `issued` is valid when the list does not say (platform default):
    /// a 高企 certificate three years from its date (RULES.md §10), a 科技型中小企业 registration to the end of its
    /// year.
    func defaultValidUntil(issued: RuleDate) -> RuleDate {
        switch self {
        case .hightech:
            RuleDate(daysSince1970: issued.addingYears(3).daysSince1970 - 1)
        case .techSME:
            RuleDate(daysSince1970: Recognitions.firstDayOfYear(issued.year + 1).daysSince1970 - 1)
        }
    }
}

/// One recognition as lists and the 查看 page show it.
struct RecognitionRecord: Sendable, Equatable {
    let enterpriseID: Int
    let kind: RecognitionKind
    let certificateNo: String
    /// `yyyy-MM-dd`.
    let issuedOn: String
    let validUntil: String
    let source: String

    var sourceLabel: String { source == Recognitions.importSource ? "认定名单导入" : "年报填报" }

    /// Whether it is valid on `date` (both ends inclusive); unreadable dates are not valid.
    func isValid(on date: RuleDate) -> Bool {
        guard let from = try? RuleDate(iso: issuedOn), let until = try? RuleDate(iso: validUntil) else { return false }
        return from <= date && date <= until
    }
}

/// Reads and writes the `recognitions` table, always through the caller's data scope.
enum Recognitions {
    static let schema = "recognitions"
    static let importSource = "import"

    static func firstDayOfYear(_ year: Int) -> RuleDate {
        (try? RuleDate(year: min(max(year, 1), 9999), month: 1, day: 1)) ?? RuleDate(daysSince1970: 0)
    }

    struct Row: Sendable {
        let enterpriseID: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let kind: RecognitionKind
        let certificateNo: String
        let issuedOn: String
        let validUntil: String
    }

    /// Writes recognitions (an import's chunk): a certificate already on file (same kind and number) is replaced,
    /// so importing the same list twice changes nothing. Multi-row INSERT inside the caller's transaction.
    static func upsert(_ rows: [Row], source: String, on sql: any SQLDatabase, now: Date) async throws {
        for chunk in rows.chunked(into: 500) {
            for kind in RecognitionKind.allCases {
                let numbers = chunk.filter { $0.kind == kind }.map(\.certificateNo)
                guard !numbers.isEmpty else { continue }
                try await sql.delete(from: schema).where("kind", .equal, kind.rawValue)
                    .where("certificate_no", .in, numbers).run()
            }
            let values: [[any SQLExpression]] = chunk.map { row in
                [SQLBind(row.enterpriseID), SQLBind(row.regionCode), SQLBind(row.zoneID), SQLBind(row.incubatorID),
                 SQLBind(row.kind.rawValue), SQLBind(row.certificateNo), SQLBind(row.issuedOn), SQLBind(row.validUntil),
                 SQLBind(source), SQLBind(now), SQLBind(now)]
            }
            guard let first = values.first else { continue }
            try await sql.insert(into: schema)
                .columns("enterprise_id", "region_code", "zone_id", "incubator_id", "kind", "certificate_no",
                         "issued_on", "valid_until", "source", "created_at", "updated_at")
                .values(first).rows(values.dropFirst()).run()
        }
    }

    /// The recognitions of these enterprises (scoped), newest first per enterprise.
    static func records(of enterpriseIDs: [Int], kind: RecognitionKind? = nil, scope: DataScope,
                        on sql: any SQLDatabase) async throws -> [Int: [RecognitionRecord]] {
        guard !enterpriseIDs.isEmpty else { return [:] }
        var result: [Int: [RecognitionRecord]] = [:]
        for chunk in enterpriseIDs.chunked(into: 1000) {
            var query = sql.select().columns("enterprise_id", "kind", "certificate_no", "issued_on", "valid_until", "source")
                .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("r")))
                .where(ScopeFilter(scope, table: "r"))
                .where("enterprise_id", .in, Array(chunk))
            if let kind { query = query.where("kind", .equal, kind.rawValue) }
            for row in try await query.orderBy("issued_on", .descending).all() {
                guard let record = decode(row) else { continue }
                result[record.enterpriseID, default: []].append(record)
            }
        }
        return result
    }

    /// Validity on `date` of every slot's 高企 and 科技型中小企业 recognitions, as profile columns: 1 valid, 0 on
    /// file but not valid that day, −1 nothing on file (rules then read the year's annual-report flag).
    static func validity(slots: [Int: Int], count: Int, scope: DataScope, on date: RuleDate,
                         sql: any SQLDatabase) async throws -> (hightech: [Int8], techSME: [Int8]) {
        var hightech = [Int8](repeating: -1, count: count)
        var techSME = [Int8](repeating: -1, count: count)
        let rows = try await sql.select().columns("enterprise_id", "kind", "certificate_no", "issued_on", "valid_until", "source")
            .from(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("r")))
            .where(ScopeFilter(scope, table: "r")).all()
        for row in rows {
            guard let record = decode(row), let slot = slots[record.enterpriseID], slot < count else { continue }
            let valid: Int8 = record.isValid(on: date) ? 1 : 0
            switch record.kind {
            case .hightech: hightech[slot] = max(hightech[slot], valid)
            case .techSME: techSME[slot] = max(techSME[slot], valid)
            }
        }
        return (hightech, techSME)
    }

    private static func decode(_ row: any SQLRow) -> RecognitionRecord? {
        guard let id = try? row.decode(column: "enterprise_id", as: Int.self),
              let kind = (try? row.decode(column: "kind", as: String.self)).flatMap(RecognitionKind.init(rawValue:)),
              let number = try? row.decode(column: "certificate_no", as: String.self),
              let issued = try? row.decode(column: "issued_on", as: String.self),
              let until = try? row.decode(column: "valid_until", as: String.self)
        else { return nil }
        return RecognitionRecord(enterpriseID: id, kind: kind, certificateNo: number, issuedOn: issued,
                                 validUntil: until, source: (try? row.decode(column: "source", as: String.self)) ?? "")
    }
}

/// The `recognitions` table: scope columns copied from the enterprise like every enterprise-bound table.
struct CreateRecognitions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Recognitions.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("kind", .string, .required)
            .field("certificate_no", .string, .required)
            .field("issued_on", .string, .required)
            .field("valid_until", .string, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "kind", "certificate_no")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "recognitions_enterprise").on(Recognitions.schema).column("enterprise_id").run()
        try await sql.create(index: "recognitions_region").on(Recognitions.schema).column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Recognitions.schema).delete()
    }
}

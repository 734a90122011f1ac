import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Reads and writes the `recognitions` table, always through the caller's data scope.
enum Recognitions {
    static let schema = "recognitions"
    static let importSource = "import"

    static func firstDayOfYear(_ year: Int) -> LocalDate {
        (try? LocalDate(year: min(max(year, 1), 9999), month: 1, day: 1)) ?? LocalDate(daysSince1970: 0)
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
                try await sql.delete(from: schema).where("kind", .equal, kind)
                    .where("certificate_no", .in, numbers).run()
            }
            let values: [[any SQLExpression]] = chunk.map { row in
                [SQLBind(row.enterpriseID), SQLBind(row.regionCode), SQLBind(row.zoneID), SQLBind(row.incubatorID),
                 SQLBind(row.kind), SQLBind(row.certificateNo), SQLBind(row.issuedOn), SQLBind(row.validUntil),
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
            if let kind { query = query.where("kind", .equal, kind) }
            for row in try await query.orderBy("issued_on", .descending).all() {
                guard let record = decode(row) else { continue }
                result[record.enterpriseID, default: []].append(record)
            }
        }
        return result
    }

    /// Validity on `date` of every slot's 高企 and 科技型中小企业 recognitions, as profile columns: 1 valid, 0 on
    /// file but not valid that day, −1 nothing on file (rules then read the year's annual-report flag).
    static func validity(slots: [Int: Int], count: Int, scope: DataScope, on date: LocalDate,
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
            case .innovativeSME, .specializedSME, .littleGiant: break
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

import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// A data row as read from the upload: its 1-based row number and its cells.
struct ImportRow: Sendable {
    let number: Int
    let cells: [RawValue]
}

/// How one row came out of validation: values to stage, or the cells that are wrong and why.
enum ImportRowOutcome: Sendable {
    case valid([FieldID: FieldValue])
    case invalid(problems: [Int: String], reason: String)
}

/// The validation context of a batch: who imports (with their scope) and what was seen earlier in the file.
final class ImportContext: @unchecked Sendable {
    let owner: CurrentUser
    let db: any Database
    let validator: FieldValidator
    /// Keys (e.g. credit codes) already seen in this file, with the row that had them.
    var seen: [String: Int] = [:]
    /// Region codes of zones and incubators, for kinds that place enterprises (loaded once per batch).
    let placementRegions: [Int: String]

    init(owner: CurrentUser, db: any Database, validator: FieldValidator, placementRegions: [Int: String] = [:]) {
        self.owner = owner
        self.db = db
        self.validator = validator
        self.placementRegions = placementRegions
    }
}

/// One kind of import (企业名录 and 工商数据 now; 火炬统计数据, 测算, 认定名单 later). Everything else — upload,
/// template download, job, summary, error report, confirmation, all-or-nothing commit — is shared.
protocol ImportKind: Sendable {
    var id: String { get }
    var title: String { get }
    /// Who may use it.
    var roles: Set<Role> { get }
    /// Lines of the template's 填写说明 sheet.
    var instructions: [String] { get }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn]
    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext
    /// Validates a chunk of rows (kinds look up existing data a chunk at a time). `header` maps each template
    /// column header to its position in the upload.
    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws -> [ImportRowOutcome]
    /// Writes the staged rows inside the caller's transaction; returns how many were written. Throwing rolls
    /// back the whole batch.
    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int
    /// The same, for kinds whose written rows belong to the batch (测算记录).
    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, batchID: Int, on db: any Database, now: Date)
        async throws -> Int
    /// Where the finished commit job points to.
    func committedActions(batchID: Int) -> [JobResultView.Action]
    /// The kind with what it needs besides the database to commit (企业导入 seals contact phones).
    func prepared(on app: Application) throws -> Self
}

extension ImportKind {
    func prepared(on app: Application) throws -> Self { self }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, batchID: Int, on db: any Database, now: Date)
        async throws -> Int
    {
        try await commit(rows, owner: owner, on: db, now: now)
    }

    func committedActions(batchID: Int) -> [JobResultView.Action] {
        [.init(label: "返回导入", href: "/imports", method: "get", style: "secondary")]
    }
}

/// The import kinds, by id.
enum ImportKinds {
    static let all: [String: any ImportKind] = {
        let kinds: [any ImportKind] = [
            EnterpriseImport(), RegistryImport(), RecognitionImport(), EstimationImport(), TorchStatisticsImport(),
            IPImport(),
            VoucherImport(),
        ]
        return Dictionary(kinds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }()

    /// Column headers as people type them: without the red star, spaces or unit.
    static func normalise(_ header: String) -> String {
        var text = header.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{3000}", with: "")
        if let paren = text.firstIndex(where: { $0 == "（" || $0 == "(" }) { text = String(text[..<paren]) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

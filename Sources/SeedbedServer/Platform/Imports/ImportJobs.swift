import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Validates an uploaded workbook row by row: valid rows are staged to a file, invalid ones go to the error
/// report with their wrong cells marked. Nothing reaches the target tables.
struct ImportValidationJob: JobHandler {
    static let kind = "import.validate"
    var kind: String { Self.kind }

    struct Payload: Codable, Sendable { let batchID: Int }

    static let chunkSize = 1000

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        let db = context.db
        guard let batch = try await ImportBatch.find(payload.batchID, on: db), let batchID = batch.id,
              let kind = ImportKinds.all[batch.kind], kind.roles.contains(context.owner.role),
              let source = try await StoredFile.find(batch.sourceFileID, on: db),
              let url = try await context.application.fileStore.open(sha256: source.sha256, on: db)
        else { throw AppError.notFound("导入批次或上传文件不存在") }
        do {
            return try await validate(batch, id: batchID, kind: kind, url: url, context: context)
        } catch {
            batch.status = .failed
            batch.message = (error as? any CodedError)?.message ?? "文件校验失败"
            try? await batch.save(on: db)
            throw error
        }
    }

    private func validate(_ batch: ImportBatch, id batchID: Int, kind: any ImportKind, url: URL, context: JobContext)
        async throws -> JobOutcome
    {
        let app = context.application
        let db = context.db
        let reader = try app.spreadsheets.openRows(url)
        let expected = max(reader.rowCount - 1, 0)
        try await context.progress(done: 0, total: expected, message: "正在校验 \(expected.formatted()) 行……")
        let columns = try await kind.columns(for: context.owner, on: db)

        guard let headerRow = try reader.next() else { throw SpreadsheetProblem(message: "文件中没有任何内容，请使用平台下载的模板填写") }
        let headerTexts = headerRow.cells.map(\.display)
        var header: [String: Int] = [:]
        for (index, text) in headerTexts.enumerated() where header[ImportKinds.normalise(text)] == nil {
            header[ImportKinds.normalise(text)] = index
        }
        let missing = columns.filter { $0.required && header[ImportKinds.normalise($0.header)] == nil }.map(\.header)
        guard missing.isEmpty else {
            throw SpreadsheetProblem(message: "缺少必填列：\(missing.joined(separator: "、"))。请使用平台下载的模板，不要修改表头")
        }

        let importContext = try await kind.makeContext(owner: context.owner, on: db)
        let temp = FileManager.default.temporaryDirectory
        let stagedURL = temp.appendingPathComponent("seedbed-staged-\(UUID().uuidString).jsonl")
        let errorURL = temp.appendingPathComponent("seedbed-errors-\(UUID().uuidString).xlsx")
        defer {
            try? FileManager.default.removeItem(at: stagedURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        guard FileManager.default.createFile(atPath: stagedURL.path, contents: nil) else {
            throw AppError(status: .internalServerError, code: "temp", message: "无法创建临时文件")
        }
        let staged = try FileHandle(forWritingTo: stagedURL)
        defer { try? staged.close() }
        let errors = try app.spreadsheets.errorWorkbook(errorURL, header: headerTexts)
        let encoder = JSONEncoder()
        var total = 0, valid = 0, invalid = 0
        var chunk: [ImportRow] = []

        func flush() async throws {
            guard !chunk.isEmpty else { return }
            let outcomes = try await kind.validate(chunk, header: header, context: importContext)
            for (row, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .valid(let values):
                    var line = try encoder.encode(StagedRow(row: row.number, values: values))
                    line.append(0x0A)
                    try staged.write(contentsOf: line)
                    valid += 1
                case .invalid(let problems, let reason):
                    try errors.append(rowNumber: row.number, values: row.cells, problems: problems, reason: reason)
                    invalid += 1
                }
            }
            total += chunk.count
            chunk.removeAll(keepingCapacity: true)
            try await context.progress(done: total, total: expected,
                                       message: "已校验 \(total.formatted()) / \(expected.formatted()) 行")
        }

        while let row = try reader.next() {
            chunk.append(row)
            if chunk.count >= Self.chunkSize { try await flush() }
        }
        try await flush()
        try errors.finish()
        try staged.close()
        guard total > 0 else { throw SpreadsheetProblem(message: "文件中没有数据行：请从表头下一行开始填写") }

        let files = Files(app: app, db: db)
        let expiry = context.now().addingTimeInterval(ImportBatch.confirmWindow)
        if valid > 0 {
            batch.stagedFileID = try await files.keep(stagedURL, name: "staged", purpose: "import-staged",
                                                      owner: context.owner.id, allowed: nil, expiresAt: expiry,
                                                      kindOverride: .staged).id
        }
        if invalid > 0 {
            batch.errorFileID = try await files.keep(errorURL, name: "\(kind.title)-错误报告.xlsx", purpose: "import-errors",
                                                     owner: context.owner.id, allowed: [.xlsx], expiresAt: expiry).id
        }
        batch.totalRows = total
        batch.validRows = valid
        batch.invalidRows = invalid
        // A batch with nothing valid has nothing to confirm: it ends here instead of waiting as 待确认.
        batch.status = valid > 0 ? .validated : .failed
        batch.message = valid == 0 ? "全部 \(total) 行有误，没有可导入的数据：请下载错误报告，修改后重新上传"
            : invalid == 0 ? "全部 \(total) 行校验通过" : "\(valid) 行有效，\(invalid) 行有误"
        try await batch.save(on: db)

        var view = JobResultView(figures: [
            .init(label: "数据行", value: total.formatted()), .init(label: "有效", value: valid.formatted()),
            .init(label: "有误", value: invalid.formatted()),
        ])
        if invalid > 0 {
            view.actions.append(.init(label: "下载错误报告", href: "/imports/batches/\(batchID)/errors", method: "get",
                                      style: "secondary"))
            view.notes.append("错误报告中标红的单元格附有批注说明原因，最后一列为错误原因；修改后可重新上传。")
        }
        if valid > 0 {
            view.actions.append(.init(label: "确认导入 \(valid.formatted()) 条有效数据", href: "/imports/batches/\(batchID)/confirm",
                                      method: "post", style: "primary",
                                      confirm: "确认将 \(valid) 条有效数据写入平台吗？有误的 \(invalid) 行不会导入。"))
            view.notes.append("确认前不会写入任何数据；确认后这一批作为一个整体写入，要么全部成功，要么全部不写入。")
        }
        view.actions.append(.init(label: "重新上传", href: "/imports/\(kind.id)", method: "get", style: "secondary"))
        return JobOutcome(result: view.encoded(), outputFileID: nil,
                          message: "校验完成：\(valid.formatted()) 行有效，\(invalid.formatted()) 行有误")
    }
}

/// A validated row waiting for confirmation.
struct StagedRow: Codable, Sendable {
    let row: Int
    let values: [FieldID: FieldValue]
}

/// Writes a confirmed batch in one transaction: all of it, or none of it.
struct ImportCommitJob: JobHandler {
    static let kind = "import.commit"
    var kind: String { Self.kind }

    struct Payload: Codable, Sendable { let batchID: Int }

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        let db = context.db
        guard let batch = try await ImportBatch.find(payload.batchID, on: db),
              let listed = ImportKinds.all[batch.kind], listed.roles.contains(context.owner.role),
              let stagedID = batch.stagedFileID, let staged = try await StoredFile.find(stagedID, on: db),
              let url = try await context.application.fileStore.open(sha256: staged.sha256, on: db)
        else { throw AppError.notFound("待导入的数据不存在或已过期，请重新上传") }
        let kind = try listed.prepared(on: context.application)
        let expected = batch.validRows
        try await context.progress(done: 0, total: expected, message: "正在写入 \(expected.formatted()) 条数据……")
        let owner = context.owner
        let now = context.now()
        let batchID = payload.batchID
        let written: Int
        do {
            // Progress is not reported inside the transaction: on SQLite a second writer would wait on it.
            written = try await db.transaction { transaction in
                var count = 0
                let lines = try LineReader(url: url)
                let decoder = JSONDecoder()
                var chunk: [[FieldID: FieldValue]] = []
                while let line = try lines.next() {
                    chunk.append(try decoder.decode(StagedRow.self, from: line).values)
                    if chunk.count == 1000 {
                        count += try await kind.commit(chunk, owner: owner, batchID: batchID, on: transaction, now: now)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                count += try await kind.commit(chunk, owner: owner, batchID: batchID, on: transaction, now: now)
                try await DashboardVersion.bump(on: transaction)
                return count
            }
        } catch {
            context.logger.report(error: error)
            batch.status = .failed
            batch.message = "写入失败，整批未导入（可能有企业在校验后被他人登记），请重新上传校验"
            try await batch.save(on: db)
            throw AppError.conflict(batch.message ?? "写入失败")
        }
        batch.status = .committed
        batch.insertedRows = written
        batch.committedAt = now
        batch.message = "已导入 \(written) 条"
        try await batch.save(on: db)
        try await AuditLogger(database: db, actor: owner, ip: nil, now: now)
            .record(.create, targetType: "import:\(kind.id)", targetID: batch.id.map(String.init),
                    detail: "\(kind.title)导入 \(written) 条（文件：\(batch.fileName)）")
        let view = JobResultView(figures: [.init(label: "已写入", value: written.formatted())],
                                 actions: kind.committedActions(batchID: batchID))
        return JobOutcome(result: view.encoded(), outputFileID: nil, message: "导入完成：已写入 \(written.formatted()) 条")
    }
}

/// Reads a file line by line in 1 MiB blocks.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
    }

    deinit { try? handle.close() }

    /// The next non-empty line without its newline, or nil at the end.
    func next() throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.isEmpty { continue }
                return Data(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return buffer
            }
            if let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                buffer.append(block)
            } else {
                atEnd = true
            }
        }
    }
}

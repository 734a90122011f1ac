import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The outcome of trying a draft scheme (试算) on last year's facts against the scheme in effect: how many
/// enterprises change list or cross the line, and who moves most. Stored on the draft for its page.
struct SchemeTrial: Codable, Sendable {
    struct Mover: Codable, Sendable {
        let name: String
        let uscc: String
        let totalBefore: Double
        let totalAfter: Double
        let rankBefore: Int
        let rankAfter: Int
        let listBefore: String?
        let listAfter: String?
    }

    let at: Date
    let year: Int
    let baseName: String
    let enterprises: Int
    let movedUp: Int
    let movedDown: Int
    let gainedLine: Int
    let lostLine: Int
    /// List names before (rows) and after (columns), each with "未上榜" last, and the counts between them.
    let listsBefore: [String]
    let listsAfter: [String]
    let transitions: [[Int]]
    let risers: [Mover]
    let fallers: [Mover]

    var movedTiers: Int { movedUp + movedDown }
}

/// Runs a trial as a job: the draft and the scheme in effect score the same facts of the owner's enterprises.
struct SchemeTrialJob: JobHandler {
    static let kind = "points.trial"
    var kind: String { Self.kind }

    struct Payload: Codable, Sendable {
        let schemeRecordID: Int
        let year: Int
    }

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        let db = context.db
        guard let record = try await SchemeRecord.find(payload.schemeRecordID, on: db), let recordID = record.id,
              PointsAccess(context.owner).manages(owner: record.ownerOrgID), let sql = db as? any SQLDatabase
        else { throw AppError.notFound("积分方案不存在或不属于您") }
        let draft = try record.scheme()
        let base = try await SchemeCatalog(db: db).inEffect(owner: record.ownerOrgID, on: LocalDate(chinaTimeOf: context.now()))
        let baseScheme = try base?.scheme() ?? InnovationScheme.platformDefault
        try await context.progress(done: 0, total: 3, message: "正在读取 \(payload.year) 年度事实数据……")
        let facts = try await ScoringFacts.load(sql: sql, scope: context.owner.scope, year: payload.year,
                                                schemes: [draft, baseScheme])
        try await context.progress(done: 1, total: 3, message: "正在按现行方案与草稿分别计算 \(facts.count.formatted()) 家企业……")
        let before = try facts.score(baseScheme).result
        let after = try facts.score(draft).result
        let comparison = try ScoreComparison(before: before, after: after)
        let risers = comparison.topRisers(limit: 10)
        let fallers = comparison.topFallers(limit: 10)
        let moverIDs = (risers + fallers).map { facts.slots[$0.slot].id }
        let named = moverIDs.isEmpty ? [] : try await Enterprise.query(on: db).filter(\.$id ~~ moverIDs).all()
        let names = Dictionary(named.compactMap { enterprise in enterprise.id.map { ($0, enterprise) } },
                               uniquingKeysWith: { first, _ in first })
        func movers(_ moves: [ScoreMove]) -> [SchemeTrial.Mover] {
            moves.map { move in
                let enterprise = names[facts.slots[move.slot].id]
                return SchemeTrial.Mover(name: enterprise?.name ?? "", uscc: enterprise?.uscc ?? "", totalBefore: move.totalBefore,
                                         totalAfter: move.totalAfter, rankBefore: move.rankBefore,
                                         rankAfter: move.rankAfter, listBefore: move.listBefore,
                                         listAfter: move.listAfter)
            }
        }
        let trial = SchemeTrial(
            at: context.now(), year: payload.year, baseName: "\(baseScheme.name)（第 \(baseScheme.version) 版）",
            enterprises: facts.count, movedUp: comparison.movedUp, movedDown: comparison.movedDown,
            gainedLine: comparison.gainedLine, lostLine: comparison.lostLine,
            listsBefore: baseScheme.tiers.lists.map(\.name) + ["未上榜"], listsAfter: draft.tiers.lists.map(\.name) + ["未上榜"],
            transitions: comparison.transitions, risers: movers(risers), fallers: movers(fallers))
        try await context.progress(done: 2, total: 3, message: "正在保存试算结果……")
        record.trial = String(decoding: try JSONEncoder().encode(trial), as: UTF8.self)
        try await record.save(on: db)
        let view = JobResultView(figures: [
            .init(label: "参与试算企业", value: facts.count.formatted()),
            .init(label: "榜单变化企业", value: trial.movedTiers.formatted()),
            .init(label: "上升 / 下降", value: "\(trial.movedUp.formatted()) / \(trial.movedDown.formatted())"),
        ], actions: [.init(label: "查看试算结果", href: "/points/schemes/\(recordID)#trial", method: "get", style: "primary")])
        return JobOutcome(result: view.encoded(), outputFileID: nil,
                          message: "试算完成：\(trial.movedTiers.formatted()) 家企业的榜单发生变化")
    }
}

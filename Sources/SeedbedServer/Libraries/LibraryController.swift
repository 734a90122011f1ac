import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// 培育库 pages (seed 004 §6–§8): one list per library with its query bar and 设置条件参数, 查看 of one enterprise
/// with every condition's numbers, export through the shared list path; and the enterprise's own view of where it
/// stands (企业端“我的培育库”). Evaluation always runs over the signed-in user's data scope only.
struct LibraryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let libraries = routes.grouped(Page.libraries)
        libraries.get(":library", use: page)
        libraries.get(":library", ":id", use: detail)
        routes.grouped(Page.myLibraries).get(use: mine)
    }

    private func makeList(_ req: Request, for user: CurrentUser) async throws -> LibraryList {
        guard let spec = req.parameters.get("library").flatMap(LibraryPageSpec.find),
              let list = LibraryList(spec: spec, now: req.now)
        else { throw AppError.notFound("没有这个培育库") }
        return try await list.configured(for: user).prepared(on: req.application)
    }

    @Sendable func page(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        var list = try await makeList(req, for: user)
        let filter = list.filter(from: req.queryDictionary)
        list.detailQuery = URLQuery.encode(list.queryItems(filter))
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let evaluation = try await list.evaluation(filter, scope: user.scope, on: req.db)
        let options = try await FilterOptions.load(for: user, on: req.db, zones: false)
        let regions = options.counties.isEmpty ? options.regions : options.counties
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(list.title, context, LibraryViews.page(
            list, page: page, filter: filter, evaluation: evaluation, regions: regions,
            viewer: ListViewer(role: user.role))))
    }

    @Sendable func detail(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = try await makeList(req, for: user)
        let id = try req.requireID()
        // Out of scope reads as absent, exactly like a missing id.
        guard let enterprise = try await EnterpriseQuery.find(id, on: req.db, scope: user.scope) else {
            throw AppError.notFound()
        }
        let filter = list.filter(from: req.queryDictionary)
        let evaluation = try await list.evaluation(filter, scope: user.scope, on: req.db)
        guard let slot = evaluation.slot(of: id, in: user.scope) else {
            throw AppError.notFound("该企业当前不是正常状态，不参与培育库评价")
        }
        let explanation = try evaluation.explain(slot)
        var certificates: [RecognitionRecord] = []
        if let kind = list.spec.recognition, let sql = req.db as? any SQLDatabase {
            certificates = try await Recognitions.records(of: [id], kind: kind, scope: user.scope, on: sql)[id] ?? []
        }
        let position = evaluation.rows.firstIndex(of: slot)
        let previous = position.flatMap { $0 > 0 ? evaluation.base.slots.id(at: evaluation.rows[$0 - 1]) : nil }
        let next = position.flatMap {
            $0 + 1 < evaluation.rows.count ? evaluation.base.slots.id(at: evaluation.rows[$0 + 1]) : nil
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("\(enterprise.name) · \(list.title)", context, LibraryViews.detail(
            list, enterprise: enterprise, explanation: explanation, evaluation: evaluation, certificates: certificates,
            previous: previous, next: next, query: URLQuery.encode(list.queryItems(filter)))))
    }

    /// 我的培育库: the enterprise's own standing in every library, and the four evaluators' verdicts — computed
    /// over its own data only (its scope is itself).
    @Sendable func mine(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let id = user.enterpriseID, let sql = req.db as? any SQLDatabase else {
            throw AppError.notFound("您的账号尚未关联企业，请联系平台管理员")
        }
        let today = LocalDate(chinaTimeOf: req.now)
        let years = try await LibraryData.years(scope: user.scope, on: sql)
        let asked = req.queryDictionary["year"].flatMap { Int($0) }
        let year = asked.flatMap { years.contains($0) ? $0 : nil } ?? years.first ?? (today.year - 1)
        let date = LibraryData.evaluationDate(year: year, today: today)
        let data = try await LibraryData.load(scope: user.scope, year: year, lookback: LibraryData.historyLookback,
                                              date: date, on: sql)
        let context = try await req.pageContext()
        guard let slot = data.slotOf[id] else {
            return HTMLPage(Layout.shell("我的培育库", context, LibraryViews.mineUnavailable()))
        }
        var standings: [LibraryExplanation] = []
        for library in LibraryCatalog.standard.libraries(on: date) {
            let outcome = try LibraryEvaluator.evaluate(library, input: data.input)
            standings.append(try LibraryEvaluator.explain(outcome, library: library, input: data.input, slot: slot))
        }
        let (facts, profile) = data.enterprise(at: slot)
        let verdicts: [(String, Result<ScoreVerdict, RuleError>)] = [
            ("高新技术企业预评", Self.verdict { try HightechPrescreen.evaluate(enterprise: facts, profile: profile, year: year, date: date) }),
            ("科技型中小企业评价", Self.verdict { try TechSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year, date: date) }),
            ("创新型中小企业评价", Self.verdict { try InnovativeSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year, date: date) }),
            ("专精特新中小企业评价", Self.verdict { try SpecializedSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year, date: date) }),
        ]
        return HTMLPage(Layout.shell("我的培育库", context, LibraryViews.mine(
            standings: standings, verdicts: verdicts, year: year, years: years, date: date)))
    }

    /// Runs one evaluator, keeping its refusal to show in its card instead of failing the page.
    private static func verdict(_ body: () throws -> ScoreVerdict) -> Result<ScoreVerdict, RuleError> {
        do {
            return .success(try body())
        } catch let error as RuleError {
            return .failure(error)
        } catch {
            return .failure(.invalidInput(field: "评价", reason: "未能完成"))
        }
    }
}

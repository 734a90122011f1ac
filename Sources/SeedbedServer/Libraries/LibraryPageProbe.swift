import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The library page path for `seedbed-bench library-pages`: what `LibraryController.page` computes for a scope
/// (the list's count and first page through the node's `LibraryStore`), and the scoped load and evaluation the
/// pages ran per request before the store, for comparison.
package enum LibraryPageProbe {
    /// The library ids, in menu order.
    package static var libraryIDs: [String] { LibraryPageSpec.all.map(\.id.rawValue) }

    /// One page through the store: returns the number of enterprises listed (members, the default filter).
    package static func page(_ library: String, scope: DataScope, on app: Application) async throws -> Int {
        guard let spec = LibraryPageSpec.find(library),
              let list = try await LibraryList(spec: spec, now: app.clock.now())?.prepared(on: app)
        else { throw AppError.notFound("没有这个培育库") }
        let filter = list.filter(from: [:])
        let page = try await list.page(filter, scope: scope, page: PageRequest(page: 1, per: 20), on: app.db)
        return page.info.total
    }

    /// The same page as it was computed before the store: the scope's facts loaded and the library evaluated
    /// for this request, the first page's rows read from that evaluation.
    package static func direct(_ library: String, scope: DataScope, on app: Application) async throws -> Int {
        guard let spec = LibraryPageSpec.find(library), let sql = app.db as? any SQLDatabase else {
            throw AppError.notFound("没有这个培育库")
        }
        let today = LocalDate(chinaTimeOf: app.clock.now())
        let years = try await LibraryData.years(scope: scope, on: sql)
        let year = years.first ?? (today.year - 1)
        let date = LibraryData.evaluationDate(year: year, today: today)
        let rules = try LibraryCatalog.standard.library(spec.id, on: date)
        let lookback = rules.tracksFirstQualifyingYear ? LibraryData.historyLookback : LibraryData.lookback
        let data = try await LibraryData.load(scope: scope, year: year, lookback: lookback, date: date, on: sql)
        let outcome = try LibraryEvaluator.evaluate(rules, input: data.input)
        let members = data.slots.indices.filter { outcome.status(at: $0) == .met }
        for slot in members.prefix(20) { _ = outcome.checks(at: slot, library: rules) }
        return members.count
    }

    /// The city and the county with the most active enterprises (4- and 6-digit region prefixes).
    package static func busiestRegions(on app: Application) async throws -> (city: String, county: String) {
        guard let sql = app.db as? any SQLDatabase else { return ("", "") }
        let counties = try await sql.select().column("region_code")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Enterprise.schema).where("status", .equal, EnterpriseStatus.active)
            .groupBy("region_code").all()
        var byCounty: [String: Int] = [:]
        var byCity: [String: Int] = [:]
        for row in counties {
            guard let code = try? row.decode(column: "region_code", as: String.self),
                  let n = try? row.decode(column: "n", as: Int.self), code.count >= 4
            else { continue }
            byCounty[code, default: 0] += n
            byCity[String(code.prefix(4)), default: 0] += n
        }
        let city = byCity.max { $0.value < $1.value }?.key ?? ""
        let county = byCounty.max { $0.value < $1.value }?.key ?? ""
        return (city, county)
    }

    /// Loads the platform's library data as `LibraryStore.warm` does (what the first library page after a start
    /// would otherwise wait for).
    package static func warm(on app: Application) async throws {
        try await app.libraries.warm(on: app.db)
    }

    /// Library bases and evaluations the node's store has computed so far.
    package static func storeLoads(on app: Application) async -> (bases: Int, evaluations: Int) {
        (await app.libraries.baseLoads, await app.libraries.evaluations)
    }
}

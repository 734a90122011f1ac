@testable import SeedbedBench
import SeedbedDomain
import SQLKit
import SyntheticData
import Testing

/// The benchmark's SQL must be the same conditions as the engine, or its timings compare different work: on
/// the same generated enterprises, every library's members, non-members and unknowns agree.
@Suite("培育库 SQL 对照")
struct LibrarySQLTests {
    @Test("同一批数据上每个库的 SQL 与列式引擎结论逐类一致", .enabled(if: BenchDatabase.postgresURL != nil))
    func sqlAgreesWithEngine() async throws {
        try await BenchDatabase.withPostgres { db in
            let enterprises = 3000
            let rows = try await SQLFigures.load(enterprises: enterprises, into: db)
            #expect(rows > enterprises, "three years of reports for most enterprises")
            let sql = try #require(db as? any SQLDatabase)
            let (history, profile) = LibraryDataGenerator(enterprises: enterprises, years: LibraryBenchCommand.years,
                                                          seed: LibraryBenchCommand.seed)
                .generate(asOf: LibraryBenchCommand.date)
            let input = EvaluationInput(history: history, profile: profile, year: LibraryBenchCommand.years.upperBound,
                                        date: LibraryBenchCommand.date)
            for library in LibraryCatalog.standard.libraries(on: LibraryBenchCommand.date) {
                let outcome = try LibraryEvaluator.evaluate(library, input: input)
                var compiler = try LibrarySQL(library: library, year: LibraryBenchCommand.years.upperBound,
                                              date: LibraryBenchCommand.date)
                let row = try #require(try await sql.raw(SQLQueryString(try compiler.query())).first())
                #expect(try row.decode(column: "met", as: Int.self) == outcome.count(.met), "\(library.id) met")
                #expect(try row.decode(column: "not_met", as: Int.self) == outcome.count(.notMet), "\(library.id) not met")
                #expect(try row.decode(column: "unknown", as: Int.self) == outcome.count(.unknown), "\(library.id) unknown")
                if let first = outcome.firstQualifyingYear {
                    #expect(try row.decode(column: "first_years", as: Int.self) == first.filter { $0 > 0 }.count,
                            "\(library.id) 首次符合条件")
                }
            }
        }
    }
}

extension LibraryOutcome {
    func count(_ status: RuleStatus) -> Int { membership.filter { $0 == status.rawValue }.count }
}

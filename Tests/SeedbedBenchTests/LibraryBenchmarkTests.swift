@testable import SeedbedBench
import SeedbedDomain
import Testing

@Suite("培育库评价基准")
struct LibraryBenchmarkTests {
    @Test("the benchmark evaluates every library and prints seconds and members as one JSON line")
    func benchmark() throws {
        let result = try LibraryBenchmark.run(enterprises: 2000, seed: 1)
        #expect(Set(result.seconds.keys) == Set(LibraryCatalog.standard.ids))
        #expect(result.members.values.allSatisfy { $0 >= 0 && $0 <= 2000 })
        #expect(result.members.values.contains { $0 > 0 })
        let line = LibraryBenchCommand.json(result, sql: nil)
        #expect(line.hasPrefix("{\"libraries\": {"))
        #expect(line.contains("\"members\": {"))
        #expect(line.contains("\"hightech_reserve\":"))
    }
}

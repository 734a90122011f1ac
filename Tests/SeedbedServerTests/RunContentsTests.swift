import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing

/// A run's scheme and cohort keys decoded once per process, answered again only for the very same stored text.
@Suite("积分批次内容的解码复用")
struct RunContentsTests {
    static func run(id: Int, scheme: InnovationScheme, keys: [CohortKey]) throws -> ScoringRun {
        let run = ScoringRun()
        run.id = id
        run.schemeContent = String(decoding: try scheme.encoded(), as: UTF8.self)
        run.cohortKeys = String(decoding: try JSONEncoder().encode(keys), as: UTF8.self)
        return run
    }

    @Test("同样的方案与比较组文本读回同样的内容；文本一变（同一批次号、另一数据库的同号批次）就重新解码；损坏的方案读作无")
    func decodesByContent() throws {
        let contents = RunContents()
        let keys = [CohortKey(area: "city:2102", year: 2025, stage: .growth), CohortKey(area: "zone:7", year: 2025, stage: nil)]
        let first = try Self.run(id: 1, scheme: .platformDefault, keys: keys)
        let decoded = contents.decoded(first)
        #expect(decoded.scheme == .platformDefault)
        #expect(decoded.keys == keys)
        #expect(contents.decoded(first).keys == keys)
        #expect(first.schemeName == InnovationScheme.platformDefault.name)

        var renamed = InnovationScheme.platformDefault
        renamed.name = "另一个方案"
        let other = try Self.run(id: 1, scheme: renamed, keys: Array(keys.prefix(1)))
        #expect(contents.decoded(other).scheme?.name == "另一个方案")
        #expect(contents.decoded(other).keys == Array(keys.prefix(1)))
        #expect(contents.decoded(first).scheme?.name == InnovationScheme.platformDefault.name)

        first.cohortKeys = "[]"
        #expect(contents.decoded(first).keys.isEmpty)
        first.schemeContent = "{not json"
        #expect(contents.decoded(first).scheme == nil)
        #expect(first.schemeName == "积分方案")
    }
}

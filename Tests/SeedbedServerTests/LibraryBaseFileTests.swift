import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

@Suite("培育库数据缓存文件：重启后直接使用上次加载的数据")
struct LibraryBaseFileTests {
    static func store(_ app: Application, _ directory: URL) -> LibraryStore {
        LibraryStore(settings: app.config.overview, cache: SnapshotCache(directory: directory), logger: app.logger)
    }

    static func file(_ directory: URL) -> URL { directory.appendingPathComponent(LibraryBaseFile.fileName) }

    /// `warm` writes the file off the request path: wait for it.
    static func written(_ directory: URL, instance: String? = nil) async throws -> LibraryBaseFile.Contents? {
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: file(directory).path),
               let contents = try? LibraryBaseFile.decode([UInt8](data)),
               instance == nil || contents.instance == instance { return contents }
            try await Task.sleep(for: .milliseconds(25))
        }
        return nil
    }

    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-libraries-\(UUID().uuidString)")
    }

    @Test("读回的数据与加载的逐行逐列相同，每个培育库的评价结果也相同")
    func roundTrip() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSeedbedApp { app in
            _ = try await AnalyticsTests.loadDemo(app, count: 240)
            let store = Self.store(app, directory)
            try await store.warm(on: app.db)
            let read = try #require(try await Self.written(directory))
            let base = try await store.base(year: read.base.year, date: read.base.date, on: app.db)
            let copy = read.base
            #expect(copy.version == base.version && copy.year == base.year && copy.date == base.date)
            #expect(copy.slots.count == base.slots.count && base.slots.count > 200)
            for slot in base.slots.indices {
                #expect(SlotTableTests.same(copy.slots[slot], try #require(base.slots[slot])), "slot \(slot)")
            }
            let (a, b) = (base.input(lookback: LibraryBase.window), copy.input(lookback: LibraryBase.window))
            #expect(a.history.years == b.history.years && !a.history.years.isEmpty)
            for year in a.history.years {
                let (x, y) = (a.history.frame(year), b.history.frame(year))
                #expect(x.factIDs == y.factIDs)
                for fact in x.factIDs {
                    #expect(x.values(fact).map(\.bitPattern) == y.values(fact).map(\.bitPattern), "\(year) \(fact)")
                }
            }
            #expect(a.profile.registrationDay.map(\.bitPattern) == b.profile.registrationDay.map(\.bitPattern))
            #expect(a.profile.techField == b.profile.techField && a.profile.industrySection == b.profile.industrySection)
            #expect(a.profile.hightechValid == b.profile.hightechValid && a.profile.techSMEValid == b.profile.techSMEValid)
            #expect(a.profile.listingStatus == b.profile.listingStatus)
            for spec in LibraryPageSpec.all {
                let library = try LibraryCatalog.standard.library(spec.id, on: base.date)
                for lookback in [LibraryData.lookback, LibraryData.historyLookback] {
                    let original = try LibraryEvaluator.evaluate(library, input: base.input(lookback: lookback))
                    let restored = try LibraryEvaluator.evaluate(library, input: copy.input(lookback: lookback))
                    #expect(original.membership == restored.membership, "\(spec.id) \(lookback)")
                    #expect(original.firstQualifyingYear == restored.firstQualifyingYear, "\(spec.id) \(lookback)")
                }
            }
            let years = try await store.years(in: .all, on: app.db)
            #expect(read.census.years(in: .all) == years)
            #expect(read.census.years(in: .region(prefix: "2102")) == (try await store.years(in: .region(prefix: "2102"), on: app.db)))
        }
    }

    @Test("重启：同一数据版本直接使用，不再加载；数据已变、别的数据库或损坏的文件照常加载")
    func restore() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSeedbedApp { app in
            _ = try await AnalyticsTests.loadDemo(app, count: 150)
            try await Self.store(app, directory).warm(on: app.db)
            let written = try #require(try await Self.written(directory))

            let restarted = Self.store(app, directory)
            #expect(await restarted.restore(on: app.db))
            try await restarted.warm(on: app.db)
            let base = try await restarted.base(year: written.base.year, date: written.base.date, on: app.db)
            #expect(base.slots.count == written.base.slots.count)
            #expect(await restarted.baseLoads == 0, "the file answered; nothing was read from the fact table")

            // The data moved on: the file is taken, but the current base is loaded (tests wait for it).
            try await DashboardVersion.bump(on: app.db)
            let behind = Self.store(app, directory)
            #expect(await !behind.restore(on: app.db))
            let current = try await behind.base(year: written.base.year, date: written.base.date, on: app.db)
            #expect(current.version == written.base.version + 1)
            #expect(await behind.baseLoads == 1)

            // Another database's file is not this one's.
            try await Setting.upsert("database_instance", value: "another-database", on: app.db)
            let foreign = Self.store(app, directory)
            #expect(await !foreign.restore(on: app.db))
            try await foreign.warm(on: app.db)
            #expect(await foreign.baseLoads == 1)
            #expect(try await Self.written(directory, instance: "another-database") != nil, "written for this database")

            // A damaged file is skipped.
            var bytes = try Data(contentsOf: Self.file(directory))
            bytes[bytes.count / 3] ^= 0x40
            try bytes.write(to: Self.file(directory))
            #expect(throws: SnapshotFile.Malformed.self) { try LibraryBaseFile.decode([UInt8](bytes)) }
            #expect(await !Self.store(app, directory).restore(on: app.db))
        }
    }
}

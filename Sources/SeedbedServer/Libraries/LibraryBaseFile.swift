import Foundation
import SeedbedDomain

/// The library pages' base and year census as bytes, kept beside the overview snapshot (`SEEDBED_CACHE_DIR`)
/// so a restarted node answers 培育库 pages at once instead of reading the fact table of a million enterprises
/// again (about 25 s at 1 M on PostgreSQL). The key names the database, the data version, the fact year and the
/// evaluation date; `LibraryStore.restore` takes a file of this database only, and one of an older version only
/// to serve while the current base loads — as it serves its old base during any reload.
enum LibraryBaseFile {
    static let magic: [UInt8] = Array("SBLIBS".utf8) + [0, 1]
    static let fileName = "libraries.base"

    struct Contents: Sendable {
        let instance: String
        let census: LibraryYearCensus
        let base: LibraryBase
    }

    static func key(instance: String, base: LibraryBase) -> String {
        "\(instance)|\(base.version)|\(base.year)|\(base.date)"
    }

    static func encode(_ base: LibraryBase, census: LibraryYearCensus, instance: String) -> [UInt8] {
        let whole = base.input(lookback: LibraryBase.window)
        var out = SealedFile.start(magic: magic, key: key(instance: instance, base: base),
                                   reserving: whole.count * 8 * 64)
        out.int(base.version)
        out.int(base.year)
        out.int(base.date.daysSince1970)
        out.int(census.groups.count)
        for group in census.groups {
            out.int(group.year)
            out.string(group.regionCode)
            out.int(group.zoneID ?? .min)
            out.int(group.incubatorID ?? .min)
        }
        base.slots.write(to: &out)
        out.int(whole.history.count)
        let years = whole.history.years
        out.int(years.count)
        for year in years {
            let frame = whole.history.frame(year)
            out.int(year)
            let facts = frame.factIDs
            out.int(facts.count)
            for fact in facts {
                out.string(fact.rawValue)
                out.column(frame.values(fact))
            }
        }
        let profile = whole.profile
        out.column(profile.registrationDay)
        out.column(profile.techField)
        out.column(profile.industrySection)
        out.column(profile.listingStatus)
        out.column(profile.hightechValid)
        out.column(profile.techSMEValid)
        return SealedFile.seal(out)
    }

    static func decode(_ bytes: [UInt8]) throws -> Contents {
        func malformed(_ reason: String) -> SnapshotFile.Malformed { SnapshotFile.Malformed(reason: reason) }
        let opened = try SealedFile.open(bytes, magic: magic)
        var input = opened.body
        let parts = opened.key.split(separator: "|", omittingEmptySubsequences: false)
        let version = try input.int()
        let year = try input.int()
        let date = LocalDate(daysSince1970: try input.int())
        guard parts.count == 4, Int(parts[1]) == version, Int(parts[2]) == year, String(parts[3]) == date.description
        else { throw malformed("文件名义与内容不符") }
        var groups: [LibraryYearCensus.Group] = []
        for _ in try 0..<input.count() {
            let groupYear = try input.int()
            let region = try input.string()
            let zone = try input.int()
            let incubator = try input.int()
            groups.append(LibraryYearCensus.Group(year: groupYear, regionCode: region, zoneID: zone == .min ? nil : zone,
                                                  incubatorID: incubator == .min ? nil : incubator))
        }
        let slots = try SlotTable(from: &input)
        let count = try input.int()
        guard count == slots.count else { throw malformed("事实与企业数不符") }
        var history = FactHistory(count: count)
        for _ in try 0..<input.count() {
            let frameYear = try input.int()
            var frame = FactFrame(count: count)
            for _ in try 0..<input.count() {
                let fact = FactID(rawValue: try input.string())
                let column: [Double] = try input.column()
                guard column.count == count else { throw malformed("事实列长度不符") }
                frame.setColumn(fact, column)
            }
            history.setFrame(frame, for: frameYear)
        }
        var profile = EnterpriseProfileColumns(count: count)
        let days: [Double] = try input.column()
        let fields: [Int8] = try input.column()
        let sections: [UInt8] = try input.column()
        let listing: [Int8] = try input.column()
        let hightech: [Int8] = try input.column()
        let techSME: [Int8] = try input.column()
        guard [days.count, fields.count, sections.count, listing.count, hightech.count, techSME.count]
            .allSatisfy({ $0 == count }), input.isAtEnd
        else { throw malformed("企业概况列长度不符") }
        profile.setRegistrationDays(days)
        profile.setTechFields(fields)
        profile.setIndustrySections(sections)
        profile.setListingStatuses(listing)
        profile.setHightechValidity(hightech)
        profile.setTechSMEValidity(techSME)
        let whole = EvaluationInput(history: history, profile: profile, year: year, date: date, deriving: false)
        return Contents(instance: String(parts[0]), census: LibraryYearCensus(groups: groups),
                        base: LibraryBase.assemble(version: version, year: year, date: date, slots: slots, whole: whole))
    }
}

/// Every version of every library a deployment knows; evaluation picks the version in force on its date.
public struct LibraryCatalog: Sendable, Hashable, Codable {
    public var libraries: [RuleLibrary]

    public init(libraries: [RuleLibrary]) { self.libraries = libraries }

    /// The libraries in menu order (distinct ids, first appearance).
    public var ids: [LibraryID] {
        var seen = Set<LibraryID>()
        return libraries.map(\.id).filter { seen.insert($0).inserted }
    }

    /// The version of `id` in force on `date`.
    public func library(_ id: LibraryID, on date: LocalDate) throws(RuleError) -> RuleLibrary {
        let versions = libraries.filter { $0.id == id }
        guard let first = versions.first else { throw .unknownLibrary(id.rawValue) }
        return try RuleVersion.select(versions, on: date, rule: first.name, version: \.version)
    }

    /// One version per library, those in force on `date`, in menu order.
    public func libraries(on date: LocalDate) -> [RuleLibrary] {
        ids.compactMap { id in try? library(id, on: date) }
    }

    /// Adds a version (e.g. one loaded from JSON) after checking it.
    public mutating func add(_ library: RuleLibrary) throws(RuleError) {
        try library.validate()
        if libraries.contains(where: { $0.id == library.id && $0.version.id == library.version.id }) {
            throw .invalidDefinition("\(library.name)：版本“\(library.version.id)”已存在")
        }
        libraries.append(library)
    }
}

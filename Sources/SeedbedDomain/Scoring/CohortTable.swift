/// Hands out the dense cohort codes that `ScoringInput` takes, and remembers which key each code stands for.
public struct CohortTable: Sendable {
    /// The keys by code.
    public private(set) var keys: [CohortKey] = []
    private var codes: [CohortKey: Int32] = [:]

    public init() {}

    /// The number of cohorts so far (`ScoringInput.cohortCount`).
    public var count: Int { keys.count }

    /// The code of `key`, adding it when new.
    public mutating func code(for key: CohortKey) throws(ScoringError) -> Int32 {
        if let code = codes[key] { return code }
        guard keys.count < Int(Int32.max) else { throw .tooLarge(what: "比较组", count: keys.count + 1) }
        let code = Int32(keys.count)
        keys.append(key)
        codes[key] = code
        return code
    }

    /// The code of `key` when known.
    public func existingCode(of key: CohortKey) -> Int32? { codes[key] }

    /// The key of `code` when known.
    public func key(of code: Int) -> CohortKey? {
        keys.indices.contains(code) ? keys[code] : nil
    }
}

/// Names one version of a scheme (方案编号 + 版本), e.g. the base a local scheme was derived from.
public struct SchemeReference: Hashable, Sendable, Codable, CustomStringConvertible {
    public var id: String
    public var version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }

    public var description: String { "\(id) v\(version)" }
}

/// Where an enterprise sits, as far as review routing is concerned: its GB/T 2260 region code and the high-tech
/// zone it is registered to, if any.
public struct EnterpriseLocation: Sendable, Hashable {
    public var regionCode: String
    public var zoneID: Int?

    public init(regionCode: String, zoneID: Int? = nil) {
        self.regionCode = regionCode
        self.zoneID = zoneID
    }
}

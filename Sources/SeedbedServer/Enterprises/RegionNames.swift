import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Region names for lists.
enum RegionNames {
    static func name(_ code: String) -> String {
        RegionTable.shipped[code] == nil ? code : RegionTable.shipped.fullName(of: code)
    }
}

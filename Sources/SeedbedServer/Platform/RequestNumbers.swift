import SeedbedDomain
import Vapor

/// Numbers a request carries (query, path, form body), read through the one bounded parser `InputNumber`.
/// Vapor's own typed query decoding accepts any `Int`, so the first `+ 1` on what it returns could trap:
/// routes use these instead, and a source rule in the tests keeps it that way.
extension Request {
    /// A query parameter as an integer within `range`; nil when absent, not a number or out of range.
    func queryInteger(_ key: String, in range: ClosedRange<Int>) -> Int? {
        InputNumber.integer(query[String.self, at: key], in: range)
    }

    /// A path parameter as an integer within `range`.
    func parameterInteger(_ name: String, in range: ClosedRange<Int>) -> Int? {
        InputNumber.integer(parameters.get(name), in: range)
    }

    /// A posted form field as an integer within `range`; a repeated or array-shaped key counts as absent.
    func contentInteger(_ key: String, in range: ClosedRange<Int>) -> Int? {
        InputNumber.integer(try? content.get(String.self, at: key), in: range)
    }
}

extension Dictionary where Key == String, Value == String {
    /// A field of an already-read form as an integer within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        InputNumber.integer(self[key], in: range)
    }
}

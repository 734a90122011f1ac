/// A relationship from one part to another.
struct Relationship: Sendable, Hashable {
    var id: String
    var type: String
    /// The target's part name, resolved against the source part and without a leading `/`.
    var target: String
}

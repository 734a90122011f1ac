/// The storage of an array that the iterations of one parallel loop write at disjoint indices.
///
/// The compiler cannot see that iterations touch disjoint elements, so this wrapper vouches for it
/// (`@unchecked Sendable`). Rules for every use: it is created inside `withUnsafeMutableBufferPointer` (or an
/// uninitialised-array initialiser) and never escapes that call; each iteration writes only indices no other
/// iteration writes, and reads only what no iteration writes. Each use says why its indices are disjoint.
package struct DisjointStorage<Element>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<Element>

    package init(base: UnsafeMutablePointer<Element>) { self.base = base }
}

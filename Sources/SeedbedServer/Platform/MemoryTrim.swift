#if os(Linux)
import CMalloc
#endif

/// Hands the pages a large load freed back to the system. Building the overview snapshot or a library base at
/// 1 M enterprises allocates and frees millions of rows and strings; glibc keeps most of those pages in its
/// arenas, so the node's resident memory stays at the load's peak long after. `malloc_trim` returns the free
/// pages (inside the heap too, not only at its top). Elsewhere it does nothing.
enum MemoryTrim {
    static func release() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }
}

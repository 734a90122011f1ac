/// One worker's buffers for ranking columns: the column's present keys, each with its position in the cohort,
/// laid out by cohort; and the sort's scratch for the largest cohort.
struct ColumnBuffers: ~Copyable {
    let entries: UnsafeMutablePointer<SortScratch.Entry>
    let scratch: SortScratch

    init(count: Int, largestCohort: Int) {
        entries = .allocate(capacity: max(1, count))
        scratch = SortScratch(capacity: largestCohort)
    }

    deinit {
        entries.deallocate()
    }
}

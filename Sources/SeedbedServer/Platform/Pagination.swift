import SeedbedDomain
import Vapor

/// Page and page size as a list request asks for them, clamped to sane bounds so `?per=1000000` cannot
/// turn a list into an export.
struct PageRequest: Sendable, Equatable {
    let page: Int
    let per: Int

    static let defaultPer = 20
    static let maxPer = 100

    init(page: Int?, per: Int?) {
        self.page = max(1, min(page ?? 1, 1_000_000))
        self.per = max(1, min(per ?? Self.defaultPer, Self.maxPer))
    }

    init(_ req: Request) {
        self.init(page: req.queryInteger("page", in: InputRange.page), per: req.queryInteger("per", in: InputRange.pageSize))
    }

    var offset: Int { (page - 1) * per }
}

/// Where a page sits in a list.
struct PageInfo: Sendable, Equatable {
    let page: Int
    let per: Int
    let total: Int

    init(_ request: PageRequest, total: Int) {
        self.page = request.page
        self.per = request.per
        self.total = total
    }

    var pageCount: Int { max(1, (total + per - 1) / per) }

    /// Rows before this page, for the 序号 column.
    var offset: Int { (page - 1) * per }

    /// Page numbers around the current one, always including the first and last.
    func windowedPages(radius: Int) -> [Int] {
        let low = max(1, page - radius)
        let high = min(pageCount, page + radius)
        var numbers = Array(low...max(low, high))
        if numbers.first != 1 { numbers.insert(1, at: 0) }
        if numbers.last != pageCount { numbers.append(pageCount) }
        return numbers
    }
}

/// A page of results plus the total, the shape every list and the API share.
struct Paged<Item: Sendable>: Sendable {
    let items: [Item]
    let info: PageInfo
}

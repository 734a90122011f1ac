import SeedbedDomain
import Vapor

/// Page and page size as a list request asks for them, clamped to sane bounds so `?per=1000000` cannot
/// turn a list into an export.
struct PageRequest: Sendable, Equatable {
    let page: Int
    let per: Int
    /// Where 上一页/下一页 continue from, for lists that page by keyset: the page is read as the rows after (or
    /// before) that row, so the thousandth page costs what the first does. The page number still travels with
    /// it, for the 序号 column and 第 n 页.
    let cursor: PageCursor?

    static let defaultPer = 20
    static let maxPer = 100

    init(page: Int?, per: Int?, cursor: PageCursor? = nil) {
        self.page = max(1, min(page ?? 1, 1_000_000))
        self.per = max(1, min(per ?? Self.defaultPer, Self.maxPer))
        self.cursor = cursor
    }

    init(_ req: Request) {
        self.init(page: req.queryInteger("page", in: InputRange.page), per: req.queryInteger("per", in: InputRange.pageSize),
                  cursor: PageCursor(after: req.query[String.self, at: "after"],
                                     before: req.query[String.self, at: "before"]))
    }

    var offset: Int { (page - 1) * per }
}

/// A row's place in a list's order, as the 上一页/下一页 links carry it (`after=…` / `before=…`). The key is the
/// list's own (an id, or a sort value and an id); anything that is not a short plain token is ignored, so a
/// hand-edited link falls back to the page number.
enum PageCursor: Sendable, Equatable {
    /// The rows that follow the row with this key.
    case after(String)
    /// The rows that precede the row with this key (still returned in the list's order).
    case before(String)

    static let maxKeyLength = 64

    init?(after: String?, before: String?) {
        if let key = after.flatMap(Self.valid) {
            self = .after(key)
        } else if let key = before.flatMap(Self.valid) {
            self = .before(key)
        } else {
            return nil
        }
    }

    private static func valid(_ key: String) -> String? {
        guard !key.isEmpty, key.utf8.count <= maxKeyLength,
              key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:~".unicodeScalars.contains($0)) })
        else { return nil }
        return key
    }
}

/// Where a page sits in a list.
struct PageInfo: Sendable, Equatable {
    let page: Int
    let per: Int
    let total: Int
    /// Keys of this page's first and last rows, for lists that page by keyset: 上一页 asks for the rows before
    /// the first, 下一页 for the rows after the last.
    var firstKey: String?
    var lastKey: String?

    init(_ request: PageRequest, total: Int, firstKey: String? = nil, lastKey: String? = nil) {
        self.page = request.page
        self.per = request.per
        self.total = total
        self.firstKey = firstKey
        self.lastKey = lastKey
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

    /// The query items of the 上一页 (`-1`) or 下一页 (`+1`) link besides the filters: the page number, and the
    /// cursor when the list pages by keyset.
    func step(_ direction: Int) -> [(String, String)] {
        let number = direction < 0 ? page - 1 : page + 1
        var items = [("page", String(number))]
        if direction < 0, let firstKey, number > 1 { items.append(("before", firstKey)) }
        if direction > 0, let lastKey { items.append(("after", lastKey)) }
        return items
    }
}

/// A page of results plus the total, the shape every list and the API share.
struct Paged<Item: Sendable>: Sendable {
    let items: [Item]
    let info: PageInfo
}

import Plot
import Vapor

/// A rendered HTML page as a Vapor response. Pages are rendered to a string inside the handler, so Plot's
/// (non-`Sendable`) node values never cross an isolation boundary.
struct HTMLPage: AsyncResponseEncodable {
    let html: String
    var status: HTTPResponseStatus = .ok

    init(_ document: HTML, status: HTTPResponseStatus = .ok) {
        self.html = document.render()
        self.status = status
    }

    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}

extension HTTPMediaType {
    static let xlsx = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}

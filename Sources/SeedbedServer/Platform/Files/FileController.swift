import Fluent
import SeedbedDomain
import Vapor

/// `GET /files/:id`: a kept file, for people whose data scope holds the enterprise it belongs to, or for the
/// person who uploaded it. Anything else is 404.
struct FileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("files", ":id", use: download)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let file = try await StoredFile.find(try req.requireID(), on: req.db) else { throw AppError.notFound() }
        let allowed: Bool
        if let enterpriseID = file.enterpriseID, let region = file.regionCode {
            allowed = user.scope.permits(ScopeSubject(enterpriseID: enterpriseID, regionCode: region, zoneID: file.zoneID,
                                                      incubatorID: file.incubatorID))
        } else {
            allowed = file.ownerID == user.id
        }
        let target = file.id.map(String.init)
        guard allowed, !["import-staged"].contains(file.purpose) else {
            try await req.audit.record(.refusedRead, outcome: .denied, targetType: "file", targetID: target)
            throw AppError.notFound()
        }
        try await req.audit.record(.download, targetType: "file", targetID: target,
                                   detail: "\(file.purpose)：\(file.name)")
        return try await req.files.download(file, for: req)
    }
}

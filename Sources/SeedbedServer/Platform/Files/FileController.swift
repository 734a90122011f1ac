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
        guard allowed, !["import-staged"].contains(file.purpose) else { throw AppError.notFound() }
        return try await req.files.download(file, for: req)
    }
}

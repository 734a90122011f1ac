import SeedbedDomain
import Vapor

/// The role guard of a route group: signs the visitor in (redirect to 登录 for a page, 401 for the API), refuses
/// another role with 403, and tells an enterprise whose registration is not approved where it stands.
struct AccessGuard: AsyncMiddleware {
    let access: Access

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let user = try request.requireUser()
        guard access.roles.contains(user.role) else { throw AppError.forbidden() }
        if access.approval == .approved, user.isUnapprovedEnterprise {
            throw EnterpriseFilingController.notApproved(user.enterpriseStatus ?? .pending)
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Routes that only `access` may use.
    func grouped(_ access: Access) -> any RoutesBuilder {
        grouped(AccessGuard(access: access))
    }
}

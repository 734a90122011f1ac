import Fluent
import Vapor

extension Request {
    /// Records a read the data scope refused (等保: refused reads are audited). Answers stay 404 either way; an
    /// id that does not exist at all refused nothing and is not recorded, so probing ids cannot fill the log.
    func auditRefusedRead(enterpriseID: Int, via route: String) async throws {
        guard try await Enterprise.find(enterpriseID, on: db) != nil else { return }
        try await audit.record(.refusedRead, outcome: .denied, targetType: "enterprise", targetID: String(enterpriseID),
                               detail: route)
    }
}

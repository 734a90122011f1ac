import Fluent
import Foundation
import Vapor

/// A service `configure` did not set. `configure` refuses to finish with this error, naming each one, so a running
/// app never meets a missing service; a stand-in that is reached anyway (an `Application` that skipped `configure`)
/// fails every call with it instead of working on a silent fresh default.
struct MissingServices: Error, CustomStringConvertible {
    let names: [String]

    var description: String {
        "configure(_:config:) 未设置以下服务：" + names.joined(separator: "、")
    }
}

extension Application {
    /// The services every request relies on, each set once by `configure`. Checked before `configure` returns.
    func requireServices() throws {
        let services: [(name: String, isSet: Bool)] = [
            ("app.jobs (JobRunner)", storage.contains(JobRunnerKey.self)),
            ("app.fileStore (FileStore)", storage.contains(FileStoreKey.self)),
            ("app.smsGateway (SMSGateway)", storage.contains(SMSGatewayKey.self)),
            ("app.emailGateway (EmailGateway)", storage.contains(EmailGatewayKey.self)),
        ]
        let missing = services.filter { !$0.isSet }.map(\.name)
        guard missing.isEmpty else { throw MissingServices(names: missing) }
    }
}

/// Stands in for a file store `configure` did not set: stores nothing, fails loudly.
struct UnconfiguredFileStore: FileStore {
    func put(_ source: URL, sha256: String, on db: any Database) async throws {
        throw MissingServices(names: ["app.fileStore (FileStore)"])
    }

    func open(sha256: String, on db: any Database) async throws -> URL? {
        throw MissingServices(names: ["app.fileStore (FileStore)"])
    }

    func delete(sha256: String, on db: any Database) async throws {
        throw MissingServices(names: ["app.fileStore (FileStore)"])
    }
}

/// Stands in for an SMS gateway `configure` did not set: sends nothing, fails loudly.
struct UnconfiguredSMSGateway: SMSGateway {
    func send(to phone: String, purpose: String, content: String, code: String?, on database: any Database,
              now: Date, logger: Logger) async throws {
        throw MissingServices(names: ["app.smsGateway (SMSGateway)"])
    }
}

import Fluent
import Vapor

private struct UnreadMessagesKey: StorageKey {
    typealias Value = Int
}

extension Request {
    /// The signed-in enterprise's unread messages, counted once per request (one indexed COUNT on
    /// `enterprise_id, read_at`) and shared by the shell's header and 我的消息; nil for anyone 我的消息's guard
    /// refuses (an enterprise whose registration is not approved), so the header never links what the menu hides.
    func unreadMessageCount() async throws -> Int? {
        guard let user = auth.get(CurrentUser.self), Page.myMessages.access.admits(user), let id = user.enterpriseID else {
            return nil
        }
        if let cached = storage[UnreadMessagesKey.self] { return cached }
        let count = try await EnterpriseMessage.query(on: db).filter(\.$enterpriseID == id).filter(\.$readAt == nil).count()
        storage[UnreadMessagesKey.self] = count
        return count
    }
}

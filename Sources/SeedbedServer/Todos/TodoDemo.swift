import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Demo to-dos (T5): two from the national centre (torch) and one from 辽宁省 (liaoning), addressed to 大连市
/// (dalian), 大连高新区 (dlgxq), 渝北区 (yubei) and 沈阳市, with mixed completion — some uploaded, one overdue and
/// reminded, one due within three days — and the 待办通知 / 催办 messages they sent. Runs once.
enum TodoDemo {
    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await TodoRecord.query(on: db).count() == 0 else { return }
        func account(_ name: String) async throws -> User? {
            try await User.query(on: db).filter(\.$account == name).first()
        }
        guard let torch = try await account("torch"), let torchOrg = torch.organizationID, let torchID = torch.id,
              let liaoning = try await account("liaoning"), let liaoningOrg = liaoning.organizationID,
              let liaoningID = liaoning.id,
              let dalian = try await account("dalian")?.organizationID,
              let dlgxqUser = try await account("dlgxq"), let dlgxq = dlgxqUser.organizationID,
              let yubeiUser = try await account("yubei"), let yubei = yubeiUser.organizationID
        else { return }
        let shenyang = try await Organization.query(on: db).filter(\.$kind == .city).filter(\.$regionCode == "210100")
            .first()?.id
        let now = app.clock.now()
        let today = LocalDate(chinaTimeOf: now)
        let files = Files(app: app, db: db)
        let names = Dictionary(try await Organization.query(on: db).filter(\.$id ~~ [torchOrg, liaoningOrg]).all()
            .compactMap { org in org.id.map { ($0, org.name) } }, uniquingKeysWith: { a, _ in a })

        /// A small PDF kept as if uploaded by `owner`.
        func pdf(_ name: String, owner: Int?, purpose: String) async throws -> StoredFile {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-demo-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data("%PDF-1.4\n% 演示文件：\(name)\n%%EOF\n".utf8).write(to: url)
            return try await files.keep(url, name: name, purpose: purpose, owner: owner)
        }

        struct Plan {
            let publisherOrg: Int
            let publisherUser: Int
            let title: String
            let description: String
            let deadline: LocalDate
            let audience: String
            let createdDaysAgo: Int
            let attachment: String?
            /// (organisation, uploaded file name or nil, reminders sent)
            let recipients: [(Int, String?, Int)]
        }
        var plans = [
            Plan(publisherOrg: torchOrg, publisherUser: torchID, title: "2026年度火炬统计年报数据报送",
                 description: "请各地管理部门和国家高新区按附件模板汇总本地区2026年度火炬统计年报数据，加盖公章后扫描上传。",
                 deadline: today.adding(days: 12), audience: "市级、区县级、高新区 · 全国", createdDaysAgo: 6,
                 attachment: "火炬统计年报填报说明.pdf",
                 recipients: [(dalian, nil, 0), (dlgxq, "大连高新区火炬统计年报.pdf", 0), (yubei, "渝北区火炬统计年报.pdf", 0)]),
            Plan(publisherOrg: liaoningOrg, publisherUser: liaoningID, title: "第三季度高新技术企业培育情况报告",
                 description: "请报送本地区第三季度高新技术企业培育入库、认定及培育措施落实情况（Word 或 PDF）。",
                 deadline: today.adding(days: -5), audience: "市级、高新区 · 辽宁省", createdDaysAgo: 30, attachment: nil,
                 recipients: [(dalian, nil, 1), (dlgxq, "大连高新区第三季度培育情况.pdf", 0)]),
            Plan(publisherOrg: torchOrg, publisherUser: torchID, title: "科技企业孵化器年度评价材料报送",
                 description: "请组织辖区内孵化器填写年度评价表，由管理部门审核后统一上传。",
                 deadline: today.adding(days: 2), audience: "市级、区县级、高新区 · 全国", createdDaysAgo: 3,
                 attachment: "孵化器年度评价表.pdf",
                 recipients: [(dalian, nil, 0), (dlgxq, nil, 0), (yubei, nil, 0)]),
        ]
        if let shenyang {
            plans[1] = Plan(publisherOrg: liaoningOrg, publisherUser: liaoningID, title: plans[1].title,
                            description: plans[1].description, deadline: plans[1].deadline, audience: plans[1].audience,
                            createdDaysAgo: plans[1].createdDaysAgo, attachment: nil,
                            recipients: plans[1].recipients + [(shenyang, "沈阳市第三季度培育情况.pdf", 0)])
        }
        for plan in plans {
            let created = now.addingTimeInterval(-Double(plan.createdDaysAgo) * 86_400)
            let todo = TodoRecord()
            todo.publisherOrgID = plan.publisherOrg
            todo.publisherUserID = plan.publisherUser
            todo.publisherName = names[plan.publisherOrg] ?? "火炬中心"
            todo.title = plan.title
            todo.description = plan.description
            todo.deadline = plan.deadline.description
            todo.audience = plan.audience
            todo.createdAt = created
            try await todo.create(on: db)
            guard let todoID = todo.id else { continue }
            if let name = plan.attachment {
                let file = try await pdf(name, owner: plan.publisherUser, purpose: "todo-attachment")
                let attachment = TodoAttachment()
                attachment.todoID = todoID
                attachment.fileID = file.id ?? 0
                attachment.originalName = name
                try await attachment.create(on: db)
            }
            for (organization, upload, reminders) in plan.recipients {
                let row = TodoRecipient()
                row.todoID = todoID
                row.organizationID = organization
                row.reminderCount = reminders
                row.state = .published
                if let upload {
                    let owner = organization == dlgxq ? dlgxqUser.id : organization == yubei ? yubeiUser.id : nil
                    let file = try await pdf(upload, owner: owner, purpose: "todo-upload")
                    row.state = .completed
                    row.fileID = file.id
                    row.fileName = upload
                    row.completedBy = owner
                    row.completedAt = created.addingTimeInterval(2 * 86_400)
                }
                if reminders > 0 { row.remindedAt = now.addingTimeInterval(-86_400) }
                try await row.create(on: db)
                try await OfficialMessage(to: organization, category: .todoPublished, title: "新待办：" + plan.title,
                                          body: "\(todo.publisherName)发布了待办“\(plan.title)”，截止日期 \(plan.deadline.label)，请在截止前上传文件完成。",
                                          link: "\(Page.myTodos.path)/\(todoID)", at: created).create(on: db)
                if reminders > 0 {
                    try await OfficialMessage(to: organization, category: .todoReminder, title: "催办：" + plan.title,
                                              body: "\(todo.publisherName)提醒：待办“\(plan.title)”已于 \(plan.deadline.label) 逾期，贵单位尚未上传文件，请尽快完成。",
                                              link: "\(Page.myTodos.path)/\(todoID)", at: now.addingTimeInterval(-86_400))
                        .create(on: db)
                }
            }
        }
    }
}

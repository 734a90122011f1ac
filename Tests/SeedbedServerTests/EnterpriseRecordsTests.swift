import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("产品、重大变更与消息")
struct EnterpriseRecordsTests {
    @Test("产品与服务：按字典校验后添加，删除须确认，不能删除其他企业的产品")
    func products() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.6.0.1")
            try await owner.login("ent-e2")
            let invalid = try await owner.post("/my/products", form: ["type": "product", "product_name": ""],
                                               csrfFrom: "/my/products/new")
            #expect(invalid.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(invalid.body.string).contains("请填写「产品名称」"))
            var values = SampleValues.of(ProductForm.form)
            values["product_name"] = "智能巡检机器人"
            values["type"] = "product"
            let added = try await owner.post("/my/products", form: values, csrfFrom: "/my/products/new")
            #expect(added.status == .seeOther, "\(Browser.fieldErrors(added.body.string))")
            #expect(try await owner.get("/my/products").body.string.contains("智能巡检机器人"))
            let item = try #require(try await EnterpriseProduct.query(on: app.db).first())

            let other = Browser(app, ip: "10.6.0.2")
            try await other.login("ent-e1")
            let foreign = try await other.post("/my/products/\(item.id ?? 0)/delete", form: ["confirmed": "1"],
                                               csrfFrom: "/my/products")
            #expect(foreign.status == .notFound)
            let ask = try await owner.post("/my/products/\(item.id ?? 0)/delete", form: [:], csrfFrom: "/my/products")
            #expect(ask.body.string.contains("确定删除"))
            #expect(try await EnterpriseProduct.query(on: app.db).count() == 1)
            _ = try await owner.post("/my/products/\(item.id ?? 0)/delete", form: ["confirmed": "1"], csrfFrom: "/my/products")
            #expect(try await EnterpriseProduct.query(on: app.db).count() == 0)
        }
    }

    @Test("重大变更：未认定企业看到提示；认定企业暂存、编辑、按类型筛选、提交后由区县审核，暂存可删除")
    func majorChanges() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.7.0.1")
            try await owner.login("ent-e2")
            let notYet = try await owner.get("/my/changes/new")
            #expect(notYet.body.string.contains("认定"))

            try await Self.recognise(app, fixtures)
            let form: [String: String] = ["change_type": "1", "before_value": "大连旅顺二号科技有限公司",
                                          "after_value": "大连旅顺二号智能科技有限公司", "change_date": "2024-05-01",
                                          "description": "更名", "action": "save"]
            let saved = try await owner.upload("/my/changes", form: form,
                                               file: ("proof", "变更证明.pdf", Data("%PDF-1.4 proof".utf8)),
                                               csrfFrom: "/my/changes/new")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let record = try #require(try await FilingRecord.query(on: app.db).filter(\.$kind == .majorChange).first())
            #expect(record.status == FilingStatus.draft)
            #expect(try await owner.get("/my/changes?type=1").body.string.contains("智能科技"))
            #expect(!(try await owner.get("/my/changes?type=2").body.string.contains("智能科技")))

            var submit = form
            submit["action"] = "submit"
            submit["version"] = String(record.version)
            let submitted = try await owner.upload("/my/changes/\(record.id ?? 0)", form: submit,
                                                   file: ("proof", "", Data()), csrfFrom: "/my/changes")
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            let after = try #require(try await FilingRecord.find(record.id, on: app.db))
            #expect(after.pendingReviewer == "county:210212")
            let refused = try await owner.post("/my/changes/\(record.id ?? 0)/delete", form: ["confirmed": "1"],
                                               csrfFrom: "/my/changes")
            #expect(refused.status == .seeOther)
            #expect(try await FilingRecord.find(record.id, on: app.db) != nil, "a submitted change cannot be deleted")
        }
    }

    /// Makes e2 a recognised enterprise, which may file major changes.
    static func recognise(_ app: Application, _ fixtures: Fixtures, key: String = "e2") async throws {
        // Recognised means holding a MIIT level in the recognitions table (M8).
        try await RecognitionFixture.recognise(app, try fixtures.enterprise(key), .specializedSME,
                                               until: RecognitionFixture.today(app).addingYears(2))
    }

    static func saveChange(_ browser: Browser, after: String, type: String = "1") async throws -> TestingHTTPResponse {
        try await browser.upload("/my/changes", form: [
            "change_type": type, "before_value": "旧值", "after_value": after, "change_date": "2024-05-01",
            "description": "测试", "action": "save",
        ], file: ("proof", "", Data()), csrfFrom: "/my/changes/new")
    }

    @Test("删除一条暂存变更后再新增，不会覆盖已有的变更；删除写入操作日志")
    func newChangeAfterDeletionKeepsOthers() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.recognise(app, fixtures)
            let owner = Browser(app, ip: "10.7.1.1")
            try await owner.login("ent-e2")
            for after in ["变更甲", "变更乙"] {
                let saved = try await Self.saveChange(owner, after: after)
                #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            }
            let first = try #require(try await FilingRecord.query(on: app.db).filter(\.$kind == .majorChange)
                .sort(\.$id).first())
            let deleted = try await owner.post("/my/changes/\(first.id ?? 0)/delete", form: ["confirmed": "1"],
                                               csrfFrom: "/my/changes")
            #expect(deleted.status == .seeOther)
            #expect(try await FilingRecord.find(first.id, on: app.db) == nil)
            let third = try await Self.saveChange(owner, after: "变更丙")
            #expect(third.status == .seeOther)

            let changes = try await FilingRecord.query(on: app.db).filter(\.$kind == .majorChange).all()
            #expect(changes.count == 2, "the new change is a row of its own")
            #expect(Set(changes.map(\.slot)).count == 2)
            let service = FilingService(app: app, db: app.db, now: app.clock.now())
            var afterValues: [String] = []
            for change in changes { afterValues.append(try await service.document(change)?.values["after_value"] ?? "") }
            #expect(Set(afterValues) == ["变更乙", "变更丙"], "变更乙 is not overwritten by 变更丙")
            let list = try await owner.get("/my/changes")
            #expect(list.body.string.contains("变更乙") && list.body.string.contains("变更丙"))

            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.delete.rawValue)
                .filter(\.$targetType == "filing:major_change").first())
            #expect(audit.targetID == first.id.map(String.init))
            #expect(audit.detail?.contains("变更甲") == true)
        }
    }

    @Test("审核结果以消息通知企业；打开页面不改变已读状态，标为已读须提交（POST）")
    func messages() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.8.0.1")
            try await owner.login("ent-e2")
            _ = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                  values: SampleValues.of(BasicInfoForm.form))
            let record = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: "basic_info")
            let county = Browser(app, ip: "10.8.0.2")
            try await county.login("county-ls")
            _ = try await FilingFlowTests.decide(county, record, verdict: "returned", opinion: "联系电话有误")
            let page = try await owner.get("/my/messages")
            #expect(page.body.string.contains("联系电话有误") || page.body.string.contains("退回"))
            #expect(page.body.string.contains("未读"))
            let enterpriseID = try fixtures.enterprise("e2")
            let unread = { try await EnterpriseMessage.query(on: app.db).filter(\.$enterpriseID == enterpriseID)
                .filter(\.$readAt == nil).count() }
            let before = try await unread()
            #expect(before > 0)
            #expect(try await owner.get("/my/messages").body.string.contains("标为已读"))
            #expect(try await unread() == before, "a GET marks nothing read")
            let message = try #require(try await EnterpriseMessage.query(on: app.db)
                .filter(\.$enterpriseID == enterpriseID).first()?.id)
            // Without the CSRF token the POST is refused; another enterprise cannot mark it.
            #expect(try await owner.post("/my/messages/\(message)/read", form: [:], csrf: false).status == .forbidden)
            let other = Browser(app, ip: "10.8.0.3")
            try await other.login("ent-e1")
            #expect(try await other.post("/my/messages/\(message)/read", form: [:]).status == .notFound)
            #expect(try await unread() == before)
            let marked = try await owner.post("/my/messages/\(message)/read", form: [:])
            #expect(marked.status == .seeOther)
            #expect(try await unread() == before - 1)
            let all = try await owner.post("/my/messages/read-all", form: [:])
            #expect(all.status == .seeOther)
            #expect(try await unread() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.messageRead.rawValue)
                .count() >= 1)
            #expect(!(try await owner.get("/my/messages").body.string.contains("未读")))
        }
    }
    @Test("重大变更、产品、服务与消息列表可导出 Excel：与列表同筛选，只含本企业的数据；政府账号不能导出")
    func enterpriseListsExport() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.recognise(app, fixtures, key: "e1")
            try await Self.recognise(app, fixtures, key: "e2")
            let owner = Browser(app, ip: "10.7.2.1")
            try await owner.login("ent-e2")
            let other = Browser(app, ip: "10.7.2.2")
            try await other.login("ent-e1")
            _ = try await Self.saveChange(owner, after: "变更甲", type: "1")
            _ = try await Self.saveChange(owner, after: "变更乙", type: "2")
            _ = try await Self.saveChange(other, after: "别家的变更", type: "1")
            var product = SampleValues.of(ProductForm.form, overrides: ["product_name": "智能巡检机器人", "type": "product"])
            #expect(try await owner.post("/my/products", form: product, csrfFrom: "/my/products/new").status == .seeOther)
            product["product_name"] = "别家的产品"
            #expect(try await other.post("/my/products", form: product, csrfFrom: "/my/products/new").status == .seeOther)
            let service = SampleValues.of(ServiceForm.form, overrides: [ServiceForm.name.id.rawValue: "设备运维服务",
                                                                        "type": "service"])
            let added = try await owner.post("/my/products", form: service, csrfFrom: "/my/products/new?type=service")
            #expect(added.status == .seeOther, "\(Browser.fieldErrors(added.body.string))")
            for (key, title) in [("e2", "本企业的消息"), ("e1", "别家的消息")] {
                let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
                let message = EnterpriseMessage()
                message.enterpriseID = try #require(enterprise.id)
                message.regionCode = enterprise.regionCode
                message.zoneID = enterprise.zoneID
                message.category = .notice
                message.title = title
                message.body = "内容"
                message.createdAt = app.clock.now()
                try await message.create(on: app.db)
            }

            let changes = try await owner.get("/my/changes?type=1").body.string
            #expect(changes.contains("formaction=\"/exports/changes?type=1\""))
            let typeOne = try await ReviewListTests.export(owner, app, "/exports/changes?type=1")
            #expect(try ReviewListTests.column("变更后", of: typeOne) == ["变更甲"])
            let allChanges = try await ReviewListTests.export(owner, app, "/exports/changes")
            #expect(Set(try ReviewListTests.column("变更后", of: allChanges)) == ["变更甲", "变更乙"])
            #expect(try ReviewListTests.column("变更类型", of: allChanges).allSatisfy { !$0.isEmpty && Int($0) == nil },
                    "types are written as their labels")

            let products = try await owner.get("/my/products").body.string
            #expect(products.contains("智能巡检机器人") && !products.contains("设备运维服务"))
            #expect(products.contains("/exports/products?type=product"))
            let productSheet = try await ReviewListTests.export(owner, app, "/exports/products?type=product")
            #expect(try ReviewListTests.column("产品名称", of: productSheet) == ["智能巡检机器人"])
            #expect(productSheet.header.contains(ProductForm.annualRevenue.header), "every catalog field is exported")
            let serviceSheet = try await ReviewListTests.export(owner, app, "/exports/products?type=service")
            #expect(try ReviewListTests.column(ServiceForm.name.label, of: serviceSheet) == ["设备运维服务"])

            #expect(try await owner.get("/my/messages").body.string.contains("/exports/messages"))
            let messages = try await ReviewListTests.export(owner, app, "/exports/messages")
            #expect(try ReviewListTests.column("标题", of: messages) == ["本企业的消息"])

            let county = Browser(app, ip: "10.7.2.3")
            try await county.login("county-ls")
            for list in ["changes", "products", "messages"] {
                #expect(try await county.post("/exports/\(list)", form: [:]).status == .forbidden, "\(list)")
            }
        }
    }
}

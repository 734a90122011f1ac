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

            guard let enterprise = try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db) else { return }
            try await EnterpriseFacts.upsert(enterprise: enterprise, year: 2024, facts: [.specializedSMECertified: 1],
                                             source: "test", on: app.db, now: app.clock.now())
            let form: [String: String] = ["change_type": "1", "before_value": "大连旅顺二号科技有限公司",
                                          "after_value": "大连旅顺二号智能科技有限公司", "change_date": "2024-05-01",
                                          "description": "更名", "action": "save"]
            let saved = try await owner.upload("/my/changes", form: form,
                                               file: ("proof", "变更证明.pdf", Data("%PDF-1.4 proof".utf8)),
                                               csrfFrom: "/my/changes/new")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let record = try #require(try await FilingRecord.query(on: app.db).filter(\.$kind == "major_change").first())
            #expect(record.status == FilingStatus.draft.rawValue)
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

    @Test("审核结果以消息通知企业，打开后标为已读")
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
            #expect(try await owner.get("/my/messages").body.string.contains("已读"))
        }
    }
}

import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 产品信息填报: 产品添加 / 服务添加, the list, and 删除 with confirmation.
struct ProductController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let products = routes.grouped(Page.myProducts)
        products.get(use: list)
        products.get("new", use: new)
        products.post(use: create)
        products.post(":id", "delete", use: delete)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        _ = try await EnterpriseFilingController.ownEnterprise(req)
        let csrf = try await req.csrfToken()
        let list = ProductList()
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            let label = filter.kind.label
            // The page shows name, kind and field; the export writes every catalog field of the form.
            let shown = list.columns(for: filter).filter { column in
                [ProductForm.name, ProductForm.category, ProductForm.techField, ServiceForm.name, ServiceForm.category,
                 ServiceForm.techField].contains { $0.header == column.header } || column.header == "添加时间"
            }
            return .group(
                UI.pageHeader("产品信息填报", actions: [
                    UI.buttonLink("产品添加", url: "/my/products/new?type=product", style: "primary"),
                    UI.buttonLink("服务添加", url: "/my/products/new?type=service"),
                ]),
                .nav(.class("tabs"), .forEach(ProductKind.allCases) { kind in
                    .a(.href("/my/products?type=\(kind.rawValue)"), .if(kind == filter.kind, .class("active")), .text(kind.label))
                }),
                UI.queryBar(action: Page.myProducts.path, fields: [
                    FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "\(label)名称"),
                ], exportURL: "/exports/\(ProductList.id)?" + URLQuery.encode(query))
                    .withHidden([("type", filter.kind.rawValue)]),
                list.table(page, viewer: viewer, emptyText: "尚未添加\(label)", columns: shown, actions: { row in
                    UI.actionButton("删除", action: "/my/products/\(row.id)/delete", csrf: csrf,
                                    confirm: "确定删除\(row.kind.label)“\(row.name)”吗？删除后不能恢复。")
                }),
                UI.pagination(page.info, baseURL: Page.myProducts.path, query: query))
        }
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        _ = try await EnterpriseFilingController.ownEnterprise(req)
        let kind = req.query[String.self, at: "type"].flatMap(ProductKind.init(rawValue:)) ?? .product
        return try await page(req, kind: kind, values: [:], errors: FormErrors())
    }

    private func page(_ req: Request, kind: ProductKind, values: [String: String], errors: FormErrors,
                      status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let definition = kind.form
        return HTMLPage(Layout.shell("\(kind.label)添加", context, .group(
            UI.pageHeader("\(kind.label)添加", actions: [UI.buttonLink("返回", url: Page.myProducts.path)]),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .form(.method(.post), .action(Page.myProducts.path), .class("stacked card"),
                  UI.csrfField(context.csrfToken), UI.hidden("type", kind.rawValue),
                  .forEach(definition.fields) { field in
                      UI.field(FieldSpec(field, value: values[field.id.rawValue] ?? "", error: errors[field.id.rawValue],
                                         dictionaries: FieldValidator().dictionaries))
                  },
                  .div(.class("form-actions"), UI.submit("提交"))))), status: status)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let posted = (try? req.content.decode([String: String].self)) ?? [:]
        let kind = posted["type"].flatMap(ProductKind.init(rawValue:)) ?? .product
        let definition = kind.form
        let values = posted.filter { key, _ in definition.fields.contains { $0.id.rawValue == key } }
        let (errors, valid) = FilingService(req).validate(values, form: definition, submit: true)
        guard errors.isEmpty, let nameField = definition.fields.first, let name = valid[nameField.id]?.text else {
            return try await page(req, kind: kind, values: values, errors: errors, status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let item = EnterpriseProduct()
        item.enterpriseID = enterprise.id ?? 0
        item.regionCode = enterprise.regionCode
        item.zoneID = enterprise.zoneID
        item.incubatorID = enterprise.incubatorID
        item.kind = kind
        item.name = name
        item.content = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        item.createdAt = req.now
        try await item.create(on: req.db)
        try await req.audit.record(.create, targetType: kind.rawValue, targetID: item.id.map(String.init), detail: name)
        return req.redirect(to: "/my/products?type=\(kind.rawValue)", flash: Flash(kind: .success, message: "已添加\(kind.label)“\(name)”"))
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        guard let item = try await EnterpriseProduct.find(try req.requireID(), on: req.db), item.enterpriseID == enterprise.id
        else { throw AppError.notFound() }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除\(item.kind.label)", message: "确定删除“\(item.name)”吗？删除后不能恢复。",
                action: "/my/products/\(item.id ?? 0)/delete", cancel: Page.myProducts.path, context: context)).encodeResponse(for: req)
        }
        try await item.delete(on: req.db)
        try await req.audit.record(.delete, targetType: item.kind.rawValue, targetID: item.id.map(String.init), detail: item.name)
        return req.redirect(to: Page.myProducts.path, flash: Flash(kind: .success, message: "已删除“\(item.name)”"))
    }
}

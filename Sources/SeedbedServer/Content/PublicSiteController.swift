import Plot
import Vapor

/// The public site: home with its entrances and the content sections (通知公告, 政策文件, 操作说明, 金融超市).
/// Content management arrives with the content feature; until then the sections show empty lists.
struct PublicSiteController: RouteCollection {
    struct Section: Sendable {
        let path: String
        let title: String
        let empty: String
    }

    static let sections = [
        Section(path: "notices", title: "通知公告", empty: "暂无通知公告"),
        Section(path: "policies", title: "政策文件", empty: "暂无政策文件"),
        Section(path: "guides", title: "操作说明", empty: "暂无操作说明"),
        Section(path: "finance", title: "金融超市", empty: "暂无金融产品"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        for section in Self.sections {
            routes.get(PathComponent(stringLiteral: section.path)) { req async throws -> HTMLPage in
                let context = try await req.pageContext()
                return HTMLPage(Layout.publicPage(section.title, context, .div(
                    .class("content-page"), UI.pageHeader(section.title), UI.emptyState(section.empty))))
            }
        }
    }

    @Sendable func home(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage("首页", context, .group(hero(), entrances(context), columns())))
    }

    private func hero() -> Node<HTML.BodyContext> {
        .section(
            .class("hero"),
            .h1(.text(Layout.platformName)),
            .p(.text("服务科技管理部门、高新区与孵化器发现、评价、审核和培育科技型企业；服务企业注册、填报数据、查看积分与培育结果。"))
        )
    }

    private func entrances(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("entrances"),
            .a(.class("entrance"), .href(context.user == nil ? "/login" : "/workbench"),
               .h2(.text("企业业务")),
               .p(.text("企业注册与登录、基本信息填报、积分数据填报、积分结果查询、创新积分应用"))),
            .a(.class("entrance"), .href(context.user == nil ? "/login" : "/workbench"),
               .h2(.text("管理部门业务")),
               .p(.text("科技管理部门、高新区、孵化器：企业总览、审核、查询统计、培育库、待办事项")))
        )
    }

    private func columns() -> Node<HTML.BodyContext> {
        .section(
            .class("columns"),
            .forEach(Self.sections.prefix(3)) { section in
                .div(.class("column card"),
                     .h2(.a(.href("/" + section.path), .text(section.title)), .a(.class("more"), .href("/" + section.path), .text("更多"))),
                     UI.emptyState(section.empty))
            }
        )
    }
}

import Foundation
import Plot
import SeedbedDomain
import TextFormatting

/// Pages of 系统管理.
enum AdminViews {
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let (day, second) = LocalDate.chinaTime(of: date)
        let pad = CivilCalendar.padded
        return day.description + " " + pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2)
    }

    static let roleOptions = [SelectOption(value: "", label: "全部")]
        + Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }

    // MARK: Users

    /// The export link of a list with its current filters.
    static func exportURL<L: ListDefinition>(_ list: L, _ filter: L.Filter) -> String {
        let query = URLQuery.encode(list.queryItems(filter))
        return "/exports/\(L.id)" + (query.isEmpty ? "" : "?" + query)
    }

    static func users(_ list: UserList, page: Paged<UserAdminController.UserRow>, filter: UserList.Filter,
                      viewer: ListViewer) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader(list.title, actions: [UI.buttonLink("新增用户", url: "/admin/users/new", style: "primary")]),
            UI.queryBar(action: Page.users.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "账号、姓名或所属机构"),
                FieldSpec(label: "角色", name: "role", value: filter.role?.rawValue ?? "", kind: .select(roleOptions)),
                FieldSpec(label: "状态", name: "status", value: filter.status, kind: .select([
                    SelectOption(value: "", label: "全部"), SelectOption(value: "active", label: "正常"),
                    SelectOption(value: "disabled", label: "停用"),
                ])),
            ], exportURL: exportURL(list, filter)),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的用户"),
            UI.pagination(page.info, baseURL: Page.users.path, query: list.queryItems(filter))
        )
    }

    static func userForm(_ form: UserAdminController.UserForm, errors: FormErrors, id: Int?, user: User?,
                         orgOptions: [SelectOption], context: PageContext) -> Node<HTML.BodyContext> {
        let fields: [FieldSpec] = [
            FieldSpec(label: "账号", name: "account", value: form.account ?? "", required: true, readOnly: id != nil,
                      help: id == nil ? "3–32 位字母、数字或 - _ .，创建后不可修改" : nil, error: errors["account"],
                      maxLength: 32),
            FieldSpec(label: "姓名", name: "name", value: form.name ?? "", required: true, error: errors["name"],
                      maxLength: 50),
            FieldSpec(label: "手机号码", name: "phone", value: form.phone ?? "", kind: .tel, help: "用于找回密码与接收通知",
                      error: errors["phone"], maxLength: 11),
            FieldSpec(label: "电子邮箱", name: "email", value: form.email ?? "", kind: .email, error: errors["email"],
                      maxLength: 100),
            roleField(form, editing: id != nil, errors: errors),
            FieldSpec(label: "行政区划代码（省/市/区县用户）", name: "regionCode", value: form.regionCode ?? "",
                      placeholder: "如 210000、210200、500112", help: "省级填省代码，市级填市代码，区县级填区县代码",
                      error: errors["regionCode"], maxLength: 6),
            FieldSpec(label: "所属高新区/孵化器（高新区、孵化器用户）", name: "organizationID", value: form.organizationID ?? "",
                      kind: .select([SelectOption(value: "", label: "请选择")] + orgOptions), error: errors["organizationID"]),
            FieldSpec(label: "企业统一社会信用代码（企业用户）", name: "uscc", value: form.uscc ?? "", error: errors["uscc"],
                      maxLength: 24),
        ]
        return .group(
            UI.pageHeader(id == nil ? "新增用户" : "用户：\(form.account ?? "")", actions: [
                UI.buttonLink("返回列表", url: Page.users.path),
            ]),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .unwrap(user) { user in userStatus(user, id: id ?? 0, context: context) },
            .form(
                .method(.post), .action(id.map { "/admin/users/\($0)" } ?? Page.users.path), .class("stacked card"),
                UI.csrfField(context.csrfToken),
                .forEach(fields) { UI.field($0) },
                .if(id == nil, .p(.class("muted"), .text("创建后系统生成临时密码，仅显示一次；用户首次登录时须修改密码。"))),
                .div(.class("form-actions"), UI.submit(id == nil ? "创建用户" : "保存"))
            )
        )
    }

    /// The roles the system administrator may give: every role but the three administrators'. An
    /// administrator's own role is shown read-only (only the security administrator changes it).
    private static func roleField(_ form: UserAdminController.UserForm, editing: Bool, errors: FormErrors)
        -> FieldSpec
    {
        if editing, let current = form.role.flatMap(Role.init(rawValue:)), current.isAdministrator {
            return FieldSpec(label: "角色", name: "role", value: current.rawValue,
                             kind: .select([SelectOption(value: current.rawValue, label: current.label)]),
                             required: true, readOnly: true, help: "管理员角色由安全管理员分配", error: errors["role"])
        }
        let options = Role.allCases.filter { !$0.isAdministrator }.map { SelectOption(value: $0.rawValue, label: $0.label) }
        return FieldSpec(label: "角色", name: "role", value: form.role ?? "", kind: .select(options), required: true,
                         error: errors["role"])
    }

    private static func userStatus(_ user: User, id: Int, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("card"),
            UI.details([
                ("状态", user.active ? "正常" : "停用"),
                ("最近登录", time(user.lastLoginAt)),
                ("密码修改时间", time(user.passwordChangedAt)),
                ("下次登录须改密码", user.mustChangePassword ? "是" : "否"),
            ]),
            .div(
                .class("form-actions"),
                user.active
                    ? UI.actionButton("停用账号", action: "/admin/users/\(id)/disable", csrf: context.csrfToken,
                                      confirm: "确定停用账号“\(user.account)”吗？", style: "danger")
                    : UI.actionButton("启用账号", action: "/admin/users/\(id)/enable", csrf: context.csrfToken,
                                      confirm: "确定启用账号“\(user.account)”吗？", style: "secondary"),
                UI.actionButton("重置密码", action: "/admin/users/\(id)/reset-password", csrf: context.csrfToken,
                                confirm: "确定重置账号“\(user.account)”的密码吗？", style: "secondary")
            )
        )
    }

    static func passwordShown(title: String, account: String, password: String, back: String) -> Node<HTML.BodyContext> {
        .div(
            .class("narrow card"),
            .h1(.text(title)),
            .p(.text("账号：\(account)")),
            .p(.text("临时密码："), .code(.class("secret"), .text(password))),
            UI.alert("临时密码只显示这一次，请通过安全渠道告知用户。用户首次登录时必须修改密码。", kind: .warning),
            .p(UI.buttonLink("完成", url: back, style: "primary"))
        )
    }

    // MARK: Organizations

    static let kindOptions = [SelectOption(value: "", label: "全部")]
        + OrganizationKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }

    static func organizations(_ list: OrganizationList, page: Paged<OrganizationList.Row>,
                              filter: OrganizationList.Filter, viewer: ListViewer) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader(list.title, actions: [UI.buttonLink("新增高新区/孵化器", url: "/admin/organizations/new",
                                                              style: "primary")]),
            UI.queryBar(action: Page.organizations.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "机构名称或行政区划代码"),
                FieldSpec(label: "机构类型", name: "kind", value: filter.kind?.rawValue ?? "", kind: .select(kindOptions)),
            ], exportURL: exportURL(list, filter)),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的机构"),
            UI.pagination(page.info, baseURL: Page.organizations.path, query: list.queryItems(filter))
        )
    }

    static func organizationForm(_ form: OrganizationAdminController.OrganizationForm, errors: FormErrors,
                                 organization: Organization?, context: PageContext) -> Node<HTML.BodyContext> {
        let isNew = organization == nil
        let kindChoices = [OrganizationKind.zone, .incubator].map { SelectOption(value: $0.rawValue, label: $0.label) }
        return .group(
            UI.pageHeader(isNew ? "新增机构" : (organization?.name ?? ""), actions: [
                UI.buttonLink("返回列表", url: Page.organizations.path),
            ]),
            .unwrap(organization) { org in
                .section(.class("card"), UI.details([
                    ("类型", org.kind.label), ("行政区划代码", org.regionCode ?? "—"),
                    ("所在地区", org.regionCode.map { RegionTable.shipped.fullName(of: $0) } ?? "—"),
                    ("状态", org.active ? "正常" : "停用"),
                ]), .div(.class("form-actions"), org.active
                    ? UI.actionButton("停用机构", action: "/admin/organizations/\(org.id ?? 0)/disable",
                                      csrf: context.csrfToken, confirm: "确定停用“\(org.name)”吗？", style: "danger")
                    : UI.actionButton("启用机构", action: "/admin/organizations/\(org.id ?? 0)/enable",
                                      csrf: context.csrfToken, confirm: "确定启用“\(org.name)”吗？", style: "secondary")))
            },
            .form(
                .method(.post), .action(organization.map { "/admin/organizations/\($0.id ?? 0)" } ?? Page.organizations.path),
                .class("stacked card"),
                UI.csrfField(context.csrfToken),
                .if(isNew, UI.field(FieldSpec(label: "机构类型", name: "kind", value: form.kind ?? "",
                                              kind: .select(kindChoices), required: true, error: errors["kind"]))),
                UI.field(FieldSpec(label: "机构名称", name: "name", value: form.name ?? "", required: true,
                                   error: errors["name"], maxLength: 100)),
                .if(isNew, UI.field(FieldSpec(label: "所在行政区划代码", name: "regionCode", value: form.regionCode ?? "",
                                              required: true, placeholder: "如 210200",
                                              help: "高新区、孵化器所在的市或区县代码", error: errors["regionCode"],
                                              maxLength: 6))),
                .div(.class("form-actions"), UI.submit(isNew ? "创建机构" : "保存"))
            )
        )
    }

    // MARK: Logs

    private static func rangeFields(_ range: DayRange) -> [FieldSpec] {
        [FieldSpec(label: "开始日期", name: "from", value: range.from, kind: .date),
         FieldSpec(label: "结束日期", name: "to", value: range.to, kind: .date)]
    }

    static func logins(_ list: LoginLogList, page: Paged<LoginAttempt>, filter: LoginLogList.Filter,
                       viewer: ListViewer) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader(list.title),
            UI.queryBar(action: Page.loginLog.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "账号或 IP"),
                FieldSpec(label: "结果", name: "outcome", value: filter.outcome, kind: .select([
                    SelectOption(value: "", label: "全部"), SelectOption(value: "success", label: "成功"),
                    SelectOption(value: "failure", label: "失败"),
                ])),
            ] + rangeFields(filter.range), exportURL: exportURL(list, filter)),
            list.table(page, viewer: viewer, numbered: false, emptyText: "没有登录记录"),
            UI.pagination(page.info, baseURL: Page.loginLog.path, query: list.queryItems(filter))
        )
    }

    static func audit(_ list: AuditLogList, page: Paged<AuditEntry>, filter: AuditLogList.Filter, viewer: ListViewer,
                      retentionDays: Int) -> Node<HTML.BodyContext> {
        let actions = [SelectOption(value: "", label: "全部")]
            + AuditAction.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        let outcomes = [SelectOption(value: "", label: "全部"), SelectOption(value: "success", label: "成功"),
                        SelectOption(value: "failure", label: "失败"), SelectOption(value: "denied", label: "拒绝")]
        return .group(
            UI.pageHeader(list.title),
            .p(.class("muted"), .text("操作日志只可查询，不可修改或删除；保留 \(retentionDays) 天。")),
            UI.queryBar(action: Page.auditLog.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "账号、机构、IP 或对象编号"),
                FieldSpec(label: "操作", name: "action", value: filter.action?.rawValue ?? "", kind: .select(actions)),
                FieldSpec(label: "结果", name: "outcome", value: filter.outcome?.rawValue ?? "", kind: .select(outcomes)),
            ] + rangeFields(filter.range), exportURL: exportURL(list, filter)),
            list.table(page, viewer: viewer, numbered: false, emptyText: "没有符合条件的日志"),
            UI.pagination(page.info, baseURL: Page.auditLog.path, query: list.queryItems(filter))
        )
    }

    static func sms(_ list: SMSList, page: Paged<SMSMessage>, filter: String, viewer: ListViewer) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader(list.title),
            .p(.class("muted"), .text("未接入短信服务商时，平台发送的短信写入发件箱并在此显示。")),
            UI.queryBar(action: Page.sms.path, fields: [FieldSpec(label: "手机号", name: "q", value: filter)],
                        exportURL: exportURL(list, filter)),
            list.table(page, viewer: viewer, numbered: false, emptyText: "没有短信记录"),
            UI.pagination(page.info, baseURL: Page.sms.path, query: list.queryItems(filter))
        )
    }
}

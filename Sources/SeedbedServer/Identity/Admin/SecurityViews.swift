import Foundation
import Plot
import SeedbedDomain

/// Pages of 安全管理 (the security administrator's).
enum SecurityViews {
    static func page(_ form: SecurityAdminController.PolicyForm, errors: FormErrors,
                     locked: [SecurityAdminController.LockedSubject], context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader("安全管理", actions: [UI.buttonLink("角色分配", url: Page.securityRoles.path)]),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            policyForm(form, errors: errors, context: context),
            lockedSection(locked, context: context)
        )
    }

    private static func policyForm(_ form: SecurityAdminController.PolicyForm, errors: FormErrors,
                                   context: PageContext) -> Node<HTML.BodyContext> {
        typealias Bounds = SecurityPolicy.Bounds
        func number(_ label: String, _ name: String, _ value: String?, _ range: ClosedRange<Int>, help: String)
            -> FieldSpec
        {
            FieldSpec(label: label, name: name, value: value ?? "", kind: .number, required: true,
                      help: "\(help)（\(range.lowerBound)–\(range.upperBound)）", error: errors[name], maxLength: 4)
        }
        let fields = [
            number("密码最短长度（位）", "minimumLength", form.minimumLength, Bounds.minimumLength, help: "新设密码的最少字符数"),
            number("须包含的字符类别数", "requiredClasses", form.requiredClasses, Bounds.requiredClasses,
                   help: "大写字母、小写字母、数字、特殊符号中至少几类"),
            number("不得重复最近几次密码", "historyDepth", form.historyDepth, Bounds.historyDepth, help: "含当前密码"),
            number("密码有效期（天）", "maximumAgeDays", form.maximumAgeDays, Bounds.maximumAgeDays,
                   help: "到期须修改，0 表示不限"),
            number("账号连续登录失败锁定次数", "accountLockThreshold", form.accountLockThreshold,
                   Bounds.accountLockThreshold, help: "统计时段内同一账号失败达到该次数即锁定"),
            number("同一 IP 地址登录失败锁定次数", "ipLockThreshold", form.ipLockThreshold, Bounds.ipLockThreshold,
                   help: "统计时段内同一地址失败达到该次数即锁定"),
            number("失败次数统计时段（分钟）", "lockWindowMinutes", form.lockWindowMinutes, Bounds.lockWindowMinutes,
                   help: "在该时段内累计失败次数"),
            number("锁定时长（分钟）", "lockMinutes", form.lockMinutes, Bounds.lockMinutes, help: "锁定后经过该时长自动解除"),
        ]
        return .section(
            .class("card"),
            .h2(.text("密码与登录锁定策略")),
            .form(
                .method(.post), .action("/admin/security/policy"), .class("stacked"),
                UI.csrfField(context.csrfToken),
                .forEach(fields) { UI.field($0) },
                .p(.class("muted"), .text("保存后立即对所有节点生效（其他节点最迟数秒内）；现有密码在下次修改时按新策略校验。")),
                .div(.class("form-actions"), UI.submit("保存策略"))
            )
        )
    }

    private static func lockedSection(_ locked: [SecurityAdminController.LockedSubject],
                                      context: PageContext) -> Node<HTML.BodyContext> {
        let rows: [[Node<HTML.BodyContext>]] = locked.map { entry in
            [
                .text(entry.kind), .text(entry.name), .text(AdminViews.time(entry.until)),
                .form(
                    .class("inline"), .method(.post), .action("/admin/security/unlock"),
                    UI.csrfField(context.csrfToken), UI.hidden("subject", entry.subject),
                    .button(.class("btn btn-link"), .type(.submit), .text("解除锁定"))
                ),
            ]
        }
        return .section(
            .class("card"),
            .h2(.text("当前被锁定的账号与地址")),
            UI.table(columns: ["类型", "账号 / IP 地址", "锁定至", "操作"], rows: rows, emptyText: "当前没有被锁定的账号或地址")
        )
    }

    static func roles(_ rows: [SecurityAdminController.RoleRow], q: String, context: PageContext)
        -> Node<HTML.BodyContext>
    {
        let table: [[Node<HTML.BodyContext>]] = rows.map { row in
            [
                .text(row.account), .text(row.name), .text(row.role?.label ?? "—"), .text(row.organization ?? "—"),
                row.isSelf ? .span(.class("muted"), .text("本人角色不可变更")) : roleForm(row, context: context),
            ]
        }
        return .group(
            UI.pageHeader("角色分配", actions: [UI.buttonLink("返回安全管理", url: Page.security.path)]),
            .p(.class("muted"), .text("系统管理员、安全管理员、审计管理员三员分立：每个账号只能担任一种角色，管理员角色只能在此或通过命令行授予；政府用户与企业用户的角色随所属机构或企业确定。")),
            UI.queryBar(action: Page.securityRoles.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: q, placeholder: "账号或姓名"),
            ]),
            UI.table(columns: ["账号", "姓名", "当前角色", "所属机构", "变更角色"], rows: table,
                     emptyText: "没有符合条件的账号（最多显示 50 个，请输入账号或姓名搜索）")
        )
    }

    private static func roleForm(_ row: SecurityAdminController.RoleRow, context: PageContext)
        -> Node<HTML.BodyContext>
    {
        .form(
            .class("inline"), .method(.post), .action("/admin/security/roles/\(row.id)"),
            UI.csrfField(context.csrfToken),
            Tag.element("select", [("name", "role"), ("aria-label", "\(row.account) 的角色")], row.choices.map { role in
                Tag.element("option", [("value", role.rawValue), ("selected", role == row.role ? "selected" : nil)],
                            [.text(role.label)])
            }),
            .button(.class("btn btn-link"), .type(.submit), .text("变更"))
        )
    }
}

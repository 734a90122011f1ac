import Foundation
import Plot
import SeedbedDomain

/// Pages of 账号变更: the enterprise's page (two ways to bind a new phone, its requests) and the administrator's
/// list and detail (账号变更审核) and 邮件记录.
enum AccountChangeViews {
    typealias Body = Node<HTML.BodyContext>

    static func page(_ state: AccountChangeController.State, errors: FormErrors, phone: String, context: PageContext)
        -> Body
    {
        let base = Page.myAccountChange.path
        let email = state.user.email.flatMap { $0.contains("@") ? Masking.email($0) : nil }
        return .group(
            UI.pageHeader(Page.myAccountChange.title, actions: [UI.buttonLink("常见问题", url: "/faq")]),
            .p(.class("muted"), .text("当前绑定手机号：\(state.user.phone ?? "未绑定")。可选择邮箱核验或人工核验的方式变更手机号，变更成功后系统会向新手机号发送包含登录名的短信。")),
            .section(
                .class("card"),
                .h2(.text("方式一：邮箱核验")),
                .p(.class("muted"), .text(email.map { "验证码将发送至账号登记的电子邮箱 \($0)，\(AccountChangeRule.codeLifetimeMinutes) 分钟内有效，最多可尝试 \(AccountChangeRule.maxTries) 次。" }
                    ?? "本账号未登记电子邮箱，请使用人工核验。")),
                .form(
                    .method(.post), .action(base + "/email"), .class("stacked"),
                    UI.csrfField(context.csrfToken),
                    UI.field(FieldSpec(label: "新手机号码", name: "phone", value: errors["phone"] == nil ? "" : phone,
                                       kind: .tel, required: true, placeholder: "11 位手机号码", error: errors["phone"],
                                       maxLength: 20)),
                    .div(.class("form-actions"), UI.submit("发送邮箱验证码", style: email == nil ? "secondary" : "primary"))
                ),
                .unwrap(state.pendingCode) { code in
                    .form(
                        .method(.post), .action(base + "/email/confirm"), .class("stacked"),
                        UI.csrfField(context.csrfToken),
                        .p(.text("已发送验证码，用于绑定 \(code.phoneMasked)。")),
                        UI.field(FieldSpec(label: "邮箱验证码", name: "code", required: true, placeholder: "6 位数字",
                                           error: errors["code"], maxLength: 6)),
                        .div(.class("form-actions"), UI.submit("确认变更"))
                    )
                },
                .if(state.pendingCode == nil && errors["code"] != nil,
                    .unwrap(errors["code"]) { UI.alert($0) })
            ),
            .section(
                .class("card"),
                .h2(.text("方式二：人工核验")),
                .p(.class("muted"), .text("上传加盖企业公章并由法定代表人签字的手机号变更申请表（PDF、JPG 或 PNG），平台管理员审核通过后生效。")),
                .form(
                    .method(.post), .action(UI.uploadAction(base + "/manual", csrf: context.csrfToken)),
                    .enctype(.multipartData), .class("stacked"),
                    UI.csrfField(context.csrfToken),
                    UI.field(FieldSpec(label: "新手机号码", name: "phone", value: errors["manual_phone"] == nil ? "" : phone,
                                       kind: .tel, required: true, placeholder: "11 位手机号码",
                                       error: errors["manual_phone"], maxLength: 20)),
                    .div(
                        .class(errors["form"] == nil ? "field" : "field field-invalid"),
                        .label(.for("f-form"), .text("变更申请表"), .span(.class("req"), .text("*"))),
                        Tag.void("input", [("id", "f-form"), ("type", "file"), ("name", "form"), ("required", "required"),
                                           ("accept", ".pdf,.jpg,.jpeg,.png")]),
                        .unwrap(errors["form"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
                    ),
                    .div(.class("form-actions"), UI.submit("提交人工核验申请"))
                ),
                .h3(.text("我的变更申请")),
                UI.table(columns: ["提交时间", "新手机号", "申请表", "状态", "审核意见"], rows: state.requests.map { request in
                    [.text(AdminViews.time(request.createdAt)), .text(request.phoneMasked),
                     .a(.href("/files/\(request.fileID)"), .text("下载")),
                     UI.badge(request.status.label, tone: request.status.tone), .text(request.reason ?? "—")]
                }, emptyText: "暂无人工核验申请")
            )
        )
    }

    // MARK: Administrator

    struct Row {
        let request: AccountChangeRequest
        let enterprise: String
        let account: String
    }

    static func adminList(_ rows: [Row], page: PageInfo, status: AccountChangeStatus?, context: PageContext) -> Body {
        let statuses = [SelectOption(value: "", label: "全部")]
            + AccountChangeStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        return .group(
            UI.pageHeader(Page.accountChanges.title),
            .p(.class("muted"), .text("企业通过人工核验提交的手机号变更申请。核对申请表后通过或驳回；通过后新手机号生效，并以短信发送登录名。")),
            UI.queryBar(action: Page.accountChanges.path, fields: [
                FieldSpec(label: "状态", name: "status", value: status?.rawValue ?? "", kind: .select(statuses)),
            ]),
            UI.table(columns: ["提交时间", "企业名称", "账号", "新手机号", "状态", "操作"], rows: rows.map { row in
                let id = row.request.id ?? 0
                return [.text(AdminViews.time(row.request.createdAt)), .text(row.enterprise), .text(row.account),
                        .text(row.request.phoneMasked), UI.badge(row.request.status.label, tone: row.request.status.tone),
                        .a(.href("\(Page.accountChanges.path)/\(id)"), .text(row.request.status == .pending ? "审核" : "详情"))]
            }, emptyText: "没有符合条件的申请"),
            UI.pagination(page, baseURL: Page.accountChanges.path,
                          query: status.map { [("status", $0.rawValue)] } ?? [])
        )
    }

    static func adminDetail(_ row: Row, currentPhone: String?, errors: FormErrors, reason: String, context: PageContext)
        -> Body
    {
        let request = row.request
        let id = request.id ?? 0
        let base = "\(Page.accountChanges.path)/\(id)"
        return .group(
            UI.pageHeader("账号变更申请", actions: [UI.buttonLink("返回列表", url: Page.accountChanges.path)]),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .section(
                .class("card"),
                UI.details([
                    ("企业名称", row.enterprise), ("账号", row.account), ("当前手机号", currentPhone ?? "—"),
                    ("新手机号", request.phoneMasked), ("提交时间", AdminViews.time(request.createdAt)),
                    ("状态", request.status.label), ("审核时间", AdminViews.time(request.decidedAt)),
                    ("审核意见", request.reason ?? "—"),
                ]),
                .p(.text("申请表："), .a(.href("/files/\(request.fileID)"), .text("下载查看")))
            ),
            .if(request.status == .pending, .section(
                .class("card"),
                .h2(.text("审核")),
                .div(.class("form-actions"),
                     UI.actionButton("通过", action: base + "/approve", csrf: context.csrfToken,
                                     confirm: "确定通过该申请吗？新手机号将立即生效，并以短信发送登录名。", style: "primary")),
                .form(
                    .method(.post), .action(base + "/reject"), .class("stacked"),
                    UI.csrfField(context.csrfToken),
                    UI.field(FieldSpec(label: "驳回原因", name: "reason", value: reason, kind: .textarea, required: true,
                                       help: "不超过 \(AccountChangeRule.maxReasonLength) 字，企业可在账号变更页面看到",
                                       error: errors["reason"], maxLength: AccountChangeRule.maxReasonLength)),
                    .div(.class("form-actions"), UI.submit("驳回", style: "danger"))
                )
            ))
        )
    }
}

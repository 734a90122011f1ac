import Plot
import SeedbedDomain

/// The public registration page.
enum RegistrationViews {
    static func page(context: PageContext, values: [String: String], errors: FormErrors, zones: DataDictionary,
                     captchaID: String?) -> HTML {
        func field(_ definition: FieldDefinition) -> Node<HTML.FormContext> {
            UI.field(FieldSpec(definition, value: values[definition.id.rawValue] ?? "", error: errors[definition.id.rawValue],
                               dictionaries: [.zone: zones]))
        }
        let licence = RegistrationForm.businessLicence
        let body: Node<HTML.BodyContext> = .div(
            .class("register"),
            .h1(.text("企业注册")),
            .p(.class("muted"), .text("请按营业执照如实填写。提交后由企业注册地所属高新区（不在高新区的为区县）审核，审核通过后平台向联系人手机发送短信。")),
            .if(!errors.isEmpty, UI.alert(errors["_"] ?? "请修改标红的项目后再提交")),
            .form(
                .method(.post), .action(UI.uploadAction("/register", csrf: context.csrfToken)), .enctype(.multipartData),
                .class("stacked card"),
                UI.csrfField(context.csrfToken),
                .h2(.text(RegistrationForm.uscc.group)),
                .div(.class("uscc-live"), field(RegistrationForm.uscc),
                     .div(.class("help uscc-feedback"), .attribute(named: "aria-live", value: "polite"))),
                field(RegistrationForm.name),
                field(RegistrationForm.region),
                field(RegistrationForm.zone),
                .div(
                    .class(errors[licence.id.rawValue] == nil ? "field" : "field field-invalid"),
                    .label(.for("f-licence"), .text(licence.label), .if(licence.required, .span(.class("req"), .text("*")))),
                    Tag.void("input", [("id", "f-licence"), ("type", "file"), ("name", licence.id.rawValue),
                                       ("required", licence.required ? "required" : nil), ("accept", ".pdf,.jpg,.jpeg,.png")]),
                    .div(.class("help"), .text("PDF、JPG 或 PNG，不超过 20 MB")),
                    .unwrap(errors[licence.id.rawValue]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
                ),
                .h2(.text(RegistrationForm.account.group)),
                field(RegistrationForm.contactName), field(RegistrationForm.contactPhone), field(RegistrationForm.email),
                field(RegistrationForm.account),
                UI.field(FieldSpec(label: "登录密码", name: "password", kind: .password, required: true,
                                   help: "至少 8 位，包含大写字母、小写字母、数字、特殊符号中的至少 3 类", error: errors["password"])),
                UI.field(FieldSpec(label: "确认密码", name: "confirm", kind: .password, required: true, error: errors["confirm"])),
                .h2(.text("知情同意书")),
                .div(.class("consent-text"), .attribute(named: "tabindex", value: "0"),
                     .forEach(RegistrationController.consentText) { .p(.text($0)) }),
                .div(
                    .class(errors["consent"] == nil ? "field" : "field field-invalid"),
                    .label(Tag.void("input", [("type", "checkbox"), ("name", "consent"), ("value", "1"), ("required", "required"),
                                              ("checked", values["consent"] == "1" ? "checked" : nil)]),
                           .text(" 我已阅读并同意《知情同意书》")),
                    .unwrap(errors["consent"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
                ),
                .unwrap(captchaID) { CaptchaField.node(id: $0, refresh: "/register") },
                .unwrap(errors["captcha"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                .div(.class("form-actions"), UI.submit("提交注册"), .a(.class("btn btn-secondary"), .href("/login"), .text("已有账号，去登录")))
            )
        )
        return Layout.publicPage("企业注册", context, body)
    }
}

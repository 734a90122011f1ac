import Foundation
import Plot
import TextFormatting

/// Small building blocks every page shares (DESIGN.md "Web"): the query bar, tables with pagination,
/// form fields with inline errors, badges, flash messages. Labels are passed in; no page retypes markup.
enum UI {
    typealias Body = Node<HTML.BodyContext>

    // MARK: Messages

    static func flash(_ flash: Flash?) -> Body {
        guard let flash else { return .empty }
        return .div(.class("flash flash-\(flash.kind.rawValue)"), .attribute(named: "role", value: "status"),
                    .text(flash.message))
    }

    static func alert(_ message: String, kind: Flash.Kind = .error) -> Body {
        .div(.class("flash flash-\(kind.rawValue)"), .attribute(named: "role", value: "alert"), .text(message))
    }

    static func badge(_ text: String, tone: String = "neutral") -> Body {
        .span(.class("badge badge-\(tone)"), .text(text))
    }

    static func pageHeader(_ title: String, actions: [Body] = []) -> Body {
        .div(.class("page-header"), .h1(.text(title)), .div(.class("page-actions"), .group(actions)))
    }

    static func buttonLink(_ label: String, url: String, style: String = "secondary") -> Body {
        .a(.class("btn btn-\(style)"), .href(url), .text(label))
    }

    /// 导出 Excel: a button that POSTs to the export URL (filters in its query string) through the shell's one
    /// CSRF-protected form (`Layout.postFormID`), since starting an export writes (an audit entry, maybe a job)
    /// and a GET must not.
    static func exportButton<C>(_ url: String, label: String = "导出 Excel") -> Node<C> {
        Tag.element("button", [("class", "btn btn-secondary"), ("type", "submit"), ("form", Layout.postFormID),
                               ("formaction", url)], [.text(label)])
    }

    static func emptyState(_ text: String) -> Body {
        .p(.class("empty"), .text(text))
    }

    // MARK: Forms

    static func csrfField(_ token: String) -> Node<HTML.FormContext> {
        hidden("_csrf", token)
    }

    /// The action of a form that uploads files: its CSRF token travels in the URL, so the server can refuse a
    /// forged upload before reading megabytes of body (a hidden field would sit inside that body).
    static func uploadAction(_ action: String, csrf token: String) -> String {
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        return action + (action.contains("?") ? "&" : "?") + "_csrf=" + encoded
    }

    static func hidden(_ name: String, _ value: String) -> Node<HTML.FormContext> {
        Tag.void("input", [("type", "hidden"), ("name", name), ("value", value)])
    }

    /// A labelled field with a red star when required and an inline error below.
    static func field(_ spec: FieldSpec) -> Node<HTML.FormContext> {
        let inputID = "f-" + spec.name
        return .div(
            .class((spec.error == nil ? "field" : "field field-invalid") + (spec.cascade == nil ? "" : " region-cascade")),
            .unwrap(spec.cascade) { .data(named: "source", value: $0) },
            .label(.for(inputID), .text(spec.label), .if(spec.required, .span(.class("req"), .text("*")))),
            control(spec, id: inputID),
            .unwrap(spec.help) { .div(.class("help"), .text($0)) },
            .unwrap(spec.error) {
                .div(.class("error"), .id(inputID + "-error"), .attribute(named: "role", value: "alert"), .text($0))
            }
        )
    }

    private static func control(_ spec: FieldSpec, id: String) -> Node<HTML.FormContext> {
        var common: [Tag.Attr] = [("id", id), ("name", spec.name)]
        if spec.required { common.append(("required", "required")) }
        if spec.error != nil {
            common.append(("aria-invalid", "true"))
            common.append(("aria-describedby", id + "-error"))
        }
        switch spec.kind {
        case .select(let options):
            if spec.readOnly { common.append(("disabled", "disabled")) }
            return Tag.element("select", common, options.map { option in
                Tag.element("option", [("value", option.value), ("selected", option.value == spec.value ? "selected" : nil)],
                            [.text(option.label)])
            })
        case .textarea:
            if spec.readOnly { common.append(("readonly", "readonly")) }
            return Tag.element("textarea", common + [("rows", "4")], [.text(spec.value)])
        case .text, .password, .tel, .date, .number, .email:
            var attributes = common + [("type", spec.kind.inputType.rawValue)]
            if spec.kind != .password { attributes.append(("value", spec.value)) }
            if spec.readOnly { attributes.append(("readonly", "readonly")) }
            attributes.append(("placeholder", spec.placeholder))
            attributes.append(("maxlength", spec.maxLength.map(String.init)))
            if spec.kind == .password { attributes.append(("autocomplete", "off")) }
            return Tag.void("input", attributes)
        }
    }

    static func submit(_ title: String, name: String? = nil, value: String? = nil, style: String = "primary")
        -> Node<HTML.FormContext>
    {
        .button(.class("btn btn-\(style)"), .type(.submit),
                .unwrap(name) { .attribute(named: "name", value: $0) },
                .unwrap(value) { .attribute(named: "value", value: $0) },
                .text(title))
    }

    /// A one-button POST form (disable, enable, reset …). With `confirm` the browser asks first (JS), and
    /// without JS the server shows a confirmation page because `confirmed` is missing.
    static func actionButton(_ title: String, action: String, csrf: String, confirm: String? = nil,
                             style: String = "link") -> Body {
        .form(
            .class("inline"), .method(.post), .action(action),
            .unwrap(confirm) { .attribute(named: "data-confirm", value: Tag.escape($0)) },
            csrfField(csrf),
            .button(.class("btn btn-\(style)"), .type(.submit), .text(title))
        )
    }

    // MARK: Query bar, tables, pagination

    /// The shared 搜索/筛选 bar: a GET form with 查询 and 重置.
    static func queryBar(action: String, fields: [FieldSpec], exportURL: String? = nil) -> Body {
        .form(
            .class("query-bar"), .id("query-bar-form"), .method(.get), .action(action),
            .forEach(fields) { spec in field(spec) },
            .div(.class("query-actions"),
                 submit("查询"),
                 .a(.class("btn btn-secondary"), .href(action), .text("重置")),
                 .unwrap(exportURL) { exportButton($0) })
        )
    }

    static func table(columns: [String], rows: [[Body]], caption: String? = nil, emptyText: String = "暂无数据")
        -> Body
    {
        guard !rows.isEmpty else { return emptyState(emptyText) }
        return .div(
            .class("table-wrap"),
            .table(
                .class("data"),
                .unwrap(caption) { .caption(.text($0)) },
                .thead(.tr(.forEach(columns) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(rows) { cells in .tr(.forEach(cells) { .td($0) }) })
            )
        )
    }

    static func pagination(_ page: PageInfo, baseURL: String, query: [(String, String)]) -> Body {
        guard page.total > 0 else { return .empty }
        func href(_ items: [(String, String)]) -> String {
            baseURL + "?" + URLQuery.encode(query.filter { !["page", "after", "before"].contains($0.0) && !$0.1.isEmpty } + items)
        }
        func link(_ number: Int) -> String { href([("page", String(number))]) }
        let numbers = page.windowedPages(radius: 2)
        return .nav(
            .class("pagination"), .attribute(named: "aria-label", value: "分页"),
            .span(.class("total"), .text("共 \(page.total) 条，第 \(page.page)/\(page.pageCount) 页")),
            .if(page.page > 1, .a(.href(href(page.step(-1))), .text("上一页"))),
            .forEach(numbers) { number in
                number == page.page
                    ? .span(.class("current"), .attribute(named: "aria-current", value: "page"), .text(String(number)))
                    : .a(.href(link(number)), .text(String(number)))
            },
            .if(page.page < page.pageCount, .a(.href(href(page.step(1))), .text("下一页")))
        )
    }

    /// A definition list for detail pages.
    static func details(_ items: [(String, String)]) -> Body {
        .dl(.class("details"), .forEach(items) { item in .group(.dt(.text(item.0)), .dd(.text(item.1))) })
    }
}

/// What a form field shows: label, name, current value, error.
struct FieldSpec {
    enum Kind: Equatable {
        case text, password, tel, date, number, email, textarea
        case select([SelectOption])

        var inputType: HTMLInputType {
            switch self {
            case .password: .password
            case .tel: .tel
            case .date: .date
            case .number: .number
            case .email: .email
            default: .text
            }
        }
    }

    var label: String
    var name: String
    var value: String = ""
    var kind: Kind = .text
    var required: Bool = false
    var readOnly: Bool = false
    var placeholder: String?
    var help: String?
    var error: String?
    var maxLength: Int?
    /// Where app.js reads the province → city → county tree whose choice fills this (county code) field; typing
    /// the code still works without JavaScript.
    var cascade: String?
}

struct SelectOption: Equatable {
    var value: String
    var label: String
}

/// Encodes query items for links (pagination, filters, export).
enum URLQuery {
    static func encode(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return items.map { key, value in
            let k = key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
            let v = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            return k + "=" + v
        }.joined(separator: "&")
    }
}

/// Raw elements for the places where Plot's typed contexts do not fit (form controls built from data).
/// Plot writes attribute values verbatim, so values are escaped here: a quote typed into a search box or a
/// title must not end the attribute. A `nil` value leaves the attribute out.
enum Tag {
    typealias Attr = (String, String?)

    static func element<C>(_ name: String, _ attributes: [Attr], _ children: [Node<C>] = []) -> Node<C> {
        .element(named: name, nodes: attributes.compactMap { attribute in
            attribute.1.map { Node<C>.attribute(named: attribute.0, value: escape($0), ignoreIfValueIsEmpty: false) }
        } + children)
    }

    static func void<C>(_ name: String, _ attributes: [Attr]) -> Node<C> {
        .selfClosedElement(named: name, attributes: attributes.compactMap { attribute in
            attribute.1.map { Attribute<C>.attribute(named: attribute.0, value: escape($0)) }
        })
    }

    /// An attribute value with `&`, `"`, `<` and `>` as character references.
    static func escape(_ value: String) -> String {
        XMLEscaping.minimal.escape(value)
    }
}

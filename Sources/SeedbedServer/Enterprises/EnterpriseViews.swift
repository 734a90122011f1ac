import Foundation
import Plot
import SeedbedDomain

/// Pages of the enterprise records.
enum EnterpriseViews {
    static let fieldOptions = [SelectOption(value: "", label: "全部")]
        + TechField.allCases.map { SelectOption(value: String($0.rawValue), label: $0.label) }
    static let sectionOptions = [SelectOption(value: "", label: "全部")]
        + IndustrySection.all.map { SelectOption(value: $0.letter, label: "\($0.letter) \($0.name)") }
    static let statusOptions = [SelectOption(value: "", label: "全部")]
        + EnterpriseStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }

    static func list(_ list: EnterpriseList, page: Paged<EnterpriseRow>, filter: EnterpriseFilter,
                     options: FilterOptions, user: CurrentUser) -> Node<HTML.BodyContext> {
        var fields = [FieldSpec(label: "搜索", name: "q", value: filter.q ?? "", placeholder: "企业名称或统一社会信用代码")]
        if !options.regions.isEmpty {
            fields.append(FieldSpec(label: "所属地区", name: "region", value: filter.region ?? "",
                                    kind: .select([SelectOption(value: "", label: "全部")] + options.regions)))
        }
        fields.append(FieldSpec(label: "技术领域", name: "field", value: filter.techField.map(String.init) ?? "",
                                kind: .select(fieldOptions)))
        fields.append(FieldSpec(label: "行业门类", name: "section", value: filter.section ?? "",
                                kind: .select(sectionOptions)))
        fields.append(FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(statusOptions)))
        fields.append(FieldSpec(label: "审核状态", name: "review", value: filter.review ?? "", kind: .select(
            [SelectOption(value: "", label: "全部"), SelectOption(value: "none", label: "未填报")]
                + FilingStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) })))
        fields.append(FieldSpec(label: "入库状态", name: "admitted", value: filter.admitted ?? "", kind: .select([
            SelectOption(value: "", label: "全部"), SelectOption(value: "1", label: "已入库"), SelectOption(value: "0", label: "未入库"),
        ])))
        let exportQuery = URLQuery.encode(list.queryItems(filter))
        return .group(
            UI.pageHeader(list.title, actions: [
                UI.buttonLink("新增企业", url: "/enterprises/new", style: "primary"),
            ]),
            UI.queryBar(action: Page.enterprises.path, fields: fields,
                        exportURL: "/exports/\(EnterpriseList.id)" + (exportQuery.isEmpty ? "" : "?" + exportQuery)),
            list.table(page, viewer: ListViewer(role: user.role), emptyText: "没有符合条件的企业"),
            UI.pagination(page.info, baseURL: Page.enterprises.path, query: filter.queryItems)
        )
    }

    /// `revealedPhone`: the full contact phone, after an audited 查看完整号码; otherwise the masked one shows.
    static func detail(_ row: EnterpriseRow, user: CurrentUser, previous: Int?, next: Int?, filter: EnterpriseFilter,
                       basicInfo: BasicInfoSummary, context: PageContext, revealedPhone: String? = nil)
        -> Node<HTML.BodyContext>
    {
        let query = URLQuery.encode(filter.queryItems.filter { !$0.1.isEmpty })
        let suffix = query.isEmpty ? "" : "?" + query
        let phone = revealedPhone ?? row.contactPhone ?? ""
        let canReveal = revealedPhone == nil && row.contactPhone != nil && user.role.seesContactDetails
        return .group(
            UI.pageHeader(row.name, actions: [
                UI.buttonLink("审批意见", url: "#opinions"),
                previous.map { UI.buttonLink("上一条", url: "/enterprises/\($0)" + suffix) }
                    ?? UI.buttonLink("上一条", url: Page.enterprises.path + suffix),
                next.map { UI.buttonLink("下一条", url: "/enterprises/\($0)" + suffix) }
                    ?? UI.buttonLink("返回列表", url: Page.enterprises.path + suffix),
                UI.buttonLink("编辑", url: "/enterprises/\(row.id)/edit", style: "primary"),
            ]),
            .section(.class("card"), .h2(.text("基本信息")), UI.details(record(row, phone: phone, withCode: true)),
                     .if(canReveal, revealForm(id: row.id, field: EnterpriseRecordForm.contactPhone.id.rawValue,
                                               context: context))),
            basicInfoSection(basicInfo)
        )
    }

    /// The enterprise record as detail rows, labelled by the catalog (`EnterpriseRecordForm`); `withCode` adds the
    /// region code beside the region's name.
    static func record(_ row: EnterpriseRow, phone: String, withCode: Bool) -> [(String, String)] {
        let form = EnterpriseRecordForm.self
        return [(form.name.label, row.name), (form.uscc.label, row.uscc), ("所属地区", row.regionName)]
            + (withCode ? [("行政区划代码", row.regionCode)] : [])
            + [
                (form.zone.label, row.zoneName ?? "—"), (form.industry.label, row.industryLabel),
                (form.techField.label, row.techFieldLabel), (form.registeredOn.label, row.registeredOn ?? ""),
                ("状态", row.status.label), (form.contactName.label, row.contactName ?? ""), (form.contactPhone.label, phone),
            ]
    }

    /// 查看完整号码: a POST (CSRF-checked), so every reveal is a recorded action rather than a page view.
    static func revealForm(id: Int, field: String, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action("/enterprises/\(id)/reveal"), .class("inline"),
              UI.csrfField(context.csrfToken), UI.hidden("field", field),
              UI.submit("查看完整号码", style: "secondary"))
    }

    /// 企业基本信息 by its catalog tabs (基本信息 · 创新人员 · 体系认定) with its review status and 审批意见.
    static func basicInfoSection(_ summary: BasicInfoSummary) -> Node<HTML.BodyContext> {
        .group(
            .section(.class("card"),
                     .h2(.text("企业基本信息填报")),
                     .p(.text("审核状态："), UI.badge(summary.status?.label ?? "未提交", tone: FilingViews.statusTone(summary.status)))),
            .unwrap(summary.values, { FilingViews.detail(BasicInfoForm.form, values: $0) },
                    else: .section(.class("card"), UI.emptyState("企业尚未提交基本信息"))),
            FilingViews.history(summary.history, names: summary.names)
        )
    }

    static func mine(_ row: EnterpriseRow) -> Node<HTML.BodyContext> {
        .group(
            UI.pageHeader("企业信息"),
            .section(.class("card"), UI.details(record(row, phone: row.contactPhone ?? "", withCode: false)))
        )
    }

    static func form(_ form: EnterpriseForm, errors: FormErrors, id: Int?, user: CurrentUser, options: FilterOptions,
                     context: PageContext) -> Node<HTML.BodyContext> {
        let action = id.map { "/enterprises/\($0)" } ?? Page.enterprises.path
        let values = form.values
        func spec(_ field: FieldDefinition, options: [SelectOption]? = nil, readOnly: Bool = false) -> FieldSpec {
            FieldSpec(field, value: values[field.id] ?? "", error: errors[field.id.rawValue], options: options,
                      readOnly: readOnly)
        }
        var fields = [
            spec(EnterpriseRecordForm.uscc), spec(EnterpriseRecordForm.name),
            spec(EnterpriseRecordForm.region, options: options.counties, readOnly: user.role == .county),
        ]
        if user.role != .zone && user.role != .incubator {
            fields.append(spec(EnterpriseRecordForm.zone, options: options.zones))
        }
        fields += [EnterpriseRecordForm.industry, EnterpriseRecordForm.techField, EnterpriseRecordForm.registeredOn,
                   EnterpriseRecordForm.contactName, EnterpriseRecordForm.contactPhone].map { spec($0) }
        if id != nil {
            fields.append(FieldSpec(label: "状态", name: "status", value: form.status ?? "active",
                                    kind: .select(Array(statusOptions.dropFirst()))))
        }
        return .group(
            UI.pageHeader(id == nil ? "新增企业" : "编辑企业"),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .form(
                .method(.post), .action(action), .class("stacked card"),
                UI.csrfField(context.csrfToken),
                .forEach(fields) { UI.field($0) },
                .div(.class("form-actions"), UI.submit("保存"),
                     .a(.class("btn btn-secondary"), .href(id.map { "/enterprises/\($0)" } ?? Page.enterprises.path),
                        .text("取消")))
            )
        )
    }
}

import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// The create/edit form of an enterprise record, validated field by field with Chinese messages. The scope
/// check is part of validation: the enterprise as it would be after the write must lie in the user's scope.
struct EnterpriseForm: Content {
    var uscc: String?
    var name: String?
    var regionCode: String?
    var zoneID: String?
    var industryCode: String?
    var techField: String?
    var registeredOn: String?
    var contactName: String?
    var contactPhone: String?
    var status: String?

    init() {}

    init(_ row: EnterpriseRow) {
        uscc = row.uscc
        name = row.name
        regionCode = row.regionCode
        zoneID = row.zoneID.map(String.init)
        industryCode = row.industryCode
        techField = row.techField.map(String.init)
        registeredOn = row.registeredOn
        contactName = row.contactName
        contactPhone = row.contactPhone
        status = row.status
    }

    /// A validated form, ready to be written.
    struct Valid {
        let uscc: String
        let name: String
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let industryCode: String?
        let techField: Int?
        let registeredOn: String?
        let contactName: String?
        let contactPhone: String?
        let status: String
    }

    /// Validates every field; returns the errors by field name, or the valid values.
    func validate(user: CurrentUser, existingID: Int?, existingIncubator: Int?, on db: any Database, today: Date)
        async throws -> Result<Valid, FormErrors>
    {
        var errors = FormErrors()
        var code = ""
        switch USCC.parse(uscc ?? "") {
        case .success(let parsed): code = parsed.value
        case .failure(let error): errors["uscc"] = error.message
        }
        if !code.isEmpty {
            let clash = try await Enterprise.query(on: db).filter(\.$uscc == code).first()
            if let clash, clash.id != existingID { errors["uscc"] = "该统一社会信用代码已登记" }
        }
        let trimmedName = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedName.isEmpty { errors["name"] = "请填写企业名称" }
        else if trimmedName.count > 100 { errors["name"] = "企业名称不能超过 100 个字" }

        let region = (regionCode ?? "").trimmingCharacters(in: .whitespaces)
        if region.isEmpty { errors["regionCode"] = "请选择所属区县" }
        else if RegionTable.shipped[region]?.level != .county {
            errors["regionCode"] = "“\(region)”不是有效的区县级行政区划代码"
        }

        var zone: Int?
        if let raw = zoneID, !raw.isEmpty {
            if let id = Int(raw), let org = try await Organization.find(id, on: db), org.kind == .zone, org.active {
                zone = id
            } else {
                errors["zoneID"] = "所选高新区不存在或已停用"
            }
        }
        var incubator = existingIncubator
        switch user.role {
        case .zone: zone = user.organizationID
        case .incubator: incubator = user.organizationID
        default: break
        }

        var industry: String?
        if let raw = industryCode, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            if let parsed = IndustryCode.parse(raw) { industry = parsed.description }
            else { errors["industryCode"] = "行业代码应为门类字母加两位大类代码，如 C39；大类须属于该门类" }
        }
        var field: Int?
        if let raw = techField, !raw.isEmpty {
            if let value = Int(raw), TechField(rawValue: value) != nil { field = value }
            else { errors["techField"] = "请选择有效的高新技术领域" }
        }
        var date: String?
        if let raw = registeredOn?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let parsed = Self.parseDate(raw) {
                if parsed > today { errors["registeredOn"] = "成立日期不能晚于今天" }
                else { date = raw }
            } else {
                errors["registeredOn"] = "成立日期格式应为 YYYY-MM-DD"
            }
        }
        let phone = contactPhone?.trimmingCharacters(in: .whitespaces)
        if let phone, !phone.isEmpty, !(phone.count == 11 && phone.hasPrefix("1") && phone.allSatisfy(\.isNumber)) {
            errors["contactPhone"] = "请填写 11 位手机号码"
        }
        let contact = contactName?.trimmingCharacters(in: .whitespaces)
        if let contact, contact.count > 30 { errors["contactName"] = "联系人姓名不能超过 30 个字" }
        let statusValue = status.flatMap { EnterpriseStatus(rawValue: $0) }?.rawValue ?? EnterpriseStatus.active.rawValue

        if errors.isEmpty {
            let subject = ScopeSubject(enterpriseID: existingID ?? -1, regionCode: region, zoneID: zone,
                                       incubatorID: incubator)
            // The record as it will be after the write must lie in the writer's scope: a county user cannot
            // create or move an enterprise into another county, by any form field.
            if !user.scope.permits(subject) {
                errors["regionCode"] = "所属区县超出您的管辖范围"
            }
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(Valid(uscc: code, name: trimmedName, regionCode: region, zoneID: zone, incubatorID: incubator,
                              industryCode: industry, techField: field, registeredOn: date,
                              contactName: contact?.isEmpty == true ? nil : contact,
                              contactPhone: phone?.isEmpty == true ? nil : phone, status: statusValue))
    }

    static func parseDate(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
              let day = Int(parts[2]), (1900...2100).contains(year)
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        guard let date = calendar.date(from: components),
              calendar.component(.month, from: date) == month, calendar.component(.day, from: date) == day
        else { return nil }
        return date
    }
}

/// Field errors of a form, keyed by field name.
struct FormErrors: Error, Sendable {
    private(set) var messages: [String: String] = [:]

    subscript(field: String) -> String? {
        get { messages[field] }
        set { messages[field] = newValue }
    }

    var isEmpty: Bool { messages.isEmpty }
    var summary: String { messages.values.sorted().joined(separator: "；") }
}

import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// The create/edit form of an enterprise record. Fields, labels and checks come from the catalog
/// (`EnterpriseRecordForm`), the same definition the "企业名录" import validates against. The scope check is
/// part of validation: the enterprise as it would be after the write must lie in the user's scope.
struct EnterpriseForm: Content {
    var uscc: String?
    var name: String?
    var region_code: String?
    var zone: String?
    var industry_code: String?
    var tech_field: String?
    var registered_on: String?
    var contact_name: String?
    var contact_phone: String?
    var status: String?

    init() {}

    init(_ row: EnterpriseRow) {
        uscc = row.uscc
        name = row.name
        region_code = row.regionCode
        zone = row.zoneID.map(String.init)
        industry_code = row.industryCode
        tech_field = row.techField.map(String.init)
        registered_on = row.registeredOn
        contact_name = row.contactName
        contact_phone = row.contactPhone
        status = row.status.rawValue
    }

    /// The submitted values by catalog field id.
    var values: [FieldID: String] {
        var values: [FieldID: String] = [:]
        values[EnterpriseRecordForm.uscc.id] = uscc
        values[EnterpriseRecordForm.name.id] = name
        values[EnterpriseRecordForm.region.id] = region_code
        values[EnterpriseRecordForm.zone.id] = zone
        values[EnterpriseRecordForm.industry.id] = industry_code
        values[EnterpriseRecordForm.techField.id] = tech_field
        values[EnterpriseRecordForm.registeredOn.id] = registered_on
        values[EnterpriseRecordForm.contactName.id] = contact_name
        values[EnterpriseRecordForm.contactPhone.id] = contact_phone
        return values
    }

    /// Whether the phone field still holds the stored masked number, i.e. was left as it was.
    func keepsMaskedPhone(of enterprise: Enterprise) -> Bool {
        guard let sent = contact_phone?.trimmingCharacters(in: .whitespaces), sent.contains("*") else { return false }
        return sent == enterprise.contactPhone
    }

    /// A validated form, ready to be written.
    struct Valid {
        let record: EnterpriseRecord
        let status: EnterpriseStatus
    }

    /// Validates every field; returns the errors by field name, or the valid values.
    func validate(user: CurrentUser, existingID: Int?, existingIncubator: Int?, on db: any Database, today: Date)
        async throws -> Result<Valid, FormErrors>
    {
        let validator = try await EnterpriseRecord.validator(on: db, today: LocalDate(chinaTimeOf: today))
        let raw = values.mapValues { RawValue.text($0) }
        let result = validator.validate(form: EnterpriseRecordForm.form, values: raw)
        var errors = FormErrors()
        for problem in result.problems { errors[problem.field.rawValue] = problem.message }
        let record = EnterpriseRecord(result.values)
        if let code = record.uscc, errors["uscc"] == nil,
           let clash = try await Enterprise.query(on: db).filter(\.$uscc == code).first(), clash.id != existingID
        {
            errors["uscc"] = "该统一社会信用代码已登记"
        }
        // Zone and incubator users place enterprises in their own zone or incubator; the form does not ask.
        var placed = record
        if user.role == .zone { placed.zoneID = user.organizationID }
        placed.incubatorID = user.role == .incubator ? user.organizationID : existingIncubator
        if errors.isEmpty, let region = placed.regionCode {
            // The record as it will be after the write must lie in the writer's scope: a county user cannot
            // create or move an enterprise into another county, by any form field.
            let subject = ScopeSubject(enterpriseID: existingID ?? -1, regionCode: region, zoneID: placed.zoneID,
                                       incubatorID: placed.incubatorID)
            if !user.scope.permits(subject) { errors["region_code"] = "所属区县超出您的管辖范围" }
            let regions = try await EnterpriseRecord.placementRegions(on: db)
            if errors.isEmpty, let problem = placed.placementProblem(regions: regions) {
                // For a zone or incubator user the city of its own organisation is its jurisdiction.
                if user.role == .zone || user.role == .incubator {
                    errors["region_code"] = "所属区县超出您的管辖范围"
                } else {
                    errors[problem.field] = problem.message
                }
            }
        }
        guard errors.isEmpty else { return .failure(errors) }
        let status = status.flatMap(EnterpriseStatus.init(rawValue:)) ?? .active
        return .success(Valid(record: placed, status: status))
    }

    static func parseDate(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = InputNumber.integer(parts[0], in: 1900...2100),
              let month = InputNumber.integer(parts[1], in: 1...12), let day = InputNumber.integer(parts[2], in: 1...31)
        else { return nil }
        return (try? LocalDate(year: year, month: month, day: day))?.startInChina
    }
}

/// An enterprise record as the catalog validated it, ready to become an `Enterprise` row. Shared by the
/// form and the "企业名录" import.
struct EnterpriseRecord: Sendable {
    var uscc: String?
    var name: String?
    var regionCode: String?
    var zoneID: Int?
    var incubatorID: Int?
    var industryCode: String?
    var techField: Int?
    var registeredOn: String?
    var contactName: String?
    var contactPhone: String?

    init(_ values: [FieldID: FieldValue]) {
        uscc = values[EnterpriseRecordForm.uscc.id]?.text
        name = values[EnterpriseRecordForm.name.id]?.text
        regionCode = values[EnterpriseRecordForm.region.id]?.text
        zoneID = InputNumber.integer(values[EnterpriseRecordForm.zone.id]?.text, in: InputRange.id)
        industryCode = values[EnterpriseRecordForm.industry.id]?.text
        techField = InputNumber.integer(values[EnterpriseRecordForm.techField.id]?.text, in: 0...255)
        registeredOn = values[EnterpriseRecordForm.registeredOn.id]?.text
        contactName = values[EnterpriseRecordForm.contactName.id]?.text
        contactPhone = values[EnterpriseRecordForm.contactPhone.id]?.text
    }

    func apply(to enterprise: Enterprise, status: EnterpriseStatus) {
        enterprise.uscc = uscc ?? enterprise.uscc
        enterprise.name = name ?? enterprise.name
        enterprise.regionCode = regionCode ?? enterprise.regionCode
        enterprise.zoneID = zoneID
        enterprise.incubatorID = incubatorID
        enterprise.industryCode = industryCode
        enterprise.techField = techField
        enterprise.registeredOn = registeredOn
        enterprise.contactName = contactName
        enterprise.status = status
    }

    /// Writes the record and its contact phone, sealed; `keepingPhone` leaves the stored phone as it is (the edit
    /// form shows it masked, and a masked number sent back unchanged means "no change").
    func apply(to enterprise: Enterprise, status: EnterpriseStatus, cipher: PersonalDataCipher, keepingPhone: Bool) throws {
        apply(to: enterprise, status: status)
        if !keepingPhone { enterprise.setContactPhone(try cipher.protect(contactPhone, as: .phone)) }
    }

    /// Region codes of every zone and incubator, by organisation id, for `placementProblem`.
    static func placementRegions(on db: any Database) async throws -> [Int: String] {
        let organizations = try await Organization.query(on: db).filter(\.$kind ~~ [.zone, .incubator]).all()
        var regions: [Int: String] = [:]
        for organization in organizations {
            if let id = organization.id, let code = organization.regionCode { regions[id] = code }
        }
        return regions
    }

    /// A zone or incubator serves the city it sits in (a zone often spans several of its counties): an enterprise
    /// may belong to one only if it lies in that city, so nobody hands an enterprise to another city's zone, and a
    /// zone cannot register one elsewhere. Returns the form field at fault and the message, or nil.
    func placementProblem(regions: [Int: String]) -> (field: String, message: String)? {
        guard let region = regionCode else { return nil }
        if let zoneID {
            guard let zoneRegion = regions[zoneID], RegionCodes.contains(RegionCodes.city(of: zoneRegion), region) else {
                return ("zone", "所选高新区与企业所属区县不在同一城市")
            }
        }
        if let incubatorID {
            guard let incubatorRegion = regions[incubatorID],
                  RegionCodes.contains(RegionCodes.city(of: incubatorRegion), region)
            else { return ("region_code", "所属区县与所属孵化器不在同一城市") }
        }
        return nil
    }

    /// The active zones as a dictionary (code = organisation id), for choice validation.
    static func zoneDictionary(on db: any Database) async throws -> DataDictionary {
        let zones = try await Organization.activeZones(on: db)
        return DataDictionary(id: .zone, label: "高新区", entries: zones.map { .init(code: String($0.id), label: $0.name) })
    }

    /// The catalog's validator with the zones as a dictionary; dates marked `notAfterToday` are checked against
    /// `today` when it is given (the 企业名录 import takes the registry's dates as they are).
    static func validator(on db: any Database, today: LocalDate? = nil) async throws -> FieldValidator {
        FieldValidator(extra: [try await zoneDictionary(on: db)], today: today)
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

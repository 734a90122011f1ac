import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 填报项目: a window in which enterprises file points data or express reports. A national project (owner nil)
/// concerns every enterprise; a zone's project only the enterprises registered to that zone. Closing ends it
/// early and for good; the filings already made stay, and their reviews go on.
final class PointsPeriod: Model, @unchecked Sendable {
    static let schema = "points_periods"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    /// The data year: approved points data become this year's facts.
    @Field(key: "year") var year: Int
    @Field(key: "kind") var kind: PeriodKind
    /// `yyyy-MM-dd`, both days included.
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// The zone organisation that set it; nil for the national centre (and platform administrator).
    @OptionalField(key: "owner_org_id") var ownerOrgID: Int?
    @Field(key: "closed") var closed: Bool
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The dates, when both are valid and in order.
    var dates: (from: LocalDate, through: LocalDate)? {
        guard let from = try? LocalDate(iso: startsOn), let through = try? LocalDate(iso: endsOn), from <= through
        else { return nil }
        return (from, through)
    }

    /// Whether enterprises may file in it on the day.
    func isOpen(on day: LocalDate) -> Bool {
        guard !closed, let dates else { return false }
        return dates.from <= day && day <= dates.through
    }

    /// The state an administrator reads in the list.
    func stateLabel(on day: LocalDate) -> (String, String) {
        if closed { return ("已关闭", "muted") }
        guard let dates else { return ("日期无效", "danger") }
        if day < dates.from { return ("未开始", "neutral") }
        if day > dates.through { return ("已结束", "muted") }
        return ("填报中", "success")
    }

    /// Whether the project concerns the enterprise: national ones everyone, a zone's its own enterprises.
    func concerns(_ enterprise: Enterprise) -> Bool {
        ownerOrgID == nil || ownerOrgID == enterprise.zoneID
    }

    /// The review workflow for filings of this project: the kind's standard policy with the project's dates as
    /// its only window, so the workflow itself refuses to start, edit or submit outside them.
    func workflow() throws -> ReviewWorkflow {
        var policy = FilingPolicy.standard(for: kind.filingKind)
        policy.windows = dates.map { [FilingWindow(period: .dates(from: $0.from, through: $0.through))] } ?? []
        do {
            return try ReviewWorkflow(overriding: [policy])
        } catch {
            // A policy that cannot work is the platform's fault elsewhere; here it is the project's dates, which an
            // administrator set and can correct.
            throw AppError.invalid(error.message, code: error.code)
        }
    }

    /// The slot of an enterprise's filing in this project.
    var slot: String {
        FilingService.slot(kind.filingKind, serial: id ?? 0)
    }
}

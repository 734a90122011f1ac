import Fluent
import SeedbedDomain
import Vapor

/// One application window (申报时间): a level, the province it opens (two-digit prefix; empty for a national
/// window) and its first and last day, both included.
final class ApplicationWindow: Model, @unchecked Sendable {
    static let schema = "application_windows"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: FilingKind
    /// "21" for 辽宁省; "" for everywhere (a national level).
    @Field(key: "region_prefix") var regionPrefix: String
    /// `yyyy-MM-dd`.
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "updated_by") var updatedBy: Int?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The workflow's window, or nil for a row whose dates do not read (never written by the pages).
    var filingWindow: FilingWindow? {
        guard let from = try? LocalDate(iso: opensOn), let through = try? LocalDate(iso: closesOn), from <= through
        else { return nil }
        return FilingWindow(period: .dates(from: from, through: through), regionPrefix: regionPrefix)
    }

    /// "辽宁省" or "全国".
    var regionLabel: String { ApplicationWindows.regionLabel(regionPrefix) }
}

/// The application windows as the one workflow reads them.
enum ApplicationWindows {
    /// Kinds whose windows administrators set here.
    static let kinds = ApplicationForm.kinds

    /// The standard policies with the application kinds' windows replaced by the ones set on 申报时间维护.
    static func workflow(on db: any Database) async throws -> ReviewWorkflow {
        let rows = try await ApplicationWindow.query(on: db).filter(\.$kind ~~ kinds).all()
        let policies = kinds.map { kind in
            var policy = FilingPolicy.standard(for: kind)
            policy.windows = rows.filter { $0.kind == kind }.compactMap(\.filingWindow)
            return policy
        }
        do {
            return try ReviewWorkflow(overriding: policies)
        } catch {
            throw AppError(status: .internalServerError, code: error.code, message: error.message)
        }
    }

    /// Two-digit codes of the provinces where `kind` is open on `day`, ascending; a national window opens every
    /// province.
    static func openProvinces(for kind: FilingKind, on day: LocalDate, db: any Database) async throws -> [String] {
        let rows = try await ApplicationWindow.query(on: db).filter(\.$kind == kind).all()
        var open = Set<String>()
        for row in rows {
            guard let window = row.filingWindow, window.period.contains(day) else { continue }
            if window.regionPrefix.isEmpty {
                open.formUnion(RegionTable.shipped.provinces.map { String($0.code.prefix(2)) })
            } else {
                open.insert(window.regionPrefix)
            }
        }
        return open.sorted()
    }

    /// The windows of `kind` that concern an enterprise coded `regionCode`, open on `day`.
    static func open(for kind: FilingKind, regionCode: String, on day: LocalDate, db: any Database) async throws
        -> [ApplicationWindow]
    {
        try await open(for: [kind], regionCode: regionCode, on: day, db: db)
    }

    /// The windows of any of `kinds` that concern an enterprise coded `regionCode`, open on `day`, in `kinds` order
    /// and by opening day within a kind: one read for the enterprise's 工作台, which lists every kind's.
    static func open(for kinds: [FilingKind], regionCode: String, on day: LocalDate, db: any Database) async throws
        -> [ApplicationWindow]
    {
        let rows = try await ApplicationWindow.query(on: db).filter(\.$kind ~~ kinds).sort(\.$opensOn).all().filter { row in
            guard let window = row.filingWindow else { return false }
            return window.period.contains(day) && RegionCodes.code(regionCode, liesIn: window.regionPrefix)
        }
        return kinds.flatMap { kind in rows.filter { $0.kind == kind } }
    }

    /// "辽宁省", or "全国" for the empty prefix.
    static func regionLabel(_ prefix: String) -> String {
        guard !prefix.isEmpty else { return "全国" }
        let name = RegionTable.shipped.fullName(of: prefix + "0000")
        return name.isEmpty ? prefix : name
    }
}

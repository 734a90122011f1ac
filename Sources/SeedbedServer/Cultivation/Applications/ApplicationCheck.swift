import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The evaluator's own check of an application (RULES.md §7, §8): the enterprise's approved facts of the
/// application's year, its declarations and — for 专精特新 — the level of its latest completed digital
/// assessment, judged under the rule version in force on the day. Shown on the form before submission and beside
/// the data on the review page.
struct ApplicationCheck: Sendable {
    /// The fact year evaluated.
    let year: Int
    /// The day of the evaluation (decides the rule version).
    let date: LocalDate
    /// The verdict, or why the evaluator refused (an input out of range).
    let result: Result<ScoreVerdict, RuleError>
    /// The digital level fed in (专精特新), nil when no assessment is complete.
    let digitalLevel: Int?
    /// Years with approved facts, newest first.
    let years: [Int]

    /// Evaluates `values` (as stored: field id → raw text) for the enterprise `enterpriseID`. Reads its own data
    /// only (the scope is the enterprise itself).
    static func evaluate(_ kind: FilingKind, enterpriseID: Int, values: [String: String], on date: LocalDate,
                         db: any Database) async throws -> ApplicationCheck? {
        guard let form = ApplicationForm.form(for: kind), let sql = db as? any SQLDatabase else { return nil }
        let scope = DataScope.enterprise(id: enterpriseID)
        let parsed = FieldValidator().validate(
            form: form, values: Dictionary(uniqueKeysWithValues: form.fields.map { ($0.id, RawValue.text(values[$0.id.rawValue] ?? "")) }),
            only: nil).values
        let years = try await LibraryData.years(scope: scope, on: sql)
        let asked = ApplicationForm.factYear(parsed)
        let year = asked.flatMap { years.contains($0) ? $0 : nil } ?? years.first ?? (date.year - 1)
        let data = try await LibraryData.load(scope: scope, year: year, lookback: LibraryData.lookback, date: date, on: sql)
        var digitalLevel: Int?
        if kind == .specializedSMEApplication {
            digitalLevel = try await ApplicationDigital.level(enterpriseID: enterpriseID, on: date, db: db)
        }
        let result: Result<ScoreVerdict, RuleError>
        if let slot = data.slotOf[enterpriseID] {
            let (facts, profile) = data.enterprise(at: slot)
            do throws(RuleError) {
                switch kind {
                case .innovativeSMEApplication:
                    result = .success(try InnovativeSMEEvaluator.evaluate(
                        enterprise: facts, profile: profile, year: year, date: date,
                        inputs: ApplicationForm.innovativeInputs(parsed)))
                default:
                    result = .success(try SpecializedSMEEvaluator.evaluate(
                        enterprise: facts, profile: profile, year: year, date: date,
                        inputs: ApplicationForm.specializedInputs(parsed, digitalLevel: digitalLevel)))
                }
            } catch {
                result = .failure(error)
            }
        } else {
            result = .failure(.invalidInput(field: "企业", reason: "企业当前不是正常状态，无法评价"))
        }
        return ApplicationCheck(year: year, date: date, result: result, digitalLevel: digitalLevel, years: years)
    }
}

/// The digital level an application reads: the latest completed self-assessment (数字化水平评测, M3).
enum ApplicationDigital {
    /// Level 1–4 of the latest completed assessment, nil when none is complete. A result below 一级 (under 20
    /// points) scores as 一级 does: 0 points.
    static func level(enterpriseID: Int, on day: LocalDate, db: any Database) async throws -> Int? {
        guard let latest = try await DigitalAssessments.latest(enterpriseID: enterpriseID, on: db) else { return nil }
        return min(max(latest.level ?? 1, 1), 4)
    }
}

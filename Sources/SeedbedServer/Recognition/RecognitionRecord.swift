import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One recognition as lists and the 查看 page show it.
struct RecognitionRecord: Sendable, Equatable {
    let enterpriseID: Int
    let kind: RecognitionKind
    let certificateNo: String
    /// `yyyy-MM-dd`.
    let issuedOn: String
    let validUntil: String
    let source: String

    var sourceLabel: String { source == Recognitions.importSource ? "认定名单导入" : "年报填报" }

    /// Whether it is valid on `date` (both ends inclusive); unreadable dates are not valid.
    func isValid(on date: LocalDate) -> Bool {
        guard let from = try? LocalDate(iso: issuedOn), let until = try? LocalDate(iso: validUntil) else { return false }
        return from <= date && date <= until
    }
}

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
    /// The row's id (nil where a list did not read it).
    var id: Int? = nil
    /// 有效 / 已取消 (M8); imported certificates are valid.
    var status: RecognitionStatus = .valid
    var cancelledOn: String? = nil
    var cancelReason: String? = nil

    var sourceLabel: String {
        switch source {
        case Recognitions.importSource: "认定名单导入"
        case CultivationRecognitions.applicationSource: "申报认定"
        case RecognitionDemo.source: "演示数据"
        default: "年报填报"
        }
    }

    /// Whether it is valid on `date` (both ends inclusive, not cancelled); unreadable dates are not valid.
    func isValid(on date: LocalDate) -> Bool {
        status == .valid && term?.isValid(on: date) == true
    }

    /// The term, if both dates read.
    var term: RecognitionTerm? { RecognitionTerm(iso: issuedOn, validUntil: validUntil) }
}

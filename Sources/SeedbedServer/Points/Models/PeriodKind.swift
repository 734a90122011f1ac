import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// What a 填报项目 collects: 积分数据 or 企业快报. Each maps to its filing kind in the one review workflow.
enum PeriodKind: String, Codable, Sendable, CaseIterable {
    case pointsData = "points_data"
    case expressReport = "express_report"

    var filingKind: FilingKind {
        switch self {
        case .pointsData: .pointsData
        case .expressReport: .expressReport
        }
    }

    var label: String {
        switch self {
        case .pointsData: "积分数据填报"
        case .expressReport: "企业快报填报"
        }
    }
}

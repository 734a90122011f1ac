import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Where a scoring run is; stored as its raw value in `scoring_runs.status`.
enum RunStatus: String, Codable, Sendable, CaseIterable {
    case computing, computed, published, failed

    var label: String {
        switch self {
        case .computing: "计算中"
        case .computed: "待审核发布"
        case .published: "已发布"
        case .failed: "失败"
        }
    }
}

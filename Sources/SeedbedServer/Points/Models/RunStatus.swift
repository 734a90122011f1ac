import Fluent
import SeedbedDomain
import SQLKit
import Vapor

enum RunStatus: String, Sendable {
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

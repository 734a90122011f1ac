import Fluent
import Foundation

/// The 概念介绍 and 成效意义 text of the public showcase page, edited by the platform administrator and kept in
/// `settings` (one value for every node). Until it is edited, the platform's own wording is shown.
struct ShowcaseText: Sendable, Equatable {
    let concept: String
    let significance: String

    static let maxLength = 5_000
    static let conceptKey = "showcase.concept"
    static let significanceKey = "showcase.significance"

    static let standard = ShowcaseText(
        concept: "企业创新积分制是以企业创新能力为核心、以积分量化评价科技企业的制度：从技术创新、成长经营和辅助三个方面选取研发投入、"
            + "知识产权、科技人才、营业收入及增长等指标，按企业所处的发展阶段（初创期、成长期、稳定期）设置不同权重，"
            + "在同一高新区或地区、同一年度、同一阶段的企业中比较，得出企业的创新积分。",
        significance: "积分让管理部门用数据发现和识别创新能力强、成长性好的科技企业，分层分类精准培育；让企业看清自身创新能力的长处与短板；"
            + "合作金融机构可依据积分为企业提供“积分贷”等金融服务，引导创新要素向科技企业集聚。")

    static func load(on db: any Database) async throws -> ShowcaseText {
        let concept = try await Setting.find(conceptKey, on: db)?.value
        let significance = try await Setting.find(significanceKey, on: db)?.value
        return ShowcaseText(concept: concept ?? standard.concept, significance: significance ?? standard.significance)
    }

    func save(on db: any Database) async throws {
        try await db.transaction { db in
            for (key, value) in [(Self.conceptKey, concept), (Self.significanceKey, significance)] {
                try await Setting.upsert(key, value: value, on: db)
            }
        }
    }
}

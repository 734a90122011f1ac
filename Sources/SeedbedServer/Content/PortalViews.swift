import Foundation
import Plot
import SeedbedDomain

/// The gradient-cultivation part of the public home (优质中小企业梯度培育): 企业认定查询, 数字化水平评测, 创客大赛
/// and 企业申报, each an entrance card.
enum PortalViews {
    typealias Body = Node<HTML.BodyContext>

    static func cultivationEntrances(makerContest: String) -> Body {
        .section(
            .class("entrances cultivation"),
            .attribute(named: "aria-label", value: "优质中小企业梯度培育"),
            .a(.class("entrance"), .href(RecognitionQueryController.path),
               .h2(.text("企业认定查询")),
               .p(.text("输入企业名称、统一社会信用代码和验证码，查询企业当前有效的认定及有效期"))),
            .a(.class("entrance"), .href(digitalAssessmentPath),
               .h2(.text("数字化水平评测")),
               .p(.text("去自评：按所属行业自动匹配制造业、生产性服务业或其他行业评测表，结果作为专精特新“数字化水平”指标的评价依据（需登录）"))),
            .a(.class("entrance"), .href(ApplyEntryController.path),
               .h2(.text("企业申报")),
               .p(.text("选择申报级别和申报时间内开放的城市，登录后进入企业申报信息"))),
            Tag.element("a", [("class", "entrance external"), ("href", makerContest), ("target", "_blank"),
                              ("rel", "noopener noreferrer")], [
                .h2(.text("创客大赛")),
                .p(.text("前往创客大赛平台参赛报名、了解赛事")),
                .p(.class("leaving muted"), .text("即将离开本平台，前往 \(MakerContest.host(of: makerContest))（新窗口打开）")),
            ])
        )
    }

    /// 数字化水平评测: the enterprise's page; signing in comes first for a visitor.
    static let digitalAssessmentPath = "/my/digital"
}

import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 企业申报首页 (M2, seed 002 §二): what an approved enterprise sees after signing in — its latest five messages,
/// its digital level, the application windows open to it, its recognitions with their validity, and what is due
/// (信息更新, 复核, filings returned for revision), each a link to where it is done.
struct EnterpriseWorkbench {
    struct Due: Sendable {
        let title: String
        let detail: String
        let link: String
        let action: String
    }

    struct OpenWindow: Sendable {
        let kind: FilingKind
        let region: String
        let through: String
    }

    let messages: [EnterpriseMessage]
    let unread: Int
    let digital: DigitalAssessmentResult?
    let windows: [OpenWindow]
    let recognitions: [RecognitionRecord]
    let due: [Due]
    let today: LocalDate
    let leadMonths: Int

    /// Reads everything the page shows for one enterprise.
    static func load(_ req: Request, enterprise: Enterprise) async throws -> EnterpriseWorkbench {
        guard let id = enterprise.id else { throw AppError.notFound() }
        let db = req.db
        let today = LocalDate(chinaTimeOf: req.now)
        let leadMonths = CultivationRecognitions.leadMonths(req.application)
        let messages = try await EnterpriseMessage.query(on: db).filter(\.$enterpriseID == id)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(5).all()
        // The header counted them already for this request.
        let unread = try await req.unreadMessageCount() ?? 0
        let digital = try await DigitalAssessments.latest(enterpriseID: id, on: db)
        let windows = try await ApplicationWindows.open(for: ApplicationWindows.kinds, regionCode: enterprise.regionCode,
                                                        on: today, db: db)
            .map { OpenWindow(kind: $0.kind, region: $0.regionLabel, through: $0.closesOn) }
        let recognitions = try await CultivationRecognitions.current(enterpriseID: id, on: db, today: today)

        var due: [Due] = []
        let service = FilingService(req)
        // The enterprise's filing records, read once: the approved ones for the workflow's context, the returned
        // ones for what is due.
        let records = try await FilingRecord.query(on: db).filter(\.$enterpriseID == id).all()
        let context = try await service.context(for: enterprise, records: records, assessed: digital != nil)
        if context.isRecognised {
            let window = try await InfoUpdateSettings.window(on: req)
            let open = window.isOpen(on: today)
            due.append(Due(title: "信息更新",
                           detail: window.notice(in: today.year) + (open ? "；当前开放中" : "；当前未开放"),
                           link: Page.myBasicInfo.path, action: open ? "去更新" : "查看"))
        }
        for record in recognitions {
            guard let term = record.term, term.isDueForReminder(on: today, leadMonths: leadMonths) else { continue }
            due.append(Due(title: "\(record.kind.label)复核",
                           detail: "证书 \(record.certificateNo) 将于 \(record.validUntil) 到期，请在到期前申请复核",
                           link: Page.myRenewals.path, action: "去复核"))
        }
        let returned = records.filter { $0.status == .returned }.sorted { $0.updatedAt > $1.updatedAt }
        for record in returned {
            due.append(Due(title: "\(record.kind.label)被退回修改",
                           detail: "请按审核意见修改后重新提交" + (record.year.map { "（\($0) 年度）" } ?? ""),
                           link: FilingLinks.enterpriseLink(kind: record.kind, year: record.year), action: "去修改"))
        }
        return EnterpriseWorkbench(messages: messages, unread: unread, digital: digital, windows: windows,
                                   recognitions: recognitions, due: due, today: today, leadMonths: leadMonths)
    }

    var body: Node<HTML.BodyContext> {
        .div(.class("enterprise-home"),
             .section(.class("card home-block"), .id("home-due"),
                      .div(.class("block-head"), .h2(.text("待办事项"))),
                      due.isEmpty ? UI.emptyState("暂无待办事项") : .ul(.class("due-list"), .forEach(due) { item in
                          .li(.strong(.text(item.title)), .text(" "), .span(.class("muted"), .text(item.detail)), .text(" "),
                              .a(.href(item.link), .text(item.action)))
                      })),
             .section(.class("card home-block"), .id("home-messages"),
                      .div(.class("block-head"),
                           .h2(.text("企业最新消息"), .if(unread > 0, .group(.text(" "), UI.badge("未读 \(unread)", tone: "warning")))),
                           .a(.href(Page.myMessages.path), .text("更多"))),
                      messages.isEmpty ? UI.emptyState("暂无消息") : .ul(.class("message-list"), .forEach(messages) { message in
                          .li(.span(.class("muted"), .text("[\(message.category.label)] ")),
                              .unwrap(message.id, { id in .a(.href("\(Page.myMessages.path)/\(id)"), .text(message.title)) },
                                      else: .text(message.title)),
                              .if(message.readAt == nil, .group(.text(" "), UI.badge("未读", tone: "warning"))),
                              .span(.class("muted"), .text(" " + Self.day(message.createdAt))))
                      })),
             .section(.class("card home-block"), .id("home-digital"),
                      .div(.class("block-head"), .h2(.text("数字化水平评测"))),
                      digitalBlock),
             .section(.class("card home-block"), .id("home-applications"),
                      .div(.class("block-head"), .h2(.text("企业申报")), .a(.href(Page.myApplications.path), .text("申报记录"))),
                      windows.isEmpty
                          ? UI.emptyState("当前没有向本企业所在省份开放的申报批次（申报时间由省级管理部门维护）")
                          : .ul(.class("window-list"), .forEach(windows) { window in
                              .li(.strong(.text(window.kind.label)), .text(" · \(window.region) · 截止 \(window.through) "),
                                  .a(.class("btn btn-primary"), .href(Page.myApplications.path), .text("申报")))
                          })),
             .section(.class("card home-block"), .id("home-recognitions"),
                      .div(.class("block-head"), .h2(.text("我的认定")), .a(.href(Page.myRenewals.path), .text("认定复核"))),
                      recognitions.isEmpty
                          ? UI.emptyState("暂无有效认定")
                          : UI.table(columns: ["认定级别", "证书编号", "有效期", "状态"], rows: recognitions.map { record in
                              let dueSoon = record.term?.isDueForReminder(on: today, leadMonths: leadMonths) ?? false
                              return [.text(record.kind.label), .text(record.certificateNo),
                                      .text("\(record.issuedOn) 至 \(record.validUntil)"),
                                      dueSoon ? UI.badge("即将到期", tone: "warning") : UI.badge("有效", tone: "success")]
                          })))
    }

    private var digitalBlock: Node<HTML.BodyContext> {
        guard let digital else {
            return .div(.p(.text("尚未完成数字化水平评测。评测结果是专精特新中小企业认定“数字化水平”指标的依据，申报专精特新前须先完成。")),
                        UI.buttonLink("去自评", url: Page.myDigital.path, style: "primary"))
        }
        return .div(UI.details([("评测等级", DigitalLevel.label(digital.level)),
                                ("得分", Questionnaire.format(digital.score) + " 分"),
                                ("评测表", digital.category.label),
                                ("完成日期", digital.completedOn.description)]),
                    UI.buttonLink("重新评测", url: Page.myDigital.path))
    }

    static func day(_ date: Date) -> String { LocalDate(chinaTimeOf: date).description }
}


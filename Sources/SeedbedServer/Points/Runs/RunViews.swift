import Foundation
import Plot
import SeedbedDomain

/// Pages of 积分计算.
enum RunViews {
    typealias Body = Node<HTML.BodyContext>

    static let statusOptions = [SelectOption(value: "", label: "全部")]
        + [RunStatus.computing, .computed, .published, .failed].map { SelectOption(value: $0.rawValue, label: $0.label) }

    static func list(_ list: RunList, page: Paged<RunList.Row>, filter: RunList.Filter, viewer: ListViewer,
                     schemes: [SchemeRecord], years: [Int], canCreate: Bool, context: PageContext) -> Body {
        let query = URLQuery.encode(list.queryItems(filter))
        let schemeOptions = schemes.compactMap { record in
            record.id.map { SelectOption(value: String($0), label: "\(record.name)（第 \(record.version) 版，\(record.effectiveFrom) 起）") }
        }
        return .group(
            UI.pageHeader(list.title),
            .if(canCreate, .section(
                .class("card"), .h2(.text("新建计算")),
                .p(.class("muted"), .text("按所选方案计算您数据范围内企业的积分（读取审核通过的年报数据）。计算在后台进行，完成后请审核结果再发布；发布后企业可查看并收到站内消息。")),
                .form(.class("query-bar"), .method(.post), .action(Page.runs.path),
                      UI.csrfField(context.csrfToken),
                      UI.field(FieldSpec(label: "计算年度", name: "year", value: String(years.first ?? 0),
                                         kind: .select(years.map { SelectOption(value: String($0), label: "\($0) 年度") }),
                                         required: true)),
                      UI.field(FieldSpec(label: "积分方案", name: "scheme", value: schemeOptions.first?.value ?? "",
                                         kind: .select(schemeOptions), required: true)),
                      .div(.class("query-actions"), UI.submit("开始计算"))))),
            UI.queryBar(action: Page.runs.path, fields: [
                FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(statusOptions)),
                FieldSpec(label: "年度", name: "year", value: filter.year.map(String.init) ?? "",
                          kind: .select([SelectOption(value: "", label: "全部")]
                              + years.map { SelectOption(value: String($0), label: "\($0) 年度") })),
            ], exportURL: "/exports/\(RunList.id)" + (query.isEmpty ? "" : "?" + query)),
            list.table(page, viewer: viewer, emptyText: "还没有计算批次"),
            UI.pagination(page.info, baseURL: Page.runs.path, query: list.queryItems(filter))
        )
    }

    static func detail(_ summary: RunSummary, context: PageContext) -> Body {
        let run = summary.run
        let id = summary.id
        let status = run.status
        var actions: [Body] = [UI.buttonLink("返回列表", url: Page.runs.path)]
        if let job = run.jobID { actions.append(UI.buttonLink("计算任务", url: "/jobs/\(job)")) }
        if status == .computed || status == .published {
            actions.append(UI.buttonLink("查看结果", url: "/points/results?run=\(id)"))
            actions.append(UI.buttonLink("查看榜单", url: "/points/rankings?run=\(id)"))
        }
        if status == .computed {
            actions.append(UI.actionButton("审核通过并发布", action: "/points/runs/\(id)/publish", csrf: context.csrfToken,
                                           confirm: "确定发布吗？发布后企业即可查看积分，并收到站内消息。", style: "primary"))
        }
        return .group(
            UI.pageHeader("\(run.year) 年度积分计算 #\(id)", actions: actions),
            .section(.class("card"), UI.details([
                ("积分方案", run.schemeName), ("范围", run.scopeLabel), ("状态", status.label),
                ("参评企业", run.enterprises.formatted()), ("比较组", run.cohorts.formatted()),
                ("创建时间", AdminViews.time(run.createdAt)),
                ("发布时间", run.publishedAt.map(AdminViews.time) ?? "未发布"), ("说明", run.message ?? ""),
            ])),
            .unwrap(run.stats) { stats(summary, $0) }
        )
    }

    private static func stats(_ summary: RunSummary, _ stats: RunStats) -> Body {
        let total = max(1, stats.histogram.reduce(0, +))
        let bands: [[Body]] = stats.histogram.enumerated().map { index, count in
            [.text(index == 9 ? "90 分及以上" : "\(index * 10)–\(index * 10 + 10) 分"), .text(count.formatted()),
             .text(PointsFormat.percent(Double(count) / Double(total)))]
        }
        let listFigures = stats.listNames.enumerated().map { index, name in (name, stats.listedTotal(index).formatted()) }
        let shown = stats.cohorts.filter { $0.size > 0 }.sorted { ($0.size, $1.code) > ($1.size, $0.code) }.prefix(200)
        let cohortRows: [[Body]] = shown.map { cohort in
            [.a(.href("/points/results?run=\(summary.id)&cohort=\(cohort.code)"), .text(summary.cohortLabel(cohort.code))),
             .text(cohort.size.formatted())]
                + cohort.listed.map { .text($0.formatted()) }
                + [.text(cohort.meetsLine.formatted()), .text(PointsFormat.score(cohort.mean)), .text(PointsFormat.score(cohort.best))]
        }
        return .group(
            .section(.class("card"), .h2(.text("审核要点")),
                     UI.details(listFigures + [("达到分数线", stats.meetsLine.formatted())])),
            .section(.class("card"), .h2(.text("总分分布")), UI.table(columns: ["总分", "企业数", "占比"], rows: bands)),
            .section(.class("card"), .h2(.text("各比较组")),
                     .if(stats.cohorts.count > shown.count, .p(.class("muted"), .text("按企业数显示前 \(shown.count) 个比较组。"))),
                     UI.table(columns: ["比较组", "企业数"] + stats.listNames + ["达到分数线", "平均分", "最高分"], rows: cohortRows))
        )
    }
}

import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// 测算 (T4) through the one import pipeline: the template has the catalog fields the published scheme reads,
/// the validation job checks every row and that its cohort has published scores, and confirming runs the
/// estimates (the pipeline's all-or-nothing commit) into 测算记录. Estimates place each row into the published
/// cohort's distribution (`CohortDistribution.estimate`): nobody's published score moves.
struct EstimationImport: ImportKind {
    static let kindID = "estimation"
    let id = EstimationImport.kindID
    let title = "积分测算"
    let roles = Access.government.roles

    static let previousRevenue = FieldDefinition("prev_revenue", "上年营业收入", .decimal(scale: 3), unit: .qianYuan,
                                                 minimum: 0, maximum: 1e10, help: "用于计算营业收入增长率，不填则该项得 0 分")
    static let previousProfit = FieldDefinition("prev_net_profit", "上年净利润", .decimal(scale: 3), unit: .qianYuan,
                                                minimum: -1e10, maximum: 1e10, help: "用于计算净利润增长率，亏损填负数")

    var instructions: [String] {
        [
            "1. 每行一家企业，从第 2 行起填写；不要修改表头。带红色 * 的列必填。",
            "2. 测算按最新发布的积分结果进行：企业按所在高新区（或城市）、年度和发展阶段进入比较组，与已发布企业比较，不改变任何已发布的积分。",
            "3. “所属区县”填写区县名称或 6 位区县代码：如“辽宁省大连市甘井子区”“大连市甘井子区”或 210211；"
                + "本地区内不重名的区县可只填区县名，如“甘井子区”。",
            "4. 金额单位为千元（与科技信息年报一致）；人数、项数填整数；“是/否”列填“是”或“否”。未填的指标按 0 分计。",
            "5. 已在积分结果中的企业（且在您的数据范围内）直接显示其实际积分，其余企业显示预估积分。",
            "6. 上传后系统先逐行校验，确认后开始测算；结果在“积分测算”的测算记录中查看。",
        ]
    }

    /// The published run estimates are placed into: the newest the user may see.
    static func run(for owner: CurrentUser, on db: any Database) async throws -> ScoringRun? {
        try await StoredScores.publishedRuns(on: db).first { PointsAccess(owner).sees($0) }
    }

    /// The fields of one row: who, where, since when, and the filed facts the scheme needs (from the annual
    /// report's catalog), plus last year's revenue and profit when it scores growth.
    static func form(for scheme: InnovationScheme) -> FormDefinition {
        let needed = scheme.filedFactsNeeded
        var fields = [EnterpriseRecordForm.uscc, EnterpriseRecordForm.name, EnterpriseRecordForm.region.with(group: ""),
                      EnterpriseRecordForm.registeredOn.with(required: true)]
        for field in AnnualReportForm.form.fields {
            guard let fact = field.fact, needed.current.contains(fact), !fields.contains(where: { $0.fact == fact }) else {
                continue
            }
            fields.append(field.with(required: fact == .revenue))
        }
        if needed.previous.contains(.revenue) { fields.append(previousRevenue) }
        if needed.previous.contains(.netProfit) { fields.append(previousProfit) }
        return FormDefinition(id: "estimation", title: "积分测算", groups: [""], fields: fields)
    }

    static func scheme(for owner: CurrentUser, on db: any Database) async throws -> (ScoringRun?, InnovationScheme) {
        let run = try await run(for: owner, on: db)
        return (run, try run?.scheme() ?? .platformDefault)
    }

    func columns(for owner: CurrentUser, on db: any Database) async throws -> [TemplateColumn] {
        let (_, scheme) = try await Self.scheme(for: owner, on: db)
        return Self.form(for: scheme).fields.map { field in
            var validation = TemplateColumn.Validation.none
            if field.kind == .flag { validation = .list(["是", "否"]) }
            let note = field.id == EnterpriseRecordForm.region.id
                ? "区县名称或代码，如 辽宁省大连市甘井子区、甘井子区（本地区内不重名时）或 210211" : field.help
            return TemplateColumn(header: field.header, required: field.required, width: max(12, field.header.count * 2 + 4),
                                  validation: validation, note: note, isDate: field.kind == .date)
        }
    }

    func makeContext(owner: CurrentUser, on db: any Database) async throws -> ImportContext {
        ImportContext(owner: owner, db: db, validator: FieldValidator())
    }

    func validate(_ rows: [ImportRow], header: [String: Int], context: ImportContext) async throws -> [ImportRowOutcome] {
        let (run, scheme) = try await Self.scheme(for: context.owner, on: context.db)
        guard let run else {
            return rows.map { _ in .invalid(problems: [:], reason: "还没有已发布的积分结果，暂不能测算") }
        }
        let form = Self.form(for: scheme)
        let keys = run.keys
        let names = try await CohortNames.load(keys, on: context.db)
        func column(_ field: FieldDefinition) -> Int { header[ImportKinds.normalise(field.header)] ?? 0 }
        let regionContext = Self.regionContext(of: context.owner)
        return rows.map { row in
            var raw: [FieldID: RawValue] = [:]
            for field in form.fields {
                if let index = header[ImportKinds.normalise(field.header)], index < row.cells.count { raw[field.id] = row.cells[index] }
            }
            var problems: [Int: String] = [:]
            // The region cell may hold a name as the platform shows it, or the code: the form checks the code.
            let region = EnterpriseRecordForm.region
            if let typed = raw[region.id], !typed.display.allSatisfy(\.isWhitespace) {
                switch RegionLookup.shipped.county(typed.display, context: regionContext) {
                case .success(let code): raw[region.id] = .text(code)
                case .failure(let error): problems[column(region)] = "「\(region.label)」" + error.message
                }
            }
            let checked = context.validator.validate(form: form, values: raw,
                                                     only: problems.isEmpty ? nil : Set(form.fields.map(\.id)).subtracting([region.id]))
            for problem in checked.problems {
                if let field = form.field(problem.field) { problems[column(field)] = problem.message }
            }
            let values = checked.values
            if problems.isEmpty, let code = values[EnterpriseRecordForm.uscc.id]?.text {
                if let first = context.seen[code] {
                    problems[column(EnterpriseRecordForm.uscc)] = "与第 \(first) 行的统一社会信用代码重复"
                } else {
                    context.seen[code] = row.number
                }
            }
            if problems.isEmpty {
                let placement = Self.placement(values, scheme: scheme, run: run, owner: context.owner)
                if let key = placement.key, !keys.contains(key) {
                    problems[column(EnterpriseRecordForm.region)] = "所在比较组（\(names.label(key))）没有已发布的积分，无法测算"
                } else if placement.key == nil {
                    problems[column(AnnualReportForm.revenue)] = "无法确定发展阶段，请检查成立日期和营业收入"
                }
            }
            return problems.isEmpty ? .valid(values)
                : .invalid(problems: problems, reason: EnterpriseImport.reason(problems))
        }
    }

    /// The region that settles a county name several counties share: the uploader's region, or the city of
    /// their zone or incubator.
    static func regionContext(of owner: CurrentUser) -> String {
        switch owner.scope {
        case .region(let prefix): prefix
        case .zone, .incubator: RegionCodes.prefix(of: owner.organizationRegionCode ?? "", at: .city)
        case .all, .enterprise, .nothing: ""
        }
    }

    /// Facts (万元, derived ones computed), stage and cohort key of a row.
    struct Placement {
        let facts: [FactID: Double]
        let stage: DevelopmentStage?
        let key: CohortKey?
    }

    static func placement(_ values: [FieldID: FieldValue], scheme: InnovationScheme, run: ScoringRun, owner: CurrentUser)
        -> Placement
    {
        let filed = FactProjection.project(values, form: AnnualReportForm.form)
        var current = FactFrame(count: 1)
        for (fact, value) in filed { current.setValue(value, for: fact, at: 0) }
        var previous = FactFrame(count: 1)
        previous.setValue(values[previousRevenue.id]?.number, for: .revenue, at: 0)
        previous.setValue(values[previousProfit.id]?.number, for: .netProfit, at: 0)
        let frame = DerivedFacts.adding(to: current, previous: previous)
        var facts: [FactID: Double] = [:]
        for indicator in scheme.indicators { facts[indicator.fact] = frame.value(indicator.fact, at: 0) }
        let registered = Int(values[EnterpriseRecordForm.registeredOn.id]?.text.prefix(4) ?? "")
        let age = registered.map { Double(run.year - $0) }
        let stage = scheme.stageRule.stage(ageYears: age, revenue: filed[.revenue])
        let region = values[EnterpriseRecordForm.region.id]?.text ?? ""
        let area = owner.role == .zone && owner.organizationID != nil
            ? ScoringFacts.area(zoneID: owner.organizationID, regionCode: region)
            : ScoringFacts.area(zoneID: nil, regionCode: region)
        return Placement(facts: facts, stage: stage, key: stage.map { CohortKey(area: area, year: run.year, stage: $0) })
    }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, on db: any Database, now: Date) async throws -> Int {
        try await commit(rows, owner: owner, batchID: 0, on: db, now: now)
    }

    func commit(_ rows: [[FieldID: FieldValue]], owner: CurrentUser, batchID: Int, on db: any Database, now: Date)
        async throws -> Int
    {
        guard let sql = db as? any SQLDatabase, !rows.isEmpty else { return 0 }
        guard let run = try await Self.run(for: owner, on: db), let runID = run.id else {
            throw AppError.conflict("还没有已发布的积分结果，无法测算", code: "no_published_run")
        }
        let scheme = try run.scheme()
        var codes: [CohortKey: Int] = [:]
        for (index, key) in run.keys.enumerated() { codes[key] = index }
        // Enterprises already scored in this run, and in the uploader's scope, show their published score.
        let usccs = rows.compactMap { $0[EnterpriseRecordForm.uscc.id]?.text }
        var actual: [String: (ScoreRow, Data)] = [:]
        let scored = try await StoredScores.select(sql, scope: owner.scope).columns(ScoreBreakdowns.columns)
            .where(SQLColumn("run_id", table: "r"), .equal, SQLBind(runID))
            .where(SQLColumn("uscc", table: "e"), .in, SQLBind.group(usccs)).all()
        let scores = try scored.map { try $0.decode(model: ScoreRow.self) }
        let breakdowns = try await ScoreBreakdowns.resolve(try scored.map { try ScoreBreakdowns.reference($0, runID: runID) },
                                                           on: sql)
        for (score, breakdown) in zip(scores, breakdowns) { actual[score.uscc] = (score, breakdown) }
        let first = try await ScoreEstimate.query(on: db).filter(\.$batchID == batchID).count()
        var distributions: [Int: CohortDistribution] = [:]
        var inserts: [[any SQLExpression]] = []
        for (offset, values) in rows.enumerated() {
            let uscc = values[EnterpriseRecordForm.uscc.id]?.text ?? ""
            let name = values[EnterpriseRecordForm.name.id]?.text ?? ""
            let region = values[EnterpriseRecordForm.region.id]?.text ?? ""
            var cells: [any SQLExpression] = [SQLBind(batchID), SQLBind(owner.id), SQLBind(runID), SQLBind(first + offset + 1),
                                              SQLBind(uscc), SQLBind(name)]
            if let found = actual[uscc] {
                let (score, breakdown) = found
                cells += [SQLBind(score.region_code), SQLBind(score.enterprise_id), SQLBind(score.cohort), SQLBind(score.stage),
                          SQLBind(score.total), SQLBind(score.rank), SQLBind(score.cohort_size), SQLBind(score.list_index),
                          SQLBind(score.meets_line), SQLBind(false), SQLBind(breakdown)]
            } else {
                let placement = Self.placement(values, scheme: scheme, run: run, owner: owner)
                guard let stage = placement.stage, let key = placement.key, let cohort = codes[key] else {
                    throw AppError.conflict("第 \(first + offset + 1) 条无法确定比较组，请重新上传校验", code: "no_cohort")
                }
                if distributions[cohort] == nil {
                    distributions[cohort] = try await StoredScores.distribution(runID: runID, cohort: cohort, scheme: scheme,
                                                                                on: db)
                }
                guard let distribution = distributions[cohort] else { continue }
                let estimate = try distribution.estimate(facts: placement.facts, stage: stage)
                let list = estimate.list.flatMap { list in scheme.tiers.lists.firstIndex { $0.id == list.id } } ?? -1
                let lines = estimate.items.map { BreakdownCodec.Line(value: $0.value, percentile: $0.percentile, points: $0.points) }
                cells += [SQLBind(region), SQLBind(Int?.none), SQLBind(cohort), SQLBind(stage.rawValue), SQLBind(estimate.total),
                          SQLBind(estimate.rank), SQLBind(estimate.cohortSize), SQLBind(list), SQLBind(estimate.meetsLine),
                          SQLBind(true), SQLBind(BreakdownCodec.encode(lines))]
            }
            cells.append(SQLBind(now))
            inserts.append(cells)
        }
        for chunk in inserts.chunked(into: 1000) {
            guard let head = chunk.first else { continue }
            try await sql.insert(into: ScoreEstimate.schema)
                .columns("batch_id", "owner_id", "run_id", "row_number", "uscc", "name", "region_code", "enterprise_id",
                         "cohort", "stage", "total", "rank", "cohort_size", "list_index", "meets_line", "is_estimate",
                         "breakdown", "created_at")
                .values(head).rows(chunk.dropFirst()).run()
        }
        return inserts.count
    }

    func committedActions(batchID: Int) -> [JobResultView.Action] {
        [.init(label: "查看测算结果", href: "/points/estimates/\(batchID)", method: "get", style: "primary")]
    }
}

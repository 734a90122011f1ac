import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// `GET /api/v1/scores?enterprise=USCC` for partner banks: the published scores of one enterprise, only while
/// it consents (企业设置). Without consent — or for an unknown code — the answer is the same 404, so a bank
/// cannot learn which enterprises exist. Every read is audited.
struct ScoreAPIController: RouteCollection {
    static let operations: [APIOperation] = [
        APIOperation(method: .GET, path: "/api/v1/scores", summary: "企业创新积分（合作金融机构）",
                     description: "仅限合作金融机构令牌。返回已授权企业的已发布积分（每个计算批次一条，含各项指标得分）；"
                        + "企业未授权、已撤销授权或不存在时均返回 404。每次查询都记入审计日志。",
                     parameters: [
                        APIParameter(name: "enterprise", location: .query, type: "string", required: true,
                                     description: "企业统一社会信用代码（18 位）"),
                     ],
                     responseSchema: "ScoreReport", tag: "积分", errors: [400, 401, 403, 404]),
    ]

    static let schemas: [String: JSONValue] = [
        "ScoreReport": [
            "type": "object", "required": ["enterprise", "scores"],
            "properties": [
                "enterprise": ["type": "object", "properties": ["uscc": ["type": "string"], "name": ["type": "string"]]],
                "consentGrantedAt": ["type": "string", "format": "date-time"],
                "scores": ["type": "array", "items": ["$ref": "#/components/schemas/Score"]],
            ],
        ],
        "Score": [
            "type": "object",
            "properties": [
                "year": ["type": "integer"], "scheme": ["type": "string"], "total": ["type": "number"],
                "rank": ["type": "integer"], "cohortSize": ["type": "integer"], "cohort": ["type": "string"],
                "stage": ["type": "string", "nullable": true], "list": ["type": "string", "nullable": true],
                "meetsLine": ["type": "boolean"], "publishedAt": ["type": "string", "format": "date-time", "nullable": true],
                "indicators": ["type": "array", "items": [
                    "type": "object",
                    "properties": [
                        "id": ["type": "string"], "name": ["type": "string"], "group": ["type": "string"],
                        "value": ["type": "number", "nullable": true], "percentile": ["type": "number", "nullable": true],
                        "weight": ["type": "number"], "points": ["type": "number"],
                    ],
                ]],
            ],
        ],
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1").grouped(APITokenAuthenticator()).get("scores", use: scores)
    }

    struct Indicator: Content {
        let id: String
        let name: String
        let group: String
        let value: Double?
        let percentile: Double?
        let weight: Double
        let points: Double
    }

    struct Score: Content {
        let year: Int
        let scheme: String
        let total: Double
        let rank: Int
        let cohortSize: Int
        let cohort: String
        let stage: String?
        let list: String?
        let meetsLine: Bool
        let publishedAt: Date?
        let indicators: [Indicator]
    }

    struct Report: Content {
        struct Subject: Content {
            let uscc: String
            let name: String
        }

        let enterprise: Subject
        let consentGrantedAt: Date
        let scores: [Score]
    }

    @Sendable func scores(req: Request) async throws -> Report {
        let user = try req.requireUser()
        guard user.role == .partner else {
            throw AppError.forbidden("仅合作金融机构的令牌可以查询积分")
        }
        guard let code = req.query[String.self, at: "enterprise"]?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            throw AppError.badRequest("缺少参数 enterprise（企业统一社会信用代码）", code: "invalid_parameter")
        }
        guard case .success(let uscc) = USCC.parse(code) else {
            throw AppError.badRequest("参数 enterprise 不是有效的统一社会信用代码", code: "invalid_parameter")
        }
        let notFound = AppError.notFound("企业不存在或未授权合作金融机构查询积分")
        guard let enterprise = try await Enterprise.query(on: req.db).filter(\.$uscc == uscc.value).first(),
              let enterpriseID = enterprise.id,
              let consent = try await ScoreConsent.active(enterpriseID: enterpriseID, on: req.db)
        else {
            try await req.audit.record(.export, outcome: .denied, targetType: "score_api", detail: "查询 \(uscc.value)：未授权或不存在")
            throw notFound
        }
        guard let sql = req.db as? any SQLDatabase else { throw notFound }
        // Consent, not the partner's (empty) data scope, opens this one enterprise.
        let rows = try await StoredScores.select(sql, scope: .enterprise(id: enterpriseID))
            .columns(ScoreBreakdowns.columns)
            .join(SQLAlias(SQLIdentifier(ScoringRun.schema), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLColumn("run_id", table: "r"), .equal, SQLColumn("id", table: "s"))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(RunStatus.published))
            .orderBy(SQLColumn("year", table: "r"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "r"), SQLDirection.descending)
            .limit(20).all()
        let found = try rows.map { row in
            let score = try row.decode(model: ScoreRow.self)
            return (score, try ScoreBreakdowns.reference(row, runID: score.run_id))
        }
        let breakdowns = try await ScoreBreakdowns.resolve(found.map(\.1), on: sql)
        var scores: [Score] = []
        for ((score, _), breakdown) in zip(found, breakdowns) {
            guard let run = try await ScoringRun.find(score.run_id, on: req.db) else { continue }
            let summary = try await RunSummary.load(run, on: req.db)
            guard let scheme = summary.scheme else { continue }
            let lines = StoredScores.lines(breakdown, scheme: scheme, stage: score.stage.map(DevelopmentStage.init(rawValue:)))
            scores.append(Score(
                year: score.year, scheme: scheme.name, total: score.total, rank: score.rank, cohortSize: score.cohort_size,
                cohort: summary.cohortLabel(score.cohort), stage: score.stage, list: summary.listName(score.list_index),
                meetsLine: score.meets_line, publishedAt: run.publishedAt,
                indicators: lines.map { line in
                    Indicator(id: line.indicatorID, name: line.name, group: line.group.title, value: line.value,
                              percentile: line.percentile, weight: line.weight, points: line.points)
                }))
        }
        try await req.audit.record(.export, targetType: "score_api", targetID: String(enterpriseID),
                                   detail: "查询 \(uscc.value) 的积分（\(scores.count) 条）")
        return Report(enterprise: .init(uscc: enterprise.uscc, name: enterprise.name), consentGrantedAt: consent.grantedAt,
                      scores: scores)
    }
}

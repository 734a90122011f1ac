/// The three standard questionnaires, seeded as published version 1 and edited from there by administrators.
///
/// 制造业 follows RULES.md §9 (the 2024 form): 基础 50 raw points (设备系统 20 = 网络建设 8 + 设备数字化率 6 + 设备联网率 6
/// with the rate bands 0–10/10–20/20–40/40–60/60–100 %; 数据采集 10; 信息系统 10; 信息安全 10 = 网络安全 5 + 数据安全 5),
/// 管理 30 (规划管理 15, 要素保障 15), 成效 20 (绿色低碳 7, 产品质量 7, 市场效益 6), and 经营 as 16 scenarios graded
/// 一级–四级. §9 leaves open how the scenario levels combine with the scored dimensions; the default here (默认方案，可配置)
/// averages the scenario levels into a 经营 weight of 20 points (四级 everywhere = 20) and scales the 100 raw points
/// of 基础, 管理 and 成效 to the other 80 (40 + 24 + 16). 生产性服务业 and 其他行业 are defaults of the same shape.
public enum StandardQuestionnaires {
    public static let all: [Questionnaire] = [manufacturing, producerServices, other]

    public static func questionnaire(for category: QuestionnaireCategory) -> Questionnaire {
        switch category {
        case .manufacturing: manufacturing
        case .producerServices: producerServices
        case .other: other
        }
    }

    static let scenarioNote = "默认方案，可配置：数字化经营各场景按等级评定（未开展0级，一级至四级），各场景等级取平均后折算为经营维度得分；"

    public static let manufacturing = Questionnaire(
        category: .manufacturing, version: 1, title: "中小企业数字化水平评测表（制造业）",
        note: scenarioNote + "数字化基础（50分）、数字化管理（30分）、数字化成效（20分）按原分值等比折算为40、24、16分，经营维度20分，合计100分。",
        sections: [
            foundation(weight: 40, equipment: true),
            operation(weight: 20, scenarios: [
                "产品设计", "工艺设计", "营销管理", "售后服务", "计划排程", "生产管控", "质量管理", "设备管理",
                "安全生产", "能耗管理", "采购管理", "仓储物流", "财务管理", "人力资源", "协同办公", "决策支持",
            ]),
            management(weight: 24),
            effectiveness(weight: 16, green: "绿色低碳：单位产值能耗、排放的数字化监测与下降情况", quality: "产品质量：产品合格率、质量追溯能力的提升情况"),
        ])

    public static let producerServices = Questionnaire(
        category: .producerServices, version: 1, title: "中小企业数字化水平评测表（生产性服务业）",
        note: scenarioNote + "数字化基础、管理、成效按原分值等比折算为30、15、15分，经营维度40分，合计100分。",
        sections: [
            foundation(weight: 30, equipment: false),
            operation(weight: 40, scenarios: ["客户管理", "服务交付", "营销推广", "项目管理", "采购管理", "财务管理", "人力资源", "协同办公"]),
            management(weight: 15),
            effectiveness(weight: 15, green: "绿色低碳：办公与服务过程无纸化、能耗监测情况", quality: "服务质量：服务满意度、交付准时率的提升情况"),
        ])

    public static let other = Questionnaire(
        category: .other, version: 1, title: "中小企业数字化水平评测表（其他行业）",
        note: scenarioNote + "数字化基础、管理、成效按原分值等比折算为35、20、15分，经营维度30分，合计100分。",
        sections: [
            foundation(weight: 35, equipment: false),
            operation(weight: 30, scenarios: ["营销管理", "客户服务", "采购管理", "财务管理", "人力资源", "协同办公"]),
            management(weight: 20),
            effectiveness(weight: 15, green: "绿色低碳：经营过程能耗、资源消耗的数字化监测情况", quality: "产品与服务质量：质量问题追溯与客户满意度的提升情况"),
        ])

    // MARK: Building blocks

    static func bands(_ prefix: String, _ points: [Double]) -> [QuestionOption] {
        let labels = ["0–10%（不含）", "10%–20%（不含）", "20%–40%（不含）", "40%–60%（不含）", "60%–100%"]
        return zip(labels, points).enumerated().map { index, pair in QuestionOption("\(prefix)\(index + 1)", pair.0, points: pair.1) }
    }

    static func graded(_ prefix: String, _ texts: [String], _ points: [Double]) -> [QuestionOption] {
        zip(texts, points).enumerated().map { index, pair in QuestionOption("\(prefix)\(index)", pair.0, points: pair.1) }
    }

    static func foundation(weight: Double, equipment: Bool) -> QuestionnaireSection {
        var questions: [AssessmentQuestion] = []
        if equipment {
            questions += [
                AssessmentQuestion("f-network", "设备系统·网络建设：企业生产经营场所的网络覆盖情况", options: graded("net", [
                    "未建设企业网络", "办公区域实现网络覆盖", "生产与办公区域实现网络覆盖",
                    "建成覆盖生产现场的工业网络（有线/无线）", "建成工业互联网、5G等高可靠网络并实现内外网安全隔离",
                ], [0, 2, 4, 6, 8])),
                AssessmentQuestion("f-digital-rate", "设备系统·设备数字化率：数字化生产设备占生产设备总数的比例", kind: .rateBand,
                                   options: bands("dr", [0, 1.5, 3, 4.5, 6])),
                AssessmentQuestion("f-connect-rate", "设备系统·设备联网率：联网数字化设备占数字化设备总数的比例", kind: .rateBand,
                                   options: bands("cr", [0, 1.5, 3, 4.5, 6])),
            ]
        } else {
            questions += [
                AssessmentQuestion("f-network", "网络与终端：企业网络建设与办公终端配备情况", options: graded("net", [
                    "未建设企业网络", "部分员工配备办公终端，网络基本覆盖", "全员配备办公终端，网络全覆盖",
                    "网络全覆盖并使用云服务", "网络全覆盖，业务系统全面上云并实现移动办公",
                ], [0, 5, 10, 15, 20])),
            ]
        }
        questions += [
            AssessmentQuestion("f-data", "数据采集：业务与生产数据的采集方式", options: graded("data", [
                "以纸质记录为主", "以电子表格人工录入为主", "主要业务数据通过信息系统采集",
                "关键数据自动采集并集中存储", "全面自动采集，形成统一的数据资源并持续治理",
            ], [0, 2.5, 5, 7.5, 10])),
            AssessmentQuestion("f-systems", "信息系统：企业已应用的信息系统（可多选）", kind: .multiple, options: [
                QuestionOption("sys-erp", "企业资源计划（ERP）/财务系统", points: 3),
                QuestionOption("sys-ops", equipment ? "制造执行系统（MES）" : "业务/服务管理系统", points: 3),
                QuestionOption("sys-design", equipment ? "产品生命周期管理（PLM）/设计软件" : "项目管理系统", points: 2),
                QuestionOption("sys-crm", "客户关系管理（CRM）", points: 2),
                QuestionOption("sys-scm", "供应链/仓储管理（SCM/WMS）", points: 2),
                QuestionOption("sys-oa", "协同办公（OA）", points: 1),
                QuestionOption("sys-none", "尚未应用信息系统", points: 0),
            ], maxPoints: 10, hint: "多选合计最高10分"),
            AssessmentQuestion("f-netsec", "信息安全·网络安全：网络安全防护措施", options: graded("ns", [
                "无专门防护措施", "部署防火墙、杀毒软件等基础防护", "建立网络安全管理制度并定期检查",
                "通过等级保护测评或具备安全监测与应急响应能力",
            ], [0, 2, 3.5, 5])),
            AssessmentQuestion("f-datasec", "信息安全·数据安全：数据安全保护措施", options: graded("ds", [
                "无专门措施", "重要数据定期备份", "建立数据分级分类与访问权限管理",
                "数据加密、容灾备份与安全审计全覆盖",
            ], [0, 2, 3.5, 5])),
        ]
        return QuestionnaireSection("foundation", dimension: .foundation, title: "数字化基础", weight: weight,
                                    note: equipment ? "设备系统20分（网络建设8、设备数字化率6、设备联网率6）、数据采集10分、信息系统10分、信息安全10分，原始分合计50分" : "网络与终端20分、数据采集10分、信息系统10分、信息安全10分，原始分合计50分",
                                    questions: questions)
    }

    static let levelTexts = [
        "未开展：该场景尚未应用数字化手段",
        "一级：初步应用信息化工具，数据以人工记录为主",
        "二级：主要业务环节使用信息系统管理",
        "三级：实现系统集成与数据贯通，跨环节协同",
        "四级：基于数据分析实现智能优化与决策",
    ]

    static func operation(weight: Double, scenarios: [String]) -> QuestionnaireSection {
        QuestionnaireSection("operation", dimension: .operation, title: "数字化经营", weight: weight,
                             note: "每个场景选择所达到的等级；各场景等级取平均后折算为本维度得分（默认方案，可配置）",
                             questions: scenarios.enumerated().map { index, name in
                                 AssessmentQuestion("o-\(index + 1)", name, kind: .scenario,
                                                    options: graded("o\(index + 1)-l", levelTexts, [0, 1, 2, 3, 4]))
                             })
    }

    static func management(weight: Double) -> QuestionnaireSection {
        QuestionnaireSection("management", dimension: .management, title: "数字化管理", weight: weight,
                             note: "规划管理15分、要素保障15分，原始分合计30分",
                             questions: [
                                 AssessmentQuestion("m-plan", "规划管理·转型规划：数字化转型战略与规划", options: graded("plan", [
                                     "尚无数字化规划", "有初步设想，未形成文件", "制定数字化转型规划并明确目标",
                                     "规划纳入企业战略并按年度分解实施、评估",
                                 ], [0, 3, 6, 8])),
                                 AssessmentQuestion("m-org", "规划管理·组织机制：数字化工作的组织与责任", options: graded("org", [
                                     "无专人负责", "有兼职人员负责", "设立专门部门或岗位",
                                     "企业主要负责人牵头，建立跨部门推进机制",
                                 ], [0, 2, 5, 7])),
                                 AssessmentQuestion("m-talent", "要素保障·人才：数字化人才占员工总数的比例", kind: .rateBand,
                                                    options: bands("tal", [0, 2, 4, 6, 8])),
                                 AssessmentQuestion("m-invest", "要素保障·投入：近一年数字化投入占营业收入的比例", options: graded("inv", [
                                     "无专项投入", "低于1%", "1%–3%（不含）", "3%及以上",
                                 ], [0, 2, 4.5, 7])),
                             ])
    }

    static func effectiveness(weight: Double, green: String, quality: String) -> QuestionnaireSection {
        QuestionnaireSection("effectiveness", dimension: .effectiveness, title: "数字化成效", weight: weight,
                             note: "绿色低碳7分、产品（服务）质量7分、市场效益6分，原始分合计20分",
                             questions: [
                                 AssessmentQuestion("e-green", green, options: graded("grn", [
                                     "无明显变化或未监测", "开展监测，略有改善", "明显改善（下降5%以上）", "显著改善（下降10%以上）",
                                 ], [0, 2, 4.5, 7])),
                                 AssessmentQuestion("e-quality", quality, options: graded("qly", [
                                     "无明显变化或未统计", "略有提升", "明显提升", "显著提升并实现全过程追溯",
                                 ], [0, 2, 4.5, 7])),
                                 AssessmentQuestion("e-market", "市场效益：数字化带来的营业收入、利润或人均产值提升", options: graded("mkt", [
                                     "无明显变化或未统计", "略有提升", "提升5%–10%", "提升10%以上",
                                 ], [0, 2, 4, 6])),
                             ])
    }
}

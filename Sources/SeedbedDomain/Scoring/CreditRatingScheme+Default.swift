extension CreditRatingScheme {
    /// The platform's default 知识价值信用评级 scheme (version 1). RULES.md §12 fixes its structure — base 知识产权 and
    /// 研发投入, bonus 科技人才, 创新产品, 创新企业, grades A–E with credit lines 500/400/300/160/80 万元 — but not its
    /// numbers; the numbers below are the platform's, set for small and medium technology enterprises:
    ///
    /// 基础指标 (100 points):
    /// - Ⅰ类知识产权 (发明专利、植物新品种、新药、集成电路布图 …): 5 points each, capped at 6 (30 points);
    /// - Ⅱ类知识产权 (实用新型、外观设计、软件著作权): 1 point each, capped at 15 (15 points);
    /// - 研发费用总额: ≥50 / 100 / 200 / 500 / 1000 万元 → 5 / 10 / 15 / 20 / 25 points;
    /// - 研发投入强度 (研发费用 / 营业收入): ≥2 % / 3 % / 5 % / 8 % / 10 % → 6 / 12 / 18 / 24 / 30 points.
    ///
    /// 加分指标 (at most 20 points together):
    /// - 科技人员数: 0.08 points each, capped at 50 (4 points);
    /// - 科技人员占比: ≥10 % / 20 % / 30 % → 2 / 3 / 4 points;
    /// - 高新技术产品（服务）收入: ≥100 / 500 / 1000 / 5000 万元 → 1 / 2 / 3 / 4 points;
    /// - 高新技术企业 5, 专精特新中小企业 3, 科技型中小企业 2 points.
    ///
    /// Grades: A ≥ 80 (500 万元), B ≥ 65 (400), C ≥ 50 (300), D ≥ 35 (160), E below 35 (80).
    ///
    /// 高端人才 and 新产品销售收入 have no fact on the platform yet; the scheme reads 科技人员 and 高新技术产品收入 for them.
    public static let platformDefault = CreditRatingScheme(
        id: "knowledge-value-credit", version: 1, name: "知识价值信用评级（平台默认方案）", effectiveFrom: "2020-01-01",
        notice: "平台默认方案：指标结构依据知识价值信用评级（基础指标知识产权、研发投入，加分指标科技人才、创新产品、创新企业），"
            + "分值与等级线为平台设定，可由主管部门调整后发布新版本。",
        indicators: [
            CreditIndicator(id: "ip_class1", name: "Ⅰ类知识产权", group: .base, dimension: .intellectualProperty,
                            fact: .ipClass1, method: .countWithCap(cap: 6), weight: 30, unit: .count, countUnit: "件",
                            note: "发明专利、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权"),
            CreditIndicator(id: "ip_class2", name: "Ⅱ类知识产权", group: .base, dimension: .intellectualProperty,
                            fact: .ipClass2, method: .countWithCap(cap: 15), weight: 15, unit: .count, countUnit: "件",
                            note: "实用新型专利、外观设计专利、软件著作权"),
            CreditIndicator(id: "rd_expense", name: "研发费用总额", group: .base, dimension: .rdInvestment,
                            fact: .rdExpense, method: .bands(thresholds: [50, 100, 200, 500, 1000],
                                                             values: [0.2, 0.4, 0.6, 0.8, 1]),
                            weight: 25, unit: .money),
            CreditIndicator(id: "rd_ratio", name: "研发投入强度", group: .base, dimension: .rdInvestment,
                            fact: .rdRatio, method: .bands(thresholds: [0.02, 0.03, 0.05, 0.08, 0.10],
                                                           values: [0.2, 0.4, 0.6, 0.8, 1]),
                            weight: 30, unit: .ratio, note: "研发费用总额占营业收入的比例"),
            CreditIndicator(id: "st_staff", name: "科技人员数", group: .bonus, dimension: .talent,
                            fact: .stStaff, method: .countWithCap(cap: 50), weight: 4, unit: .count, countUnit: "人"),
            CreditIndicator(id: "st_staff_ratio", name: "科技人员占比", group: .bonus, dimension: .talent,
                            fact: .stStaffRatio, method: .bands(thresholds: [0.1, 0.2, 0.3], values: [0.5, 0.75, 1]),
                            weight: 4, unit: .ratio, note: "科技人员占从业人员的比例"),
            CreditIndicator(id: "hightech_product_income", name: "高新技术产品（服务）收入", group: .bonus,
                            dimension: .products, fact: .hightechProductIncome,
                            method: .bands(thresholds: [100, 500, 1000, 5000], values: [0.25, 0.5, 0.75, 1]),
                            weight: 4, unit: .money),
            CreditIndicator(id: "hightech_certified", name: "高新技术企业", group: .bonus, dimension: .titles,
                            fact: .hightechCertified, method: .boolean, weight: 5, unit: .flag),
            CreditIndicator(id: "specialized_sme", name: "专精特新中小企业", group: .bonus, dimension: .titles,
                            fact: .specializedSMECertified, method: .boolean, weight: 3, unit: .flag),
            CreditIndicator(id: "tech_sme", name: "科技型中小企业", group: .bonus, dimension: .titles,
                            fact: .techSMECertified, method: .boolean, weight: 2, unit: .flag),
        ],
        bonusCap: 20,
        grades: [
            CreditGradeRule(grade: .a, minimumScore: 80, creditLine: 500),
            CreditGradeRule(grade: .b, minimumScore: 65, creditLine: 400),
            CreditGradeRule(grade: .c, minimumScore: 50, creditLine: 300),
            CreditGradeRule(grade: .d, minimumScore: 35, creditLine: 160),
            CreditGradeRule(grade: .e, minimumScore: 0, creditLine: 80),
        ])
}

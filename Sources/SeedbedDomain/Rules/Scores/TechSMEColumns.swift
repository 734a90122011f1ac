/// The 科技型中小企业 score lines and direct confirmations of one enterprise, numeric only.
struct TechSMEPoints: Sendable {
    var staff = LinePoints.zero
    var rd = LinePoints.zero
    /// Which measure `rd` was read from: 1 sales, 2 total cost, 0 neither.
    var rdMeasure: UInt8 = 0
    var ip = LinePoints.zero
    /// Direct confirmations: valid 高企, national award in the window, provincial R&D institution, led standard.
    var direct: (RuleStatus, RuleStatus, RuleStatus, RuleStatus) = (.unknown, .unknown, .unknown, .unknown)

    var total: Double { staff.points + rd.points + ip.points }
    var possible: Double { staff.possible + rd.possible + ip.possible }
    var directStatus: RuleStatus { direct.0.or(direct.1).or(direct.2).or(direct.3) }
}

/// The columns the 科技型中小企业 score reads, fetched once for all slots.
struct TechSMEColumns {
    let input: EvaluationInput
    let rules: TechSMERules
    let staffShare: [Double]
    let rdExpense: [Double]
    let revenue: [Double]
    let totalCost: [Double]
    let classOne: [Double]
    let classTwo: [Double]
    let hightech: TitleColumn
    let institutionLevel: [Double]
    let windowYears: [Int]
    let nationalAwards: [[Double]]
    let standardsLed: [[Double]]

    init(input: EvaluationInput, rules: TechSMERules) {
        self.input = input
        self.rules = rules
        let year = input.year
        staffShare = input.column(.stStaffRatio, year: year)
        rdExpense = input.column(.rdExpense, year: year)
        revenue = input.column(.revenue, year: year)
        totalCost = input.column(.totalCost, year: year)
        classOne = input.column(.ipClass1, year: year)
        classTwo = input.column(.ipClass2, year: year)
        hightech = TitleColumn(.hightech, input: input)
        institutionLevel = input.column(.rdInstitutionLevel, year: year)
        windowYears = MeasureKernels.window(year, rules.directYears)
        nationalAwards = windowYears.map { input.column(.stAwardsNational, year: $0) }
        standardsLed = windowYears.map { input.column(.standardsLed, year: $0) }
    }

    func points(at slot: Int) -> TechSMEPoints {
        var result = TechSMEPoints()
        result.staff = rules.staffShare.score(staffShare[slot])
        let rd = rdExpense[slot]
        if rd.isNaN {
            result.rd = .missing(upTo: max(rules.rdToSales.maximum, rules.rdToCost.maximum))
        } else {
            let sales = measure(rd, over: revenue[slot], rules.rdToSales)
            let cost = measure(rd, over: totalCost[slot], rules.rdToCost)
            result.rd = LinePoints.better(sales, cost)
            if result.rd.basis != .unknown { result.rdMeasure = sales.points >= cost.points ? 1 : 2 }
        }
        result.ip = rules.ip.score(classOne: classOne[slot], classTwo: classTwo[slot])

        var awards = 0.0
        var awardsMissing = false
        var standards = 0.0
        var standardsMissing = false
        for index in windowYears.indices where input.existed(slot, in: windowYears[index]) {
            let award = nationalAwards[index][slot]
            if award.isFinite { awards += award } else { awardsMissing = true }
            let standard = standardsLed[index][slot]
            if standard.isFinite { standards += standard } else { standardsMissing = true }
        }
        let level = institutionLevel[slot]
        result.direct = (
            hightech.status(at: slot),
            awards >= 1 ? .met : awardsMissing ? .unknown : .notMet,
            level.isNaN ? .unknown : RuleStatus(level >= 2),
            standards >= 1 ? .met : standardsMissing ? .unknown : .notMet
        )
        return result
    }

    /// A ratio band over a denominator: a zero denominator makes the measure inapplicable (0 points, the other
    /// measure decides); a missing one leaves it open.
    private func measure(_ rd: Double, over denominator: Double, _ bands: BandTable) -> LinePoints {
        if denominator.isNaN { return .missing(upTo: bands.maximum) }
        guard denominator > 0 else { return .zero }
        return bands.score(DerivedFacts.ratio(rd, denominator))
    }
}

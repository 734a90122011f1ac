/// The innovation-capacity sub-scores of one enterprise, numeric only (no allocation), so a million slots
/// score in one pass; `HightechPrescreen` turns the same value into the explained breakdown.
struct HightechCapacityPoints: Sendable {
    var ipQuantity = LinePoints.zero
    var ipAdvancement = LinePoints.zero
    var ipCoreSupport = LinePoints.zero
    var ipObtaining = LinePoints.zero
    var ipStandards = LinePoints.zero
    var conversions = LinePoints.zero
    var organisation = LinePoints.zero
    var netAssetGrowth = LinePoints.zero
    var salesGrowth = LinePoints.zero
    /// Why a growth line is 0 without a rate ("经营不满两年" …), by line: 0 none, 1 too young, 2 base not positive.
    var netAssetGrowthReason: UInt8 = 0
    var salesGrowthReason: UInt8 = 0

    var lines: [LinePoints] {
        [ipQuantity, ipAdvancement, ipCoreSupport, ipObtaining, ipStandards, conversions, organisation,
         netAssetGrowth, salesGrowth]
    }

    var total: Double {
        ipQuantity.points + ipAdvancement.points + ipCoreSupport.points + ipObtaining.points + ipStandards.points
            + conversions.points + organisation.points + netAssetGrowth.points + salesGrowth.points
    }

    var possible: Double {
        ipQuantity.possible + ipAdvancement.possible + ipCoreSupport.possible + ipObtaining.possible
            + ipStandards.possible + conversions.possible + organisation.possible + netAssetGrowth.possible
            + salesGrowth.possible
    }
}

/// The columns the innovation-capacity score reads, fetched once for all slots.
struct HightechCapacityColumns {
    let input: EvaluationInput
    let rules: HightechPrescreenRules
    let years: [Int]
    let classOne: [Double]
    let classTwo: [Double]
    let conversions: [[Double]]
    let standardsLed: [[Double]]
    let standardsJoined: [[Double]]
    let assets: [[Double]]
    let liabilities: [[Double]]
    let revenue: [[Double]]

    init(input: EvaluationInput, rules: HightechPrescreenRules) {
        self.input = input
        self.rules = rules
        years = MeasureKernels.window(input.year, rules.historyYears)
        classOne = input.column(.ipClass1, year: input.year)
        classTwo = input.column(.ipClass2, year: input.year)
        conversions = years.map { input.column(.achievementConversions, year: $0) }
        standardsLed = years.map { input.column(.standardsLed, year: $0) }
        standardsJoined = years.map { input.column(.standardsJoined, year: $0) }
        assets = years.map { input.column(.totalAssets, year: $0) }
        liabilities = years.map { input.column(.totalLiabilities, year: $0) }
        revenue = years.map { input.column(.revenue, year: $0) }
    }

    func points(at slot: Int) -> HightechCapacityPoints {
        var result = HightechCapacityPoints()
        let one = classOne[slot]
        let two = classTwo[slot]
        result.ipQuantity = rules.ipQuantity.score(classOne: one, classTwo: two)

        // Advancement, core support and how obtained judge the IP held: none held scores none.
        let holdsSome = (one.isFinite && one > 0) || (two.isFinite && two > 0)
        let holdsNone = one == 0 && two == 0
        func judged(_ maximum: Double) -> LinePoints {
            holdsSome ? .notDerivable(maximum) : holdsNone ? .zero : .missing(upTo: maximum)
        }
        result.ipAdvancement = judged(rules.ipAdvancementMax)
        result.ipCoreSupport = judged(rules.ipCoreSupportMax)
        result.ipObtaining = judged(rules.ipObtainingMax)

        var standards = 0.0
        var standardsMissing = false
        var conversionSum = 0.0
        var conversionsMissing = false
        var existing = 0
        for index in years.indices where input.existed(slot, in: years[index]) {
            existing += 1
            let led = standardsLed[index][slot]
            let joined = standardsJoined[index][slot]
            if led.isFinite { standards += led } else { standardsMissing = true }
            if joined.isFinite { standards += joined } else { standardsMissing = true }
            let converted = conversions[index][slot]
            if converted.isFinite { conversionSum += converted } else { conversionsMissing = true }
        }
        let standardsLine = rules.standardsBonus.score(standards)
        result.ipStandards = standardsMissing && standardsLine.points < rules.standardsBonus.maximum
            ? .missing(standardsLine.points, upTo: rules.standardsBonus.maximum) : standardsLine
        let others = result.ipQuantity.points + result.ipAdvancement.points + result.ipCoreSupport.points
            + result.ipObtaining.points
        let othersPossible = result.ipQuantity.possible + result.ipAdvancement.possible
            + result.ipCoreSupport.possible + result.ipObtaining.possible
        var bonus = result.ipStandards
        bonus.points = min(bonus.points, max(0, rules.ipCap - others))
        bonus.possible = max(bonus.points, min(bonus.possible, max(0, rules.ipCap - othersPossible)))
        result.ipStandards = bonus
        // The cap also bounds what open lines could still add: take any excess off their possible points, so
        // the group's possible total is exactly min(cap, Σ possible) and every line keeps points ≤ possible.
        var excess = othersPossible + bonus.possible - max(rules.ipCap, others + bonus.points)
        if excess > 0 {
            for path in [\HightechCapacityPoints.ipObtaining, \.ipCoreSupport, \.ipAdvancement, \.ipQuantity] {
                let cut = min(result[keyPath: path].possible - result[keyPath: path].points, excess)
                result[keyPath: path].possible -= cut
                excess -= cut
            }
        }

        let average = conversionSum / Double(max(existing, 1))
        let conversionLine = rules.conversions.score(average)
        result.conversions = conversionsMissing && conversionLine.points < rules.conversions.maximum
            ? .missing(conversionLine.points, upTo: rules.conversions.maximum) : conversionLine
        result.organisation = .notDerivable(rules.organisationMax)

        let (netLine, netReason) = growthLine(slot, rules.netAssetGrowth) { index in
            let a = assets[index][slot]
            let l = liabilities[index][slot]
            return a.isFinite && l.isFinite ? a - l : .nan
        }
        result.netAssetGrowth = netLine
        result.netAssetGrowthReason = netReason
        let (salesLine, salesReason) = growthLine(slot, rules.salesGrowth) { index in revenue[index][slot] }
        result.salesGrowth = salesLine
        result.salesGrowthReason = salesReason
        return result
    }

    /// g = ½·(Y2/Y1 + Y3/Y2) − 1 over the years the enterprise existed (工作指引): with two years Y3/Y2 − 1;
    /// with one, 0 points; a first year not positive uses the later two; a second year not positive scores 0.
    private func growthLine(_ slot: Int, _ bands: BandTable, _ value: (Int) -> Double) -> (LinePoints, UInt8) {
        // The last three years the enterprise existed in, oldest first, without allocating per slot.
        var existing = 0
        var (y1, y2, y3) = (Double.nan, Double.nan, Double.nan)
        for index in years.indices where input.existed(slot, in: years[index]) {
            existing += 1
            (y1, y2, y3) = (y2, y3, value(index))
        }
        guard existing >= 2 else { return (.zero, 1) }
        if y2.isNaN || y3.isNaN || (existing >= 3 && y1.isNaN) { return (.missing(upTo: bands.maximum), 0) }
        guard y2 > 0 else { return (.zero, 2) }
        let rate = existing >= 3 && y1 > 0 ? 0.5 * (y2 / y1 + y3 / y2) - 1 : y3 / y2 - 1
        return (bands.score(rate), 0)
    }
}

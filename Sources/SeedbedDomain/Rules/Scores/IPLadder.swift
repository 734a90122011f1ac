/// Which holding of intellectual property a step of an `IPLadder` asks for.
public enum IPRequirement: String, Sendable, Hashable, Codable {
    /// Ⅰ类 that is 高价值 (typed input; facts do not say).
    case classOneHighValue
    /// Ⅰ类 obtained by the enterprise's own R&D (typed input).
    case classOneSelfDeveloped
    /// Ⅰ类 (RULES.md §5).
    case classOne
    /// Ⅱ类.
    case classTwo
}

/// One step of an IP indicator: at least `minimum` items of a kind give these points.
public struct IPStep: Sendable, Hashable, Codable {
    public var requirement: IPRequirement
    public var minimum: Double
    public var minPoints: Double
    public var maxPoints: Double
    public var label: String

    public init(_ requirement: IPRequirement, atLeast minimum: Double, points: Double, upTo maxPoints: Double? = nil,
                label: String)
    {
        self.requirement = requirement
        self.minimum = minimum
        self.minPoints = points
        self.maxPoints = maxPoints ?? points
        self.label = label
    }
}

/// An IP indicator as the rules write it: the first step the enterprise reaches gives the points ("≥1 Ⅰ类: 30 ·
/// ≥4 Ⅱ类: 24 · … · none 0"). Steps are ordered best first.
public struct IPLadder: Sendable, Hashable, Codable {
    public var steps: [IPStep]
    public var noneLabel: String

    public init(_ steps: [IPStep], noneLabel: String = "无") {
        self.steps = steps
        self.noneLabel = noneLabel
    }

    public var maximum: Double {
        var most = 0.0
        for index in steps.indices { most = max(most, steps[index].maxPoints) }
        return most
    }

    /// Points for the holdings; unknown counts and flags are bounded: worst case for the points credited,
    /// best case for the points possible.
    func score(classOne: Double, classTwo: Double, highValue: Bool? = nil, selfDeveloped: Bool? = nil)
        -> LinePoints
    {
        let worst = stepIndex(classOne: classOne.isNaN ? 0 : classOne, classTwo: classTwo.isNaN ? 0 : classTwo,
                              highValue: highValue ?? false, selfDeveloped: selfDeveloped ?? false)
        let best = stepIndex(classOne: classOne.isNaN ? .infinity : classOne,
                             classTwo: classTwo.isNaN ? .infinity : classTwo,
                             highValue: highValue ?? true, selfDeveloped: selfDeveloped ?? true)
        let points = worst.map { steps[$0].maxPoints } ?? 0
        let possible = best.map { steps[$0].maxPoints } ?? 0
        let value = classOne.isNaN || classTwo.isNaN ? Double.nan : classOne + classTwo
        if worst != best {
            return LinePoints(points: points, possible: possible, band: -1, basis: .unknown, value: value)
        }
        let ranged = worst.map { steps[$0].minPoints < steps[$0].maxPoints } ?? false
        return LinePoints(points: points, possible: points, band: worst ?? steps.count,
                          basis: ranged ? .upperBound : .exact, value: value)
    }

    private func stepIndex(classOne: Double, classTwo: Double, highValue: Bool, selfDeveloped: Bool) -> Int? {
        for index in steps.indices {
            let minimum = steps[index].minimum
            let reached = switch steps[index].requirement {
            case .classOneHighValue: highValue && Tolerance.atLeast(classOne, max(minimum, 1))
            case .classOneSelfDeveloped: selfDeveloped && Tolerance.atLeast(classOne, max(minimum, 1))
            case .classOne: Tolerance.atLeast(classOne, minimum)
            case .classTwo: Tolerance.atLeast(classTwo, minimum)
            }
            if reached { return index }
        }
        return nil
    }

    func describe(_ index: Int) -> String? {
        if index == steps.count { return "\(noneLabel)（0 分）" }
        guard index >= 0, index < steps.count else { return nil }
        let step = steps[index]
        let points = step.minPoints < step.maxPoints
            ? "\(NumberText.plain(step.minPoints))–\(NumberText.plain(step.maxPoints)) 分"
            : "\(NumberText.plain(step.maxPoints)) 分"
        return "\(step.label)（\(points)）"
    }
}

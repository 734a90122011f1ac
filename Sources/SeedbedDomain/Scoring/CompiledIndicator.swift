/// An indicator as the engine uses it: its method, whether it ranks descending, which rank column it owns, and
/// its weights as an array indexed by stage code (one extra, zero weight for the undecided stage).
struct CompiledIndicator: Sendable {
    let method: ScoringMethod
    let descending: Bool
    /// The index among the scheme's percentile indicators, for the rank columns; `nil` for other methods.
    let percentileSlot: Int?
    let subtracts: Bool
    let weights: [Double]

    /// Compiles every indicator of a scheme in order.
    static func compile(_ scheme: InnovationScheme) -> [CompiledIndicator] {
        var nextSlot = 0
        return scheme.indicators.map { indicator in
            var slot: Int?
            if case .percentile = indicator.method {
                slot = nextSlot
                nextSlot += 1
            }
            return CompiledIndicator(
                method: indicator.method,
                descending: indicator.direction == .lower,
                percentileSlot: slot,
                subtracts: indicator.method.subtracts,
                weights: scheme.stages.map { indicator.weight(in: $0) } + [0]
            )
        }
    }

    /// The weight for a stage code (the undecided code and any code past the scheme's stages weigh 0).
    func weight(stageCode: Int) -> Double {
        weights.indices.contains(stageCode) ? weights[stageCode] : 0
    }
}

extension InnovationScheme {
    /// The filed facts a run must load to score this scheme, for the scored year and for the year before (growth
    /// rates), so a run over a million enterprises reads the columns it uses and no others. Derived facts are
    /// replaced by their inputs (`DerivedFacts.inputs(of:)`); the stage rule's revenue is always included.
    public var filedFactsNeeded: (current: [FactID], previous: [FactID]) {
        var current: Set<FactID> = [.revenue]
        var previous: Set<FactID> = []
        for indicator in indicators {
            if let inputs = DerivedFacts.inputs(of: indicator.fact) {
                current.formUnion(inputs.current)
                previous.formUnion(inputs.previous)
            } else {
                current.insert(indicator.fact)
            }
        }
        return (current.sorted(), previous.sorted())
    }
}

extension DerivedFacts {
    /// The filed facts a derived fact is computed from, in the same year and in the year before; `nil` for a
    /// fact that is filed, not derived.
    public static func inputs(of fact: FactID) -> (current: [FactID], previous: [FactID])? {
        switch fact {
        case .ipClass1: (classOneParts, [])
        case .ipClass2: (classTwoParts, [])
        case .rdRatio: ([.rdExpense, .revenue], [])
        case .stStaffRatio: ([.stStaff, .employees], [])
        case .rdStaffRatio: ([.rdStaff, .employees], [])
        case .debtRatio: ([.totalLiabilities, .totalAssets], [])
        case .revenueGrowth: ([.revenue], [.revenue])
        case .profitGrowth: ([.netProfit], [.netProfit])
        case .rdInstitutionLevel: ([.rdInstitutionsNational, .rdInstitutionsProvincial, .rdInstitutionsMunicipal], [])
        default: nil
        }
    }
}

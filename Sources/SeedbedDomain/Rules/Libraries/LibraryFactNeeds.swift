/// Which filed facts the libraries read, and how many years back from the evaluation year: what a platform-wide
/// library load keeps in memory instead of every fact of every year (a million enterprises × 10 years × 47
/// columns of `Double` would be 3.8 GB).
///
/// Read off the conditions' measures and thresholds; derived facts stand for the filed facts they are computed
/// from (a growth also reads the year before). Score measures read their facts over their rules' years. A library
/// that tracks its first qualifying year evaluates every earlier year of the window as well, so its facts are
/// wanted over the whole window. `LibraryFactNeedsTests` evaluate every library over full and pruned facts and
/// compare every verdict, value and explanation.
public enum LibraryFactNeeds {
    /// Filed fact → the most years back from the evaluation year it is read (0 = the evaluation year only), for
    /// `libraries` evaluated with histories of `window` years before the evaluation year.
    public static func needs(_ libraries: [RuleLibrary], window: Int) -> [FactID: Int] {
        var result: [FactID: Int] = [:]
        let window = min(max(0, window), MeasureKernels.maxLookback)
        for (fact, reach) in read(libraries, window: window) {
            for (filed, extra) in filed(fact) { result[filed] = min(window, max(result[filed] ?? 0, reach + extra)) }
        }
        return result
    }

    /// Derived fact → the most years back it is read; the others need not be computed.
    public static func derived(_ libraries: [RuleLibrary], window: Int) -> [FactID: Int] {
        let derived = Set(DerivedFacts.ids)
        return read(libraries, window: window).filter { derived.contains($0.key) }
    }

    /// Per year from `year − window` to `year`, the filed facts to load for `libraries`.
    public static func factsByYear(_ libraries: [RuleLibrary], year: Int, window: Int) -> [Int: [FactID]] {
        let window = min(max(0, window), MeasureKernels.maxLookback)
        let needs = Self.needs(libraries, window: window)
        var result: [Int: [FactID]] = [:]
        for back in 0...window {
            let (loaded, overflow) = year.subtractingReportingOverflow(back)
            guard !overflow else { break }
            result[loaded] = needs.filter { $0.value >= back }.map(\.key).sorted()
        }
        return result
    }

    /// `history` (filed facts as `factsByYear` loaded them) with the derived columns `libraries` read, each in
    /// the years they read it: ready for `EvaluationInput(…, deriving: false)`.
    public static func deriving(_ history: FactHistory, _ libraries: [RuleLibrary], year: Int, window: Int)
        -> FactHistory
    {
        let derived = Self.derived(libraries, window: window)
        var result = FactHistory(count: history.count)
        for frameYear in history.years {
            var frame = history.frame(frameYear)
            let (back, overflow) = year.subtractingReportingOverflow(frameYear)
            let wanted = overflow ? [] : Set(derived.filter { $0.value >= back }.keys)
            if !wanted.isEmpty {
                let (before, early) = frameYear.subtractingReportingOverflow(1)
                let previous = !early && history.has(before) ? history.frame(before) : nil
                for (id, column) in DerivedFacts.columns(of: frame, previous: previous) where wanted.contains(id) {
                    frame.setColumn(id, column)
                }
            }
            result.setFrame(frame, for: frameYear)
        }
        return result
    }

    /// Every fact (filed or derived) the libraries read, and how far back.
    static func read(_ libraries: [RuleLibrary], window: Int) -> [FactID: Int] {
        let window = min(max(0, window), MeasureKernels.maxLookback)
        var result: [FactID: Int] = [:]
        for library in libraries {
            var own: [FactID: Int] = [:]
            for condition in library.conditions {
                for (fact, back) in reads(condition.measure, window: window) { own[fact] = max(own[fact] ?? 0, back) }
                if case .bandedBy(let fact, _, _) = condition.threshold { own[fact] = max(own[fact] ?? 0, 0) }
            }
            for (fact, back) in own {
                result[fact] = max(result[fact] ?? 0, library.tracksFirstQualifyingYear ? window : back)
            }
        }
        return result
    }

    /// The facts (filed or derived) a measure reads and how far back.
    static func reads(_ measure: ConditionMeasure, window: Int) -> [(FactID, Int)] {
        switch measure {
        case .fact(let id): return [(id, 0)]
        case .sum(let ids): return ids.map { ($0, 0) }
        case .share(let numerator, let denominator): return [(numerator, 0), (denominator, 0)]
        case .pooledShare(let numerator, let denominator, let years):
            return [(numerator, years - 1), (denominator, years - 1)].map { ($0.0, min(window, max(0, $0.1))) }
        case .total(let id, let years), .average(let id, let years): return [(id, min(window, max(0, years - 1)))]
        case .sustainedGrowth(let id, _): return [(id, window)]
        case .yearsSinceRegistration, .inHightechField, .inIndustrySections: return []
        case .notListed: return [(.listingStatus, 0)]
        case .holdsTitle(let title): return [(titleFact(title), 0)]
        case .holdsAnyTitle(let options, _): return options.flatMap { $0 }.map { (titleFact($0), 0) }
        case .hightechInnovationScore:
            // HightechCapacityColumns: IP of the year; conversions, standards, net assets and sales over the
            // rules' history years.
            let back = min(window, max(0, (HightechPrescreenRules.versions.map(\.historyYears).max() ?? window) - 1))
            return [(.ipClass1, 0), (.ipClass2, 0)]
                + [FactID.achievementConversions, .standardsLed, .standardsJoined, .totalAssets, .totalLiabilities,
                   .revenue].map { ($0, back) }
        case .techSMEScore, .techSMEDirectConfirmation:
            // TechSMEColumns: the year's staff, R&D, IP, institutions and title; awards and standards over the
            // direct-confirmation years.
            let back = min(window, max(0, (TechSMERules.versions.map(\.directYears).max() ?? window) - 1))
            return [FactID.stStaffRatio, .rdExpense, .revenue, .totalCost, .ipClass1, .ipClass2, .rdInstitutionLevel,
                    .hightechCertified].map { ($0, 0) }
                + [FactID.stAwardsNational, .standardsLed].map { ($0, back) }
        }
    }

    /// The filed facts behind a fact, with the extra years back each is read (a growth reads the year before).
    static func filed(_ fact: FactID) -> [(FactID, Int)] {
        switch fact {
        case .ipClass1: DerivedFacts.classOneParts.map { ($0, 0) }
        case .ipClass2: DerivedFacts.classTwoParts.map { ($0, 0) }
        case .rdRatio: [(.rdExpense, 0), (.revenue, 0)]
        case .stStaffRatio: [(.stStaff, 0), (.employees, 0)]
        case .rdStaffRatio: [(.rdStaff, 0), (.employees, 0)]
        case .debtRatio: [(.totalLiabilities, 0), (.totalAssets, 0)]
        case .revenueGrowth: [(.revenue, 0), (.revenue, 1)]
        case .profitGrowth: [(.netProfit, 0), (.netProfit, 1)]
        case .rdInstitutionLevel:
            [(.rdInstitutionsNational, 0), (.rdInstitutionsProvincial, 0), (.rdInstitutionsMunicipal, 0)]
        default: [(fact, 0)]
        }
    }

    static func titleFact(_ title: RuleTitle) -> FactID {
        switch title {
        case .hightech: .hightechCertified
        case .techSME: .techSMECertified
        case .specializedSME: .specializedSMECertified
        }
    }
}

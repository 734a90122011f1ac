import SeedbedDomain
import SyntheticData

/// The library benchmark (`seedbed-bench libraries --enterprises N`): generate N enterprises × 3 years, prepare
/// the derived facts once, then evaluate every library over all enterprises, timing each.
enum LibraryBenchmark {
    /// Figures of one run.
    struct Result: Sendable {
        let enterprises: Int
        let years: [Int]
        /// Generating the synthetic data (not part of any library's time).
        let generationSeconds: Double
        /// Computing the derived facts once for all libraries.
        let preparationSeconds: Double
        /// Seconds per library id, evaluation only: the best of the repetitions, as the machine is shared.
        let seconds: [LibraryID: Double]
        /// Members per library id.
        let members: [LibraryID: Int]
    }

    /// Runs the benchmark, evaluating each library `repeats` times and keeping the best time. The evaluation
    /// date is 2025-06-30, evaluating the 2024 facts of 2022–2024 (`LibraryBenchCommand`'s years and date).
    static func run(enterprises: Int, seed: UInt64 = LibraryBenchCommand.seed, repeats: Int = 3,
                    catalog: LibraryCatalog = .standard) throws(RuleError) -> Result
    {
        let clock = ContinuousClock()
        let date = LibraryBenchCommand.date
        let years = LibraryBenchCommand.years
        let generator = LibraryDataGenerator(enterprises: enterprises, years: years, seed: seed)
        var start = clock.now
        let generated = generator.generate(asOf: date)
        let generation = clock.now - start
        start = clock.now
        let input = EvaluationInput(history: generated.history, profile: generated.profile, year: years.upperBound,
                                    date: date)
        let preparation = clock.now - start
        var seconds: [LibraryID: Double] = [:]
        var members: [LibraryID: Int] = [:]
        for library in catalog.libraries(on: date) {
            var best = Double.infinity
            for _ in 0..<max(1, repeats) {
                let start = clock.now
                let outcome = try LibraryEvaluator.evaluate(library, input: input)
                best = min(best, (clock.now - start).seconds)
                members[library.id] = outcome.memberCount
            }
            seconds[library.id] = best
        }
        return Result(enterprises: enterprises, years: Array(generator.years),
                      generationSeconds: generation.seconds, preparationSeconds: preparation.seconds,
                      seconds: seconds, members: members)
    }
}

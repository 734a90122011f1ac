/// The library benchmark (`seedbed bench libraries --enterprises N`): generate N enterprises × 3 years, prepare
/// the derived facts once, then evaluate every library over all enterprises, timing each.
public enum LibraryBenchmark {
    /// Figures of one run.
    public struct Result: Sendable {
        public let enterprises: Int
        public let years: [Int]
        /// Generating the synthetic data (not part of any library's time).
        public let generationSeconds: Double
        /// Computing the derived facts once for all libraries.
        public let preparationSeconds: Double
        /// Seconds per library id, evaluation only: the best of the repetitions, as the machine is shared.
        public let seconds: [LibraryID: Double]
        /// Members per library id.
        public let members: [LibraryID: Int]

        /// `{"libraries": {"<id>": seconds, …}, "members": {"<id>": count, …}, …}` with keys sorted.
        public var json: String {
            func object(_ pairs: [(String, String)]) -> String {
                "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
            }
            let libraries = seconds.sorted { $0.key < $1.key }.map { ($0.key.rawValue, seconds6($0.value)) }
            let counts = members.sorted { $0.key < $1.key }.map { ($0.key.rawValue, String($0.value)) }
            return object([
                ("libraries", object(libraries)), ("members", object(counts)),
                ("enterprises", String(enterprises)), ("years", "[" + years.map(String.init).joined(separator: ", ") + "]"),
                ("generate_seconds", seconds6(generationSeconds)), ("prepare_seconds", seconds6(preparationSeconds)),
            ])
        }

        private func seconds6(_ value: Double) -> String {
            let scaled = (value * 1_000_000).rounded() / 1_000_000
            return String(scaled)
        }
    }

    /// Runs the benchmark, evaluating each library `repeats` times and keeping the best time. The evaluation
    /// date is 2025-06-30, evaluating the 2024 facts of 2022–2024.
    public static func run(enterprises: Int, seed: UInt64 = 2026, repeats: Int = 3,
                           catalog: LibraryCatalog = .standard) throws(RuleError) -> Result
    {
        let clock = ContinuousClock()
        let date = RuleVersion.day(2025, 6, 30)
        let generator = LibraryDataGenerator(enterprises: enterprises, years: 2022...2024, seed: seed)
        var generated: (history: FactHistory, profile: EnterpriseProfileColumns)?
        let generation = clock.measure { generated = generator.generate(asOf: date) }
        guard let generated else { throw .invalidInput(field: "基准数据", reason: "生成失败") }
        var input: EvaluationInput?
        let preparation = clock.measure {
            input = EvaluationInput(history: generated.history, profile: generated.profile, year: 2024, date: date)
        }
        guard let input else { throw .invalidInput(field: "基准数据", reason: "准备失败") }
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

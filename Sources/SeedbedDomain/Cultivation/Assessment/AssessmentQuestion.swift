/// One question of a questionnaire section.
public struct AssessmentQuestion: Sendable, Codable, Hashable {
    public var id: String
    public var text: String
    public var kind: QuestionKind
    public var options: [QuestionOption]
    /// Unanswered, a required question makes the attempt incomplete (default true).
    public var required: Bool
    /// For `multiple`: the most the chosen options together score.
    public var maxPoints: Double?
    public var hint: String?

    public init(_ id: String, _ text: String, kind: QuestionKind = .single, options: [QuestionOption],
                required: Bool = true, maxPoints: Double? = nil, hint: String? = nil) {
        self.id = id
        self.text = text
        self.kind = kind
        self.options = options
        self.required = required
        self.maxPoints = maxPoints
        self.hint = hint
    }

    enum CodingKeys: String, CodingKey { case id, text, kind, options, required, maxPoints, hint }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        text = try c.decode(String.self, forKey: .text)
        kind = try c.decodeIfPresent(QuestionKind.self, forKey: .kind) ?? .single
        options = try c.decodeIfPresent([QuestionOption].self, forKey: .options) ?? []
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        maxPoints = try c.decodeIfPresent(Double.self, forKey: .maxPoints)
        hint = try c.decodeIfPresent(String.self, forKey: .hint)
    }

    /// The most the question scores: the best option, or for `multiple` the positive options together (capped).
    public var maximum: Double {
        switch kind {
        case .multiple:
            let sum = options.map { max($0.points, 0) }.reduce(0, +)
            return maxPoints.map { min($0, sum) } ?? sum
        case .single, .scenario, .rateBand:
            return options.map(\.points).max() ?? 0
        }
    }

    /// The points of the chosen option ids (unknown ids score nothing).
    public func points(for chosen: [String]) -> Double {
        let picked = options.filter { chosen.contains($0.id) }
        switch kind {
        case .multiple:
            let sum = picked.map(\.points).reduce(0, +)
            return maxPoints.map { min($0, sum) } ?? sum
        case .single, .scenario, .rateBand:
            return picked.first?.points ?? 0
        }
    }

    /// The option ids a best answer picks.
    public var bestChoice: [String] {
        switch kind {
        case .multiple: options.filter { $0.points > 0 }.map(\.id)
        case .single, .scenario, .rateBand:
            options.max { $0.points < $1.points }.map { [$0.id] } ?? []
        }
    }
}

/// One thing wrong with a scheme, as the scheme editor shows it next to the field.
public struct SchemeProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Stable machine code (`duplicate_indicator_id`, `bands_not_ascending` …).
    public var code: String
    /// The problem in Chinese, naming the indicator or stage concerned.
    public var message: String
    /// The indicator concerned, if any.
    public var indicatorID: String?

    public init(code: String, message: String, indicatorID: String? = nil) {
        self.code = code
        self.message = message
        self.indicatorID = indicatorID
    }

    public var description: String { message }
}

/// What a condition measures for each enterprise, in fact units (ratios as fractions). Measures are data: a
/// library version lists them in JSON, and the engine computes each over all slots at once.
///
/// Years: "the last n years" are the evaluation year and the n − 1 before it, counting only years the
/// enterprise existed in (registered in or before the year; all n when the registration date is unknown). A
/// missing value in such a year makes the measure unknown — except where the rule's direction lets known years
/// decide (a total of non-negative counts already at the threshold; a growth already below it).
public enum ConditionMeasure: Sendable, Hashable, Codable {
    /// A fact of the evaluation year (derived facts included).
    case fact(FactID)
    /// Σ of non-negative facts in the evaluation year (Ⅰ类 + Ⅱ类 IP): known parts already at the threshold
    /// decide even when another part is missing.
    case sum([FactID])
    /// `numerator / denominator` in the evaluation year.
    case share(FactID, of: FactID)
    /// Σ numerator / Σ denominator over the last `years` years (the 3-year R&D ratio).
    case pooledShare(FactID, of: FactID, years: Int)
    /// Σ of a non-negative fact over the last `years` years (awards, equity financing).
    case total(FactID, years: Int)
    /// Mean of a fact over the last `years` years.
    case average(FactID, years: Int)
    /// The lowest year-on-year growth of a fact over each of the last n years, n being the parameter
    /// `yearsParameter`. An enterprise without n + 1 years of existence cannot meet it.
    case sustainedGrowth(FactID, yearsParameter: String)
    /// Years from registration to the evaluation date (fractional; reaches N on the N-th anniversary).
    case yearsSinceRegistration
    /// 1 when the technology lies in one of the 8 fields, 0 when in none.
    case inHightechField
    /// 1 when the industry section is one of these letters, 0 otherwise.
    case inIndustrySections([String])
    /// 1 when not listed on a stock exchange (none or 挂牌 only), 0 when listed. Reads the profile, or the
    /// year's `listing_status` when the profile does not say.
    case notListed
    /// 1 when the enterprise holds the title on the evaluation date.
    case holdsTitle(RuleTitle)
    /// 1 when it holds any title of the option chosen by a choice parameter (an empty option means "不限").
    case holdsAnyTitle(options: [[RuleTitle]], parameter: String)
    /// 高企 innovation-capacity score (RULES.md §10), pre-screen estimate: credited points, possible points.
    case hightechInnovationScore
    /// 科技型中小企业 score (RULES.md §11): credited points, possible points.
    case techSMEScore
    /// 1 when a 科技型中小企业 direct confirmation applies (RULES.md §11).
    case techSMEDirectConfirmation
}

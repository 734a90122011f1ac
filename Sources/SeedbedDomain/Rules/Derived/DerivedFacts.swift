/// Computes the derived facts named in `FactID` from the filed ones, column by column.
///
/// Rules for every derived column:
/// - a missing input (NaN) makes the result missing: a total of six Ⅰ类 counts with one unknown is unknown;
/// - a division by zero is missing (NaN), never ±∞: a ratio over no employees or no revenue says nothing;
/// - non-finite inputs are treated as missing.
///
/// Growth over the previous year (`revenue_growth`, `profit_growth`) is `current / previous − 1` over a positive
/// base. Over a **negative** base (a loss the year before) profit growth is `(current − previous) / |previous|`,
/// so a shrinking loss reads as positive growth and a deepening loss as negative, as Chinese financial
/// statements report 增长率 when the base is negative. Over a **zero** base growth is missing: no ratio measures
/// growth from nothing. Revenue cannot be negative; a zero or negative revenue base gives missing growth.
///
/// `rd_institution_level` is 3 when the enterprise has a national R&D institution, 2 provincial, 1 municipal,
/// 0 none; it is missing when a higher level's count is missing and no known higher level decides it.
public enum DerivedFacts {
    /// The derived fact ids this type computes.
    public static let ids: [FactID] = [.ipClass1, .ipClass2, .rdRatio, .stStaffRatio, .rdStaffRatio, .debtRatio,
                                       .revenueGrowth, .profitGrowth, .rdInstitutionLevel]

    /// Ⅰ类 parts (RULES.md §5).
    public static let classOneParts: [FactID] = [.ipInvention, .ipPlantVariety, .ipCropVariety, .ipNewDrug,
                                                 .ipTCMProtection, .ipICLayout]
    /// Ⅱ类 parts (RULES.md §5); trademarks count in neither class.
    public static let classTwoParts: [FactID] = [.ipUtilityModel, .ipDesign, .ipSoftware]

    /// `frame` with every derived column set (replacing any present). Growth columns need `previous`, the
    /// frame of the year before over the same slots; without it (or with another slot count) they are missing.
    public static func adding(to frame: FactFrame, previous: FactFrame?) -> FactFrame {
        var result = frame
        for (id, column) in columns(of: frame, previous: previous) { result.setColumn(id, column) }
        return result
    }

    /// Every year of `history` with its derived columns; each year's growth reads the year before it.
    public static func adding(to history: FactHistory) -> FactHistory {
        var result = FactHistory(count: history.count)
        for year in history.years {
            let (before, overflow) = year.subtractingReportingOverflow(1)
            let previous = !overflow && history.has(before) ? history.frame(before) : nil
            result.setFrame(adding(to: history.frame(year), previous: previous), for: year)
        }
        return result
    }

    /// Only the derived columns of `frame`.
    public static func columns(of frame: FactFrame, previous: FactFrame?) -> [(FactID, [Double])] {
        let previous = previous.flatMap { $0.count == frame.count ? $0 : nil }
        var result: [(FactID, [Double])] = [
            (.ipClass1, total(frame, classOneParts)),
            (.ipClass2, total(frame, classTwoParts)),
            (.rdRatio, ratio(frame.values(.rdExpense), frame.values(.revenue))),
            (.stStaffRatio, ratio(frame.values(.stStaff), frame.values(.employees))),
            (.rdStaffRatio, ratio(frame.values(.rdStaff), frame.values(.employees))),
            (.debtRatio, ratio(frame.values(.totalLiabilities), frame.values(.totalAssets))),
            (.rdInstitutionLevel, institutionLevel(frame)),
        ]
        let missing = [Double](repeating: .nan, count: frame.count)
        if let previous {
            result.append((.revenueGrowth, growthColumn(frame.values(.revenue), previous.values(.revenue))))
            result.append((.profitGrowth, growthColumn(frame.values(.netProfit), previous.values(.netProfit))))
        } else {
            result.append((.revenueGrowth, missing))
            result.append((.profitGrowth, missing))
        }
        return result
    }

    // MARK: Scalar rules, shared with every evaluator so one enterprise and a million get the same numbers

    /// `numerator / denominator`; missing when either is missing or the denominator is zero.
    @inline(__always)
    public static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
        guard numerator.isFinite, denominator.isFinite, denominator != 0 else { return .nan }
        return numerator / denominator
    }

    /// Growth from `previous` to `current` by the rule above.
    @inline(__always)
    public static func growth(_ current: Double, over previous: Double) -> Double {
        guard current.isFinite, previous.isFinite, previous != 0 else { return .nan }
        return previous > 0 ? current / previous - 1 : (current - previous) / -previous
    }

    /// Highest R&D institution level from the three counts.
    @inline(__always)
    public static func institutionLevel(national: Double, provincial: Double, municipal: Double) -> Double {
        guard national.isFinite else { return .nan }
        if national > 0 { return 3 }
        guard provincial.isFinite else { return .nan }
        if provincial > 0 { return 2 }
        guard municipal.isFinite else { return .nan }
        return municipal > 0 ? 1 : 0
    }

    // MARK: Columns

    private static func total(_ frame: FactFrame, _ parts: [FactID]) -> [Double] {
        var sum = [Double](repeating: 0, count: frame.count)
        for part in parts {
            let column = frame.values(part)
            sum.withUnsafeMutableBufferPointer { out in
                column.withUnsafeBufferPointer { values in
                    for slot in 0..<min(out.count, values.count) {
                        let value = values[slot]
                        out[slot] = value.isFinite ? out[slot] + value : .nan
                    }
                }
            }
        }
        return sum
    }

    private static func ratio(_ numerators: [Double], _ denominators: [Double]) -> [Double] {
        let count = min(numerators.count, denominators.count)
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            numerators.withUnsafeBufferPointer { n in
                denominators.withUnsafeBufferPointer { d in
                    for slot in 0..<count { out[slot] = ratio(n[slot], d[slot]) }
                }
            }
            initialized = count
        }
    }

    private static func growthColumn(_ current: [Double], _ previous: [Double]) -> [Double] {
        let count = min(current.count, previous.count)
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            current.withUnsafeBufferPointer { c in
                previous.withUnsafeBufferPointer { p in
                    for slot in 0..<count { out[slot] = growth(c[slot], over: p[slot]) }
                }
            }
            initialized = count
        }
    }

    private static func institutionLevel(_ frame: FactFrame) -> [Double] {
        let national = frame.values(.rdInstitutionsNational)
        let provincial = frame.values(.rdInstitutionsProvincial)
        let municipal = frame.values(.rdInstitutionsMunicipal)
        let count = frame.count
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            for slot in 0..<count {
                out[slot] = institutionLevel(national: national[slot], provincial: provincial[slot],
                                             municipal: municipal[slot])
            }
            initialized = count
        }
    }
}

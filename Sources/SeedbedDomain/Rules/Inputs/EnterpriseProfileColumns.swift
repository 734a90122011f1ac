/// The profile data rules need, one column per item and one slot per enterprise (slot `i` is the same
/// enterprise as slot `i` of the `FactHistory` it goes with). The server fills it from enterprise records and
/// certificates; every column starts as "unknown".
///
/// Codes: registration date as days since 1970-01-01 (NaN, or a day outside years 1–9999, is unknown);
/// high-tech field 1–8 as `TechField`, 0 none, −1 unknown; industry section as the ASCII code of its letter
/// (`A`…`T`), 0 unknown; listing status as the `listing_status` fact (0 none, 1 挂牌, 2 上市), −1 unknown;
/// certificate validity on the evaluation date 1 valid, 0 not, −1 unknown (then rules read the year's
/// `hightech_certified` / `tech_sme_certified` fact).
public struct EnterpriseProfileColumns: Sendable {
    /// Number of slots.
    public let count: Int
    public private(set) var registrationDay: [Double]
    public private(set) var techField: [Int8]
    public private(set) var industrySection: [UInt8]
    public private(set) var listingStatus: [Int8]
    public private(set) var hightechValid: [Int8]
    public private(set) var techSMEValid: [Int8]

    /// `count` slots with everything unknown.
    public init(count: Int) {
        let count = max(0, count)
        self.count = count
        registrationDay = [Double](repeating: .nan, count: count)
        techField = [Int8](repeating: -1, count: count)
        industrySection = [UInt8](repeating: 0, count: count)
        listingStatus = [Int8](repeating: -1, count: count)
        hightechValid = [Int8](repeating: -1, count: count)
        techSMEValid = [Int8](repeating: -1, count: count)
    }

    /// Whole columns at once (the server's bulk load). Columns of the wrong length are padded with "unknown" or
    /// cut to `count`; codes outside their range read as unknown.
    public mutating func setRegistrationDays(_ days: [Double]) {
        let range = Double(LocalDate.firstDay)...Double(LocalDate.lastDay)
        registrationDay = Self.fit(days.map { range.contains($0) ? $0.rounded(.down) : .nan }, count, .nan)
    }
    public mutating func setTechFields(_ codes: [Int8]) {
        techField = Self.fit(codes.map { (0...8).contains($0) ? $0 : -1 }, count, -1)
    }
    public mutating func setIndustrySections(_ letters: [UInt8]) {
        industrySection = Self.fit(letters.map { Self.isSection($0) ? $0 : 0 }, count, 0)
    }
    public mutating func setListingStatuses(_ codes: [Int8]) {
        listingStatus = Self.fit(codes.map { (0...2).contains($0) ? $0 : -1 }, count, -1)
    }
    public mutating func setHightechValidity(_ codes: [Int8]) {
        hightechValid = Self.fit(codes.map { (0...1).contains($0) ? $0 : -1 }, count, -1)
    }
    public mutating func setTechSMEValidity(_ codes: [Int8]) {
        techSMEValid = Self.fit(codes.map { (0...1).contains($0) ? $0 : -1 }, count, -1)
    }

    /// Sets one slot from a single enterprise's profile; a slot out of range is ignored.
    public mutating func set(_ profile: EnterpriseProfile, at slot: Int) {
        guard slot >= 0, slot < count else { return }
        registrationDay[slot] = profile.registeredOn.map { Double($0.daysSince1970) } ?? .nan
        techField[slot] = profile.techField.code
        industrySection[slot] = profile.industrySection.flatMap { $0.unicodeScalars.first }
            .map { UInt8(truncatingIfNeeded: $0.value) }.flatMap { Self.isSection($0) ? $0 : nil } ?? 0
        listingStatus[slot] = profile.listingStatus.flatMap { (0...2).contains($0) ? Int8($0) : nil } ?? -1
        hightechValid[slot] = profile.hightechValid.map { $0 ? 1 : 0 } ?? -1
        techSMEValid[slot] = profile.techSMEValid.map { $0 ? 1 : 0 } ?? -1
    }

    /// The profile of one slot (all unknown when out of range).
    public func profile(at slot: Int) -> EnterpriseProfile {
        guard slot >= 0, slot < count else { return EnterpriseProfile() }
        let day = registrationDay[slot]
        let section = industrySection[slot]
        return EnterpriseProfile(
            registeredOn: day.isFinite ? LocalDate(daysSince1970: Int(day.rounded(.down))) : nil,
            techField: ProfileTechField(code: techField[slot]),
            industrySection: section == 0 ? nil : String(UnicodeScalar(section)),
            listingStatus: listingStatus[slot] < 0 ? nil : Int(listingStatus[slot]),
            hightechValid: hightechValid[slot] < 0 ? nil : hightechValid[slot] == 1,
            techSMEValid: techSMEValid[slot] < 0 ? nil : techSMEValid[slot] == 1)
    }

    /// The same profiles over `count` slots: padded with unknown or cut.
    func fitted(to count: Int) -> EnterpriseProfileColumns {
        guard count != self.count else { return self }
        var result = EnterpriseProfileColumns(count: count)
        result.registrationDay = Self.fit(registrationDay, result.count, .nan)
        result.techField = Self.fit(techField, result.count, -1)
        result.industrySection = Self.fit(industrySection, result.count, 0)
        result.listingStatus = Self.fit(listingStatus, result.count, -1)
        result.hightechValid = Self.fit(hightechValid, result.count, -1)
        result.techSMEValid = Self.fit(techSMEValid, result.count, -1)
        return result
    }

    /// The same profiles with certificate validity and listing status unknown (for evaluating past years).
    func withoutCurrentStatus() -> EnterpriseProfileColumns {
        var result = self
        result.listingStatus = [Int8](repeating: -1, count: count)
        result.hightechValid = [Int8](repeating: -1, count: count)
        result.techSMEValid = [Int8](repeating: -1, count: count)
        return result
    }

    private static func isSection(_ letter: UInt8) -> Bool { letter >= 65 && letter <= 84 }

    private static func fit<T>(_ values: [T], _ count: Int, _ filler: T) -> [T] {
        if values.count == count { return values }
        if values.count > count { return Array(values.prefix(count)) }
        return values + [T](repeating: filler, count: count - values.count)
    }
}

/// Whether each slot holds a title on the evaluation date: the profile's certificate validity where known,
/// otherwise the evaluation year's flag fact.
struct TitleColumn {
    let profile: [Int8]?
    let fact: [Double]

    init(_ title: RuleTitle, input: EvaluationInput) {
        switch title {
        case .hightech:
            profile = input.profile.hightechValid
            fact = input.column(.hightechCertified, year: input.year)
        case .techSME:
            profile = input.profile.techSMEValid
            fact = input.column(.techSMECertified, year: input.year)
        case .specializedSME:
            profile = nil
            fact = input.column(.specializedSMECertified, year: input.year)
        }
    }

    @inline(__always)
    func status(at slot: Int) -> RuleStatus {
        if let profile {
            let code = profile[slot]
            if code >= 0 { return code == 1 ? .met : .notMet }
        }
        let flag = fact[slot]
        return flag.isNaN ? .unknown : RuleStatus(flag > 0)
    }
}

import Foundation

/// Plausible yearly facts for a demo enterprise: size grows with age, revenue follows a yearly growth path,
/// R&D, staff, IP, standards, awards, platforms and titles scale with size. Deterministic per enterprise code,
/// so the same demo data comes out on every machine and in any batch order.
public struct DemoFactsGenerator: Sendable {
    public init() {}

    /// Facts for each of `years` (ascending), in 万元 / counts / 0-1 flags.
    public func facts(for enterprise: DemoEnterprise, years: [Int]) -> [Int: [FactID: Double]] {
        var rng = SplitMix64(seed: Self.seed(enterprise.uscc))
        let founded = Int(enterprise.registeredOn.prefix(4)) ?? 2015
        let firstYear = years.first ?? 2024
        let age = max(0, firstYear - founded)
        var revenue = exp(normal(&rng, mean: 6.6 + 0.09 * Double(min(age, 20)), sd: 1.3))
        revenue = min(revenue, 5_000_000)
        let rdRatio = min(0.5, exp(normal(&rng, mean: log(0.055), sd: 0.6)))
        let margin = normal(&rng, mean: 0.06, sd: 0.07)
        let assetTurn = uniform(&rng, 0.6, 2.0)
        let leverage = uniform(&rng, 0.15, 0.8)
        let productivity = uniform(&rng, 60, 220)
        let stShare = uniform(&rng, 0.08, 0.5)
        let rdShare = uniform(&rng, 0.4, 0.9)
        let hightech = rng.unit() < 0.35 ? 1.0 : 0.0
        let specialized = rng.unit() < 0.08 ? 1.0 : 0.0
        let listing: Double = rng.unit() < 0.02 ? 2 : (rng.unit() < 0.05 ? 1 : 0)
        let institution = rng.unit()
        var inventions = Double(Int(uniform(&rng, 0, 3) * (1 + log10(max(1, revenue / 100)))))
        var others = Double(Int(uniform(&rng, 0, 8) * (1 + log10(max(1, revenue / 100)))))
        var result: [Int: [FactID: Double]] = [:]
        for (offset, year) in years.enumerated() {
            if offset > 0 {
                revenue *= 1 + max(-0.5, min(2, normal(&rng, mean: 0.12, sd: 0.22)))
                inventions += Double(Int(uniform(&rng, 0, 2.5)))
                others += Double(Int(uniform(&rng, 0, 5)))
            }
            let netProfit = revenue * (margin + normal(&rng, mean: 0, sd: 0.02))
            let assets = revenue * assetTurn
            let rd = revenue * rdRatio * uniform(&rng, 0.85, 1.15)
            let employees = max(3, (revenue / productivity).rounded())
            let stStaff = max(1, (employees * stShare).rounded())
            var facts: [FactID: Double] = [
                .revenue: round2(revenue), .mainRevenue: round2(revenue * uniform(&rng, 0.7, 1.0)),
                .netProfit: round2(netProfit), .totalAssets: round2(assets), .totalLiabilities: round2(assets * leverage),
                .taxPaid: round2(revenue * uniform(&rng, 0.02, 0.07)), .totalCost: round2(max(0, revenue - netProfit)),
                .rdExpense: round2(rd), .rdExpenseDomestic: round2(rd * uniform(&rng, 0.8, 1.0)),
                .hightechProductIncome: round2(revenue * uniform(&rng, 0.3, 0.95)),
                .techContractTurnover: rng.unit() < 0.3 ? round2(revenue * uniform(&rng, 0, 0.1)) : 0,
                .equityFinancing: rng.unit() < 0.08 ? round2(uniform(&rng, 100, 5000)) : 0,
                .employees: employees, .stStaff: stStaff, .rdStaff: max(1, (stStaff * rdShare).rounded()),
                .ipInvention: inventions, .ipUtilityModel: (others * 0.6).rounded(), .ipDesign: (others * 0.1).rounded(),
                .ipSoftware: (others * 0.3).rounded(), .ipPlantVariety: 0, .ipCropVariety: 0, .ipNewDrug: 0,
                .ipTCMProtection: 0, .ipICLayout: enterprise.techField == .electronics && rng.unit() < 0.1 ? 1 : 0,
                .trademarks: Double(Int(uniform(&rng, 0, 6))),
                .achievementConversions: Double(Int(uniform(&rng, 0, 6))),
                .standardsLed: rng.unit() < 0.08 ? Double(1 + Int(uniform(&rng, 0, 3))) : 0,
                .standardsJoined: rng.unit() < 0.15 ? Double(1 + Int(uniform(&rng, 0, 4))) : 0,
                .stAwardsNational: rng.unit() < 0.01 ? 1 : 0, .stAwardsProvincial: rng.unit() < 0.05 ? 1 : 0,
                .rdInstitutionsNational: institution < 0.01 ? 1 : 0, .rdInstitutionsProvincial: institution < 0.09 ? 1 : 0,
                .rdInstitutionsMunicipal: institution < 0.3 ? 1 : 0,
                .hightechCertified: hightech, .specializedSMECertified: specialized,
                .techSMECertified: revenue < 20_000 && employees <= 500 && rng.unit() < 0.6 ? 1 : 0,
                .listingStatus: listing, .negativeRecords: rng.unit() < 0.02 ? 1 : 0,
            ]
            if facts[.mainRevenue] ?? 0 > revenue { facts[.mainRevenue] = round2(revenue) }
            result[year] = facts
        }
        return result
    }

    private static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private func uniform(_ rng: inout SplitMix64, _ low: Double, _ high: Double) -> Double {
        low + (high - low) * rng.unit()
    }

    /// Box–Muller; enough for demo data.
    private func normal(_ rng: inout SplitMix64, mean: Double, sd: Double) -> Double {
        let u = max(1e-12, rng.unit())
        let v = rng.unit()
        return mean + sd * sqrt(-2 * log(u)) * cos(2 * Double.pi * v)
    }

    private func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

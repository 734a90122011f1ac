import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Demo 科技创新券 (C7–C8): about 330 vouchers over the last three years, mostly for 重庆 enterprises (seed 004 is
/// Chongqing's district system) and some for 大连; every type and state occurs, amounts are whole hundreds of 元 with
/// some odd 分 so sums show exact decimals. The `ent-demo` and `ent-renew` enterprises hold a few each (我的创新券).
/// Deterministic (fixed seed, enterprises by id); runs once (skipped when demo vouchers exist).
enum VoucherDemo {
    static func load(_ app: Application) async throws {
        let db = app.db
        guard let sql = db as? any SQLDatabase else { return }
        let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(InnovationVouchers.schema).where("source", .equal, InnovationVouchers.demoSource)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        guard existing == 0 else { return }
        let now = app.clock.now()
        let thisYear = LocalDate(chinaTimeOf: now).year
        var showcase: [Int] = []
        for account in ["ent-demo", "ent-renew"] {
            if let id = try await User.query(on: db).filter(\.$account == account).first()?.enterpriseID { showcase.append(id) }
        }
        // The first active enterprises of each region by id, asked of the database: a million-enterprise demo
        // must not read every enterprise to pick two hundred.
        func first(_ limit: Int, prefix: String, upTo end: String) async throws -> [Enterprise] {
            let query = Enterprise.query(on: db).filter(\.$status == .active)
                .filter(\.$regionCode >= prefix).filter(\.$regionCode < end)
            if !showcase.isEmpty { query.filter(\.$id !~ showcase) }
            return try await query.sort(\.$id).limit(limit).all()
        }
        let chongqing = try await first(160, prefix: "50", upTo: "51")
        let dalian = try await first(40, prefix: "2102", upTo: "2103")
        let showcaseEnterprises = showcase.isEmpty ? []
            : try await Enterprise.query(on: db).filter(\.$status == .active).filter(\.$id ~~ showcase).sort(\.$id).all()
        let rows = plan(chongqing: chongqing, dalian: dalian, showcase: showcaseEnterprises, thisYear: thisYear,
                        today: LocalDate(chinaTimeOf: now))
        try await db.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { return }
            try await InnovationVouchers.upsert(rows, source: InnovationVouchers.demoSource, scope: .all, on: sql, now: now)
        }
    }

    static let providers = [
        "重庆市科学技术研究院", "重庆大学技术转移中心", "中国汽车工程研究院股份有限公司", "重庆市计量质量检测研究院",
        "重庆知识产权保护中心", "西南大学科技园", "重庆市生产力促进中心", "大连理工大学技术转移中心", "大连市检验检测认证技术服务中心",
    ]

    /// The vouchers, deterministically: 1–2 per enterprise, the claim year among the last three.
    static func plan(chongqing: [Enterprise], dalian: [Enterprise], showcase: [Enterprise], thisYear: Int,
                     today: LocalDate) -> [InnovationVouchers.Row] {
        var random = SplitMix64(seed: 0x5EED_C7C8)
        var rows: [InnovationVouchers.Row] = []
        var serial = 0
        func add(_ enterprise: Enterprise, year: Int, type: VoucherType? = nil) {
            guard let id = enterprise.id else { return }
            serial += 1
            let type = type ?? VoucherType.allCases[Int(random.next() % UInt64(VoucherType.allCases.count))]
            // 5 000 – 200 000 元 in hundreds, one in four with odd 分.
            var fen = Int64(50 + random.next() % 1951) * 10_000
            if random.next() % 4 == 0 { fen += Int64(random.next() % 10_000) }
            let claimed = VoucherAmount(fen: fen)
            let month = 1 + Int(random.next() % 12), day = 1 + Int(random.next() % 28)
            let claimedOn = (try? LocalDate(year: year, month: month, day: day)) ?? Recognitions.firstDayOfYear(year)
            guard claimedOn <= today else { return }
            // Older vouchers are mostly used; this year's mostly waiting.
            let roll = random.next() % 100
            let state: VoucherState = switch (thisYear - year, roll) {
            case (0, 0..<55): .claimed
            case (0, 55..<75): .partlyRedeemed
            case (0, _): .redeemed
            case (_, 0..<10): .expired
            case (_, 10..<14): .void
            case (_, 14..<34): .partlyRedeemed
            default: .redeemed
            }
            let redeemed: VoucherAmount = switch state {
            case .redeemed: claimed
            case .partlyRedeemed: VoucherAmount(fen: claimed.fen * Int64(30 + random.next() % 60) / 100)
            default: .zero
            }
            let redeemedOn = redeemed.fen > 0 ? min(claimedOn.adding(days: 30 + Int(random.next() % 200)), today) : nil
            let local = enterprise.regionCode.hasPrefix("50")
            let provider = redeemed.fen > 0 || random.next() % 2 == 0
                ? providers[local ? Int(random.next() % 7) : 7 + Int(random.next() % 2)] : ""
            let prefix = local ? "CQKJQ" : "DLKJQ"
            let number = "\(prefix)\(year)-" + String(format: "%05d", serial)
            let draft = VoucherDraft(uscc: enterprise.uscc, number: number, type: type, claimed: claimed, redeemed: redeemed,
                                     provider: provider, claimedOn: claimedOn, redeemedOn: redeemedOn, state: state, year: year)
            rows.append(InnovationVouchers.Row(enterpriseID: id, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
                                               incubatorID: enterprise.incubatorID, draft: draft))
        }
        for (index, enterprise) in (chongqing + dalian).enumerated() {
            add(enterprise, year: thisYear - Int(random.next() % 3))
            if index % 3 == 0 { add(enterprise, year: thisYear - Int(random.next() % 3)) }
        }
        for enterprise in showcase {
            add(enterprise, year: thisYear - 2, type: .testing)
            add(enterprise, year: thisYear - 1, type: .researchDesign)
            add(enterprise, year: thisYear, type: .intellectualProperty)
        }
        return rows
    }
}

import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Demo IP records (D1): a few hundred deterministic patents, software copyrights and trademarks over the first
/// active demo enterprises, and a showcase portfolio for `ent-demo`'s enterprise (DemoEnterpriseGenerator's
/// showcase), so `/ip`, `/my/ip` and `/ip-records` have something to show. Runs once (skipped when demo records
/// exist). Numbers are valid (patent check digits computed), dates lie before today.
enum IPDemo {
    static func load(_ app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(IPRecords.schema)
            .where("source", .equal, IPRecords.demoSource).first(decodingColumn: "n", as: Int.self) ?? 0
        guard existing == 0 else { return }
        let now = app.clock.now()
        let today = LocalDate(chinaTimeOf: now)
        let showcase = try await User.query(on: app.db).filter(\.$account == "ent-demo").first()?.enterpriseID
        var enterprises = try await Enterprise.query(on: app.db).filter(\.$status == .active).sort(\.$id).limit(120).all()
        if let showcase, !enterprises.contains(where: { $0.id == showcase }),
           let enterprise = try await Enterprise.find(showcase, on: app.db) {
            enterprises.insert(enterprise, at: 0)
        }
        let rows = plan(enterprises.compactMap { enterprise in
            enterprise.id.map { (id: $0, region: enterprise.regionCode, zone: enterprise.zoneID,
                                 incubator: enterprise.incubatorID, showcase: $0 == showcase) }
        }, today: today)
        try await IPRecords.upsert(rows, source: IPRecords.demoSource, on: sql, now: now)
    }

    static let inventionTitles = ["一种高效储能电池管理方法", "一种基于机器视觉的缺陷检测装置", "一种低功耗无线传感网络节点",
                                  "一种工业机器人关节减速器", "一种生物基可降解材料的制备方法", "一种船舶动力系统故障诊断方法"]
    static let utilityTitles = ["一种便携式检测仪", "一种自动上料机构", "一种散热结构", "一种防水连接器", "一种夹持治具"]
    static let designTitles = ["控制面板", "智能终端外壳", "包装盒", "手持扫描器"]
    static let softwareTitles = ["企业资源管理系统 V1.0", "设备远程运维平台 V2.0", "数据采集与分析软件 V1.0",
                                 "智慧园区管理系统 V3.0", "移动办公应用软件 V1.2"]
    static let trademarkTitles = ["创芯", "海星", "云擎", "智造", "蓝湾"]

    /// The records for `enterprises`, in order: each gets 0–6 records by its position (some none, so the public
    /// page is not every enterprise), the showcase gets one of every kind it can show and a lapsed patent.
    static func plan(_ enterprises: [(id: Int, region: String, zone: Int?, incubator: Int?, showcase: Bool)],
                     today: LocalDate) -> [IPRecords.Row] {
        var rows: [IPRecords.Row] = []
        var serial = 0
        func date(_ daysAgo: Int) -> String { today.adding(days: -max(1, daysAgo)).description }
        for (position, enterprise) in enterprises.enumerated() {
            var kinds: [(IPKind, IPStatus)]
            if enterprise.showcase {
                kinds = [(.invention, .valid), (.invention, .valid), (.invention, .lapsed), (.utilityModel, .valid),
                         (.utilityModel, .valid), (.utilityModel, .valid), (.design, .valid), (.software, .valid),
                         (.software, .valid), (.trademark, .valid), (.invention, .pending)]
            } else {
                let size = [0, 2, 3, 5, 1, 6, 4, 0, 3, 2][position % 10]
                let cycle: [(IPKind, IPStatus)] = [(.utilityModel, .valid), (.software, .valid), (.invention, .valid),
                                                   (.trademark, .valid), (.design, .valid), (.invention, .pending),
                                                   (.utilityModel, .lapsed), (.software, .valid)]
                kinds = (0..<size).map { cycle[($0 + position) % cycle.count] }
            }
            for (index, (kind, status)) in kinds.enumerated() {
                serial += 1
                let daysAgo = 30 + (serial * 37) % 2400
                let issued = today.adding(days: -daysAgo)
                let year = String(format: "%04d", issued.year)
                let number: String?
                switch kind {
                case .invention: number = IPNumber.patentNumber(year + "1" + String(format: "%07d", 100_000 + serial))
                case .utilityModel: number = IPNumber.patentNumber(year + "2" + String(format: "%07d", 200_000 + serial))
                case .design: number = IPNumber.patentNumber(year + "3" + String(format: "%07d", 300_000 + serial))
                case .software: number = year + "SR" + String(format: "%07d", 500_000 + serial)
                case .trademark: number = String(30_000_000 + serial)
                case .plantVariety, .icLayout: number = nil
                }
                guard let number else { continue }
                let titles: [String] = switch kind {
                case .invention: inventionTitles
                case .utilityModel: utilityTitles
                case .design: designTitles
                case .software: softwareTitles
                case .trademark, .plantVariety, .icLayout: trademarkTitles
                }
                rows.append(IPRecords.Row(enterpriseID: enterprise.id, regionCode: enterprise.region, zoneID: enterprise.zone,
                                          incubatorID: enterprise.incubator, kind: kind, number: number,
                                          title: titles[(serial + index) % titles.count], datedOn: date(daysAgo),
                                          status: status))
            }
        }
        return rows
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The demo accounts (only in demo mode; password `Demo@2026`).
enum DemoAccounts {
    static let password = "Demo@2026"

    enum Home: Sendable {
        case none
        case national
        case region(String, OrganizationKind)
        case demoZone(String)
        case showcaseEnterprise
        /// The first active enterprise of 重庆市渝北区 (`RecognitionDemo` gives it recognitions, one due for 复核),
        /// so 认定复核 can be shown without making the showcase a recognised enterprise — whose basic information
        /// could then change only inside the 信息更新 window.
        case recognisedEnterprise
    }

    /// The county of the `ent-renew` enterprise: 渝北区, which the `yubei` account reviews.
    static let recognisedEnterpriseRegion = "500112"

    struct Account: Sendable {
        let account: String
        let name: String
        let role: Role
        let home: Home
        let description: String
    }

    static let all: [Account] = [
        Account(account: "admin", name: "系统管理员", role: .platformAdmin, home: .none,
                description: "用户、机构、内容管理"),
        Account(account: "security", name: "安全管理员", role: .securityAdmin, home: .none,
                description: "角色分配、密码与锁定策略、解除锁定"),
        Account(account: "auditor", name: "审计管理员", role: .auditAdmin, home: .none,
                description: "查阅操作日志与登录日志"),
        Account(account: "torch", name: "火炬中心", role: .national, home: .national, description: "火炬中心（全国）"),
        Account(account: "liaoning", name: "辽宁省科技厅", role: .province, home: .region("210000", .province),
                description: "辽宁省（210000）"),
        Account(account: "dalian", name: "大连市科技局", role: .city, home: .region("210200", .city),
                description: "大连市（210200）"),
        Account(account: "dlgxq", name: "大连高新区管委会", role: .zone, home: .demoZone("dlgxq"),
                description: "大连高新技术产业园区"),
        Account(account: "chongqing", name: "重庆市科技局", role: .province, home: .region("500000", .province),
                description: "重庆市（500000）"),
        Account(account: "yubei", name: "渝北区科技局", role: .county, home: .region("500112", .county),
                description: "重庆市渝北区（500112）"),
        Account(account: "ent-demo", name: "企业用户", role: .enterprise, home: .showcaseEnterprise,
                description: DemoEnterpriseGenerator.showcaseName),
        Account(account: "ent-renew", name: "企业用户（已认定）", role: .enterprise, home: .recognisedEnterprise,
                description: "重庆市渝北区的已认定企业（专精特新即将到期，可去复核）"),
        Account(account: "bank", name: "大连银行", role: .partner, home: .none,
                description: "合作金融机构：大连银行（金融产品管理、融资申请）"),
    ]
}

/// Loads demo organisations, enterprises and accounts. Enterprises go in by batches, one transaction each: by COPY
/// on PostgreSQL (`copyEnterprises`), multi-row inserts of 1,000 rows on SQLite.
package struct DemoDataLoader {
    let database: any Database
    let logger: Logger
    let now: Date
    /// Seals the demo phones; without it (benchmarks, tests) demo records carry no phone.
    var cipher: PersonalDataCipher?

    /// Creates the demo zones and incubators that do not exist yet; returns their ids by key.
    package func ensureOrganizations() async throws -> [String: Int] {
        var ids: [String: Int] = [:]
        for zone in DemoEnterpriseGenerator().availableZones {
            let kind: OrganizationKind = zone.kind == .zone ? .zone : .incubator
            if let existing = try await Organization.query(on: database).filter(\.$name == zone.name).first(),
               let id = existing.id
            {
                ids[zone.key] = id
                continue
            }
            let organization = Organization(kind: kind, name: zone.name, regionCode: zone.regionCode)
            try await organization.create(on: database)
            if let id = organization.id { ids[zone.key] = id }
        }
        return ids
    }

    /// Inserts `count` generated enterprises; existing codes are skipped. Returns the number inserted.
    @discardableResult
    package func loadEnterprises(count: Int, seed: UInt64, zoneIDs: [String: Int], withFacts: Bool = false,
                         progress: ((Int) -> Void)? = nil) async throws -> Int
    {
        let years = DemoFilings.reportYears(now: now)
        let timeline = DemoFilings.timeline(now: now)
        let generator = DemoFactsGenerator()
        guard let sql = database as? any SQLDatabase else { return 0 }
        let before = try await EnterpriseQuery.count(on: sql, scope: .all)
        if BulkWriter.postgres(database) != nil {
            try await copyEnterprises(count: count, seed: seed, zoneIDs: zoneIDs, withFacts: withFacts, progress: progress)
            return try await EnterpriseQuery.count(on: sql, scope: .all) - before
        }
        var done = 0
        for batch in DemoEnterpriseGenerator().batches(count: count, batchSize: 1000, seed: seed) {
            try await database.transaction { transaction in
                guard let sql = transaction as? any SQLDatabase else { return }
                let values: [[any SQLExpression]] = try batch.map { e in
                    let phone = try cipher?.protect(e.contactPhone, as: .phone)
                    // Registered in the past, as a platform in use for years would hold them.
                    let registered = timeline.registration(uscc: e.uscc)
                    return [
                        SQLBind(e.uscc), SQLBind(e.name), SQLBind(e.regionCode),
                        SQLBind(e.zoneKey.flatMap { zoneIDs[$0] }), SQLBind(e.incubatorKey.flatMap { zoneIDs[$0] }),
                        SQLBind(e.industryCode), SQLBind(e.techField.rawValue), SQLBind(e.registeredOn),
                        SQLBind(e.status), SQLBind(e.contactName), SQLBind(phone?.masked), SQLBind(phone?.sealed),
                        SQLBind(phone?.hash), SQLBind(registered), SQLBind(registered),
                    ]
                }
                guard let first = values.first else { return }
                try await sql.insert(into: Enterprise.schema)
                    .columns("uscc", "name", "region_code", "zone_id", "incubator_id", "industry_code", "tech_field",
                             "registered_on", "status", "contact_name", "contact_phone", "contact_phone_enc",
                             "contact_phone_hash", "created_at", "updated_at")
                    .values(first).rows(values.dropFirst())
                    .ignoringConflicts(with: ["uscc"])
                    .run()
                // Large loads skip filings: facts come straight in, three years per enterprise.
                guard withFacts else { return }
                struct Inserted: Decodable {
                    let id: Int
                    let uscc: String
                }
                let ids = try await sql.select().columns("id", "uscc").from(Enterprise.schema)
                    .where("uscc", .in, batch.map(\.uscc)).all(decoding: Inserted.self)
                let byCode = Dictionary(ids.map { ($0.uscc, $0.id) }, uniquingKeysWith: { a, _ in a })
                // By report year, each year's facts dated in its filing season (one date a year is enough here).
                var rows: [Int: [EnterpriseFacts.Row]] = [:]
                for e in batch {
                    guard let id = byCode[e.uscc] else { continue }
                    for (year, facts) in generator.facts(for: e, years: years) {
                        rows[year, default: []].append(EnterpriseFacts.Row(
                            enterpriseID: id, regionCode: e.regionCode, zoneID: e.zoneKey.flatMap { zoneIDs[$0] },
                            incubatorID: e.incubatorKey.flatMap { zoneIDs[$0] }, year: year, facts: facts))
                    }
                }
                for (year, yearRows) in rows {
                    try await EnterpriseFacts.insert(rows: yearRows, source: "demo", on: sql,
                                                     now: timeline.reportApproval(uscc: "", year: year))
                }
            }
            done += batch.count
            progress?(done)
        }
        return try await EnterpriseQuery.count(on: sql, scope: .all) - before
    }

    /// Enterprises per transaction on PostgreSQL.
    static let copyBatch = 20_000

    /// The enterprise columns the demo writes, in COPY order.
    static let copyColumns: [CopyColumn] = [
        .text("uscc"), .text("name"), .text("region_code"), .integer("zone_id"), .integer("incubator_id"),
        .text("industry_code"), .integer("tech_field"), .text("registered_on"), .text("status"), .text("contact_name"),
        .text("contact_phone"), .text("contact_phone_enc"), .text("contact_phone_hash"), .timestamp("created_at"),
        .timestamp("updated_at"),
    ]

    /// One generated enterprise as written: its zone ids resolved, its phone sealed, its registration time, and (for
    /// a load with facts) its facts by report year.
    private struct EnterpriseRow: Sendable {
        let enterprise: DemoEnterprise
        let zoneID: Int?
        let incubatorID: Int?
        let phone: PersonalValue?
        let registered: Date
        /// Facts by report year, in `EnterpriseFacts.columns` order.
        let facts: [(year: Int, values: [Double])]
    }

    /// A batch made ready for writing off the writer's task: sealing phones and generating facts cost this process
    /// as much CPU as the database spends writing, so batch N+1 is prepared while batch N is written.
    private static func prepare(_ batch: [DemoEnterprise], zoneIDs: [String: Int], cipher: PersonalDataCipher?,
                                timeline: DemoTimeline, years: [Int], withFacts: Bool) throws -> [EnterpriseRow] {
        let generator = DemoFactsGenerator()
        return try batch.map { e in
            EnterpriseRow(enterprise: e, zoneID: e.zoneKey.flatMap { zoneIDs[$0] },
                          incubatorID: e.incubatorKey.flatMap { zoneIDs[$0] },
                          phone: try cipher?.protect(e.contactPhone, as: .phone),
                          registered: timeline.registration(uscc: e.uscc),
                          facts: withFacts
                              ? generator.facts(for: e, years: years).sorted { $0.key < $1.key }
                              .map { ($0.key, EnterpriseFacts.values(of: $0.value)) }
                              : [])
        }
    }

    /// PostgreSQL: `copyBatch` enterprises per transaction go by COPY (`BulkWriter`) into a temporary table and
    /// from there into `enterprises` with one INSERT … ON CONFLICT (uscc) DO NOTHING RETURNING id, uscc, which
    /// hands back the ids their facts need; the facts go by COPY too (`EnterpriseFacts.insert`). The next batch is
    /// generated while one is written (`prepare`). The rows are those of the INSERT path: the generator's output
    /// does not depend on the batch size.
    private func copyEnterprises(count: Int, seed: UInt64, zoneIDs: [String: Int], withFacts: Bool,
                                 progress: ((Int) -> Void)?) async throws {
        let years = DemoFilings.reportYears(now: now)
        let timeline = DemoFilings.timeline(now: now)
        let cipher = self.cipher
        let batches = DemoEnterpriseGenerator().batches(count: count, batchSize: Self.copyBatch, seed: seed)
        func prepareNext() -> Task<[EnterpriseRow], any Error>? {
            guard let batch = batches.next() else { return nil }
            return Task {
                try Self.prepare(batch, zoneIDs: zoneIDs, cipher: cipher, timeline: timeline, years: years,
                                 withFacts: withFacts)
            }
        }
        var pending = prepareNext()
        var done = 0
        while let task = pending {
            let rows = try await task.value
            // The batch is written while the next one is generated and prepared.
            async let written: Void = write(rows, withFacts: withFacts, timeline: timeline)
            pending = prepareNext()
            do {
                try await written
            } catch {
                pending?.cancel()
                throw error
            }
            done += rows.count
            progress?(done)
        }
    }

    /// One prepared batch into `enterprises` and, with its ids, its facts into `enterprise_facts`: one transaction.
    private func write(_ rows: [EnterpriseRow], withFacts: Bool, timeline: DemoTimeline) async throws {
        let names = Self.copyColumns.map(\.name).joined(separator: ", ")
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase, let postgres = BulkWriter.postgres(transaction) else {
                return
            }
            try await sql.raw("""
                CREATE TEMPORARY TABLE demo_enterprises ON COMMIT DROP AS
                SELECT \(unsafeRaw: names) FROM enterprises WITH NO DATA
                """).run()
            try await BulkWriter.copy(rows, into: "demo_enterprises", columns: Self.copyColumns, on: postgres) { row, out in
                let e = row.enterprise
                try out.text(e.uscc)
                try out.text(e.name)
                try out.text(e.regionCode)
                try out.integer(row.zoneID)
                try out.integer(row.incubatorID)
                try out.text(e.industryCode)
                try out.integer(e.techField.rawValue)
                try out.text(e.registeredOn)
                try out.text(e.status)
                try out.text(e.contactName)
                try out.text(row.phone?.masked)
                try out.text(row.phone?.sealed)
                try out.text(row.phone?.hash)
                try out.timestamp(row.registered)
                try out.timestamp(row.registered)
            }
            struct Inserted: Decodable {
                let id: Int
                let uscc: String
            }
            let inserted = try await sql.raw("""
                INSERT INTO enterprises (\(unsafeRaw: names)) SELECT \(unsafeRaw: names) FROM demo_enterprises
                ON CONFLICT (uscc) DO NOTHING RETURNING id, uscc
                """).all(decoding: Inserted.self)
            guard withFacts else { return }
            let byCode = Dictionary(inserted.map { ($0.uscc, $0.id) }, uniquingKeysWith: { a, _ in a })
            var facts: [Int: [EnterpriseFacts.Row]] = [:]
            for row in rows {
                let e = row.enterprise
                guard let id = byCode[e.uscc] else { continue }
                for (year, values) in row.facts {
                    facts[year, default: []].append(EnterpriseFacts.Row(
                        enterpriseID: id, regionCode: e.regionCode, zoneID: row.zoneID, incubatorID: row.incubatorID,
                        year: year, values: values))
                }
            }
            for year in facts.keys.sorted() {
                try await EnterpriseFacts.insert(rows: facts[year] ?? [], source: "demo", on: sql,
                                                 now: timeline.reportApproval(uscc: "", year: year))
            }
        }
    }

    /// Filings with documents and approvals, and their facts, for every enterprise (demo sizes only).
    func loadFilings() async throws {
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable {
            let id: Int
            let name: String
            let uscc: String
            let region_code: String
            let zone_id: Int?
            let incubator_id: Int?
            let registered_on: String?
            let industry_code: String?
            let tech_field: Int?
        }
        let rows = try await sql.select()
            .columns("id", "name", "uscc", "region_code", "zone_id", "incubator_id", "registered_on", "industry_code", "tech_field")
            .from(Enterprise.schema).where("status", .equal, EnterpriseStatus.active)
            .where(SQLRaw("NOT EXISTS (SELECT 1 FROM filings f WHERE f.enterprise_id = enterprises.id)"))
            .orderBy("id").all(decoding: Row.self)
        let showcase = try await Enterprise.query(on: database).filter(\.$name == DemoEnterpriseGenerator.showcaseName)
            .sort(\.$id).first()?.id
        let organizations = try await Organization.query(on: database).all()
        var keys: [String: Int] = [:]
        for org in organizations {
            guard let id = org.id else { continue }
            switch org.kind {
            case .national: keys["national"] = id
            case .zone, .incubator: keys["\(org.kind.rawValue):\(id)"] = id
            case .province, .city, .county: if let code = org.regionCode { keys["\(org.kind.rawValue):\(code)"] = id }
            }
        }
        let targets = rows.map {
            DemoFilings.Target(id: $0.id, name: $0.name, uscc: $0.uscc, regionCode: $0.region_code, zoneID: $0.zone_id,
                               incubatorID: $0.incubator_id, registeredOn: $0.registered_on, industryCode: $0.industry_code,
                               techField: $0.tech_field)
        }
        let reviewers = keys
        let now = self.now
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { return }
            try await DemoFilings(sql: sql, now: now, years: DemoFilings.reportYears(now: now))
                .load(targets, showcase: showcase, organizations: reviewers)
        }
    }

    /// Creates the demo accounts that do not exist yet, all with the demo password.
    func ensureAccounts(passwordHash: String, zoneIDs: [String: Int]) async throws {
        for (index, account) in DemoAccounts.all.enumerated() {
            if try await User.query(on: database).filter(\.$account == account.account).first() != nil { continue }
            var organizationID: Int?
            var enterpriseID: Int?
            switch account.home {
            case .none:
                break
            case .national:
                organizationID = try await Organization.query(on: database)
                    .filter(\.$kind == .national).first()?.id
            case .region(let code, let kind):
                organizationID = try await Organization.query(on: database).filter(\.$kind == kind)
                    .filter(\.$regionCode == code).first()?.id
            case .demoZone(let key):
                organizationID = zoneIDs[key]
            case .showcaseEnterprise:
                enterpriseID = try await Enterprise.query(on: database)
                    .filter(\.$name == DemoEnterpriseGenerator.showcaseName).sort(\.$id).first()?.id
            case .recognisedEnterprise:
                enterpriseID = try await Enterprise.query(on: database)
                    .filter(\.$regionCode == DemoAccounts.recognisedEnterpriseRegion).filter(\.$status == .active)
                    .filter(\.$name != DemoEnterpriseGenerator.showcaseName).sort(\.$id).first()?.id
            }
            let user = User(account: account.account, name: account.name, role: account.role,
                            organizationID: organizationID, enterpriseID: enterpriseID,
                            phone: try cipher?.protect("1380000" + String(format: "%04d", index + 1), as: .phone),
                            passwordHash: passwordHash, mustChangePassword: false, now: now)
            user.isDemo = true
            try await user.create(on: database)
        }
    }
}

extension DemoDataLoader {
    /// A loader whose records carry no phone (no personal-data key): the scoring-run benchmark's.
    package init(database: any Database, logger: Logger, now: Date) {
        self.init(database: database, logger: logger, now: now, cipher: nil)
    }

    /// How many enterprises the database holds already.
    package func enterpriseCount() async throws -> Int {
        try await Enterprise.query(on: database).count()
    }
}

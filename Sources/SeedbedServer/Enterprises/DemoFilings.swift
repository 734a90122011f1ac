import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Demo filings at demo sizes: most enterprises have approved basic info and annual reports (their facts come
/// from those reports), some wait in county and city queues, a few were returned — so reviewers, libraries,
/// scoring and statistics all have something to work on the first time the platform starts.
struct DemoFilings {
    let sql: any SQLDatabase
    let now: Date
    let years: [Int]

    /// An enterprise to file for: the same columns the fact loader reads for a slot.
    typealias Target = FactLoader.Slot

    /// The three report years before this one.
    static func reportYears(now: Date) -> [Int] {
        let year = LocalDate(chinaTimeOf: now).year
        return [year - 3, year - 2, year - 1]
    }

    /// When the demo's registrations, admissions and report approvals happened: over the report years, so the
    /// statistics of each year count enterprises registered by then beside that year's reports.
    static func timeline(now: Date) -> DemoTimeline {
        DemoTimeline(now: now, firstReportYear: reportYears(now: now).first ?? LocalDate(chinaTimeOf: now).year)
    }

    func load(_ targets: [Target], showcase: Int?, organizations: [String: Int]) async throws {
        var filings: [[any SQLExpression]] = []
        var documents: [(slotKey: String, content: String)] = []
        var decisions: [(slotKey: String, round: Int, step: Int, level: ReviewLevel, key: String, org: Int,
                         verdict: ReviewVerdict, opinion: String, version: Int, at: Date)] = []
        var facts: [Date: [EnterpriseFacts.Row]] = [:]
        let timeline = Self.timeline(now: now)
        let generator = DemoFactsGenerator()
        let workflow = ReviewWorkflow.standard
        let encoder = JSONEncoder()

        for target in targets {
            var rng = SplitMix64(seed: UInt64(target.id) &* 0x9E37_79B9)
            let isShowcase = target.id == showcase
            let location = EnterpriseLocation(regionCode: target.regionCode, zoneID: target.zoneID)
            let roll = rng.unit()
            let basicStatus: FilingStatus? = isShowcase ? .approved
                : roll < 0.80 ? .approved : roll < 0.86 ? .submitted : roll < 0.89 ? .returned : nil
            guard let basicStatus else { continue }

            // An approved filing happened then; one still in progress is of today.
            func add(_ kind: FilingKind, year: Int?, status: FilingStatus, values: [String: String], approvedAt: Date) throws {
                let at = status == .approved ? approvedAt : now
                guard let route = try? workflow.policy(for: kind).route(for: location), !route.isEmpty else { return }
                let slot = FilingService.slot(kind, year: year)
                let key = "\(target.id)|\(slot)"
                var stepIndex: Int?
                var version = 2
                var lastApproved: Int?
                switch status {
                case .approved:
                    lastApproved = 1
                    version = 2 + route.count
                    for (index, step) in route.enumerated() {
                        decisions.append((key, 1, index, step.level, step.reviewer.key,
                                          organizations[step.reviewer.key] ?? 0, .approve, "", 2 + index,
                                          min(at.addingTimeInterval(Double(index - route.count + 1) * 3600), now)))
                    }
                case .inReview:
                    stepIndex = min(1, route.count - 1)
                    version = 3
                    decisions.append((key, 1, 0, route[0].level, route[0].reviewer.key,
                                      organizations[route[0].reviewer.key] ?? 0, .approve, "", 2, now))
                case .returned:
                    stepIndex = 0
                    version = 3
                    decisions.append((key, 1, 0, route[0].level, route[0].reviewer.key,
                                      organizations[route[0].reviewer.key] ?? 0, .returnForRevision,
                                      "请补充完善相关数据并上传证明材料", 2, now))
                default:
                    stepIndex = 0
                }
                let pending: String? = status == .submitted || status == .inReview ? route[stepIndex ?? 0].reviewer.key : nil
                let routeJSON = String(decoding: try encoder.encode(route), as: UTF8.self)
                filings.append([
                    SQLBind(target.id), SQLBind(target.regionCode), SQLBind(target.zoneID), SQLBind(target.incubatorID),
                    SQLBind(kind), SQLBind(slot), SQLBind(year), SQLBind(status), SQLBind(version),
                    SQLBind(1), SQLBind(routeJSON), SQLBind(stepIndex), SQLBind(lastApproved), SQLBind(pending),
                    SQLBind(at), SQLBind(at), SQLBind(at),
                ])
                documents.append((key, String(decoding: try encoder.encode(values), as: UTF8.self)))
            }

            try add(.basicInfo, year: nil, status: basicStatus, values: DemoValues.basicInfo(target),
                    approvedAt: timeline.admission(uscc: target.uscc))
            guard basicStatus == .approved else { continue }
            let yearly = generator.facts(for: DemoValues.demoEnterprise(target), years: years)
            for (offset, year) in years.enumerated() {
                let last = offset == years.count - 1
                let reportRoll = rng.unit()
                let status: FilingStatus = isShowcase || !last ? .approved
                    : reportRoll < 0.70 ? .approved : reportRoll < 0.80 ? .submitted : reportRoll < 0.86 ? .inReview
                    : reportRoll < 0.90 ? .returned : .draft
                let values = DemoValues.annualReport(yearly[year] ?? [:])
                let approvedAt = timeline.reportApproval(uscc: target.uscc, year: year)
                try add(.annualReport, year: year, status: status, values: values, approvedAt: approvedAt)
                if status == .approved, let yearFacts = yearly[year] {
                    facts[approvedAt, default: []].append(EnterpriseFacts.Row(
                        enterpriseID: target.id, regionCode: target.regionCode, zoneID: target.zoneID,
                        incubatorID: target.incubatorID, year: year, facts: yearFacts))
                }
            }
        }
        try await write(filings: filings, documents: documents, decisions: decisions, facts: facts)
    }

    private func write(filings: [[any SQLExpression]], documents: [(slotKey: String, content: String)],
                       decisions: [(slotKey: String, round: Int, step: Int, level: ReviewLevel, key: String, org: Int,
                                    verdict: ReviewVerdict, opinion: String, version: Int, at: Date)],
                       facts: [Date: [EnterpriseFacts.Row]]) async throws {
        for chunk in filings.chunked(into: 400) {
            guard let first = chunk.first else { continue }
            try await sql.insert(into: FilingRecord.schema)
                .columns("enterprise_id", "region_code", "zone_id", "incubator_id", "kind", "slot", "year", "status",
                         "version", "round", "route", "step_index", "last_approved_round", "pending_reviewer",
                         "submitted_at", "created_at", "updated_at")
                .values(first).rows(chunk.dropFirst()).run()
        }
        struct IDRow: Decodable {
            let id: Int
            let enterprise_id: Int
            let slot: String
            let region_code: String
            let zone_id: Int?
            let incubator_id: Int?
        }
        let rows = try await sql.select().columns("id", "enterprise_id", "slot", "region_code", "zone_id", "incubator_id")
            .from(FilingRecord.schema).all(decoding: IDRow.self)
        let byKey = Dictionary(rows.map { ("\($0.enterprise_id)|\($0.slot)", $0) }, uniquingKeysWith: { a, _ in a })
        let documentRows: [[any SQLExpression]] = documents.compactMap { document in
            guard let filing = byKey[document.slotKey] else { return nil }
            return [SQLBind(filing.id), SQLBind(1), SQLBind(document.content), SQLBind(0), SQLBind(now)]
        }
        for chunk in documentRows.chunked(into: 500) {
            guard let first = chunk.first else { continue }
            try await sql.insert(into: FilingDocument.schema).columns("filing_id", "number", "content", "created_by", "created_at")
                .values(first).rows(chunk.dropFirst()).run()
        }
        try await sql.raw("""
            UPDATE filings SET document_id = (SELECT MAX(d.id) FROM filing_documents d WHERE d.filing_id = filings.id)
            WHERE document_id IS NULL
            """).run()
        try await sql.raw("UPDATE filings SET approved_document_id = document_id WHERE status = \(bind: FilingStatus.approved) AND approved_document_id IS NULL").run()
        let decisionRows: [[any SQLExpression]] = decisions.compactMap { decision in
            guard let filing = byKey[decision.slotKey] else { return nil }
            return [SQLBind(filing.id), SQLBind(filing.enterprise_id), SQLBind(filing.region_code), SQLBind(filing.zone_id),
                    SQLBind(filing.incubator_id), SQLBind(decision.round), SQLBind(decision.step), SQLBind(decision.level),
                    SQLBind(decision.key), SQLBind(decision.org), SQLBind(0), SQLBind(decision.verdict),
                    SQLBind(decision.opinion), SQLBind(decision.version), SQLBind(decision.at)]
        }
        for chunk in decisionRows.chunked(into: 400) {
            guard let first = chunk.first else { continue }
            try await sql.insert(into: ReviewDecisionRecord.schema)
                .columns("filing_id", "enterprise_id", "region_code", "zone_id", "incubator_id", "round", "step_index",
                         "level", "reviewer_key", "organization_id", "user_id", "verdict", "opinion", "version", "decided_at")
                .values(first).rows(chunk.dropFirst()).run()
        }
        // The facts of a report were projected when it was approved: the statistics date approvals by them.
        for (approvedAt, rows) in facts.sorted(by: { $0.key < $1.key }) {
            try await EnterpriseFacts.insert(rows: rows, source: "annual_report", on: sql, now: approvedAt)
        }
    }
}

/// Values of demo filings, consistent with the catalog's rules.
enum DemoValues {
    static func demoEnterprise(_ target: DemoFilings.Target) -> DemoEnterprise {
        DemoEnterprise(uscc: target.uscc, name: target.name, regionCode: target.regionCode, zoneKey: nil, incubatorKey: nil,
                       industryCode: target.industryCode ?? "C39", techField: target.techField.flatMap(TechField.init(rawValue:)) ?? .electronics,
                       registeredOn: target.registeredOn ?? "2015-01-01", status: "active", contactName: "", contactPhone: "")
    }

    static func sample(_ form: FormDefinition) -> [String: String] {
        let dictionaries = FieldValidator().dictionaries
        var values: [String: String] = [:]
        for field in form.fields where field.required || field.fact != nil {
            switch field.kind {
            case .text(let length), .longText(let length): values[field.id.rawValue] = String("详见附件".prefix(length))
            case .integer: values[field.id.rawValue] = String(Int(max(field.minimum ?? 0, 0)))
            case .decimal: values[field.id.rawValue] = "0"
            case .year: values[field.id.rawValue] = "2018"
            case .date: values[field.id.rawValue] = "2018-01-01"
            case .choice(let id): values[field.id.rawValue] = dictionaries[id]?.entries.first?.code ?? ""
            case .flag: values[field.id.rawValue] = "否"
            case .phone: values[field.id.rawValue] = "13800000000"
            case .email: values[field.id.rawValue] = "demo@example.cn"
            case .industry: values[field.id.rawValue] = "C39"
            case .uscc, .region, .file: break
            }
        }
        if values["listing_status"] != nil { values["listing_status"] = "0" }
        values["listing_board"] = nil
        return values
    }

    static func basicInfo(_ target: DemoFilings.Target) -> [String: String] {
        var values = sample(BasicInfoForm.form)
        let place = RegionTable.shipped.fullName(of: target.regionCode)
        values["uscc"] = target.uscc
        values["name"] = target.name
        values["legal_representative"] = "张建国"
        values["registered_on"] = target.registeredOn
        values["registered_capital"] = "1000"
        values["enterprise_type"] = "有限责任公司（自然人投资或控股）"
        values["registration_status"] = "存续"
        values["registered_address"] = place + "高新路 88 号"
        values["industry_code"] = target.industryCode
        values["mailing_address"] = place + "高新路 88 号"
        values["enterprise_scale"] = Dictionaries.enterpriseScale.entry(matching: "小型")?.code
        values["tech_field"] = target.techField.map(String.init)
        values["main_products"] = target.techField.flatMap(TechField.init(rawValue:)).map { "\($0.label)领域产品与技术服务" }
        values["contact_name"] = "李明"
        values["rd_leader_name"] = "王磊"
        values["rd_leader_phone"] = "13900000000"
        values["employees"] = "60"
        values["st_staff"] = "20"
        values["rd_staff"] = "12"
        values["doctors"] = "1"
        values["masters"] = "5"
        return values
    }

    /// An annual report whose numbers are the generated facts (money back in the unit the form asks).
    static func annualReport(_ facts: [FactID: Double]) -> [String: String] {
        var values = sample(AnnualReportForm.form)
        for field in AnnualReportForm.form.fields {
            guard let fact = field.fact, let value = facts[fact] else { continue }
            switch field.kind {
            case .flag: values[field.id.rawValue] = value > 0 ? "是" : "否"
            case .choice: values[field.id.rawValue] = String(Int(value))
            case .integer: values[field.id.rawValue] = String(Int(value))
            default: values[field.id.rawValue] = FieldValue.format(value / (field.unit?.toStored ?? 1))
            }
        }
        values["has_internal_rd_institution"] = (facts[.rdInstitutionsNational] ?? 0) + (facts[.rdInstitutionsProvincial] ?? 0)
            + (facts[.rdInstitutionsMunicipal] ?? 0) > 0 ? "是" : "否"
        return values
    }
}

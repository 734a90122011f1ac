import Foundation

/// 资质数据 filled as records (seed 000 §2.5, FEATURES D8): "页面上展示为黄色的指标数据，需要企业进行补充填报，
/// 点击填报按钮之后，企业用户可以对数据进行删除和新增". A count indicator the platform holds no figure for (yellow
/// in `PointsDataForm.qualificationStates`) is filed as one record per certificate — a patent's number, title and
/// date — and the count the points read is the number of those records, never a typed number. Indicators with an
/// imported figure (red when the filing differs) stay typed: the enterprise verifies them, it does not list them.
///
/// The two flags (高新技术企业, 科技型中小企业) are yes/no, and 重大安全、质量事故或严重违法失信行为 is a deduction
/// the enterprise declares, not a qualification it documents: those stay typed too.
public enum QualificationEntries {
    /// What a record of one indicator asks: the names its certificates give the number, title and date.
    public struct Kind: Sendable, Hashable {
        public let field: FieldDefinition
        public let numberLabel: String
        public let titleLabel: String
        public let dateLabel: String
        /// Counts only what the data year brought (standards published, awards won in the year), so the date
        /// must fall in that year; otherwise anything held at the year's end counts.
        public let withinYear: Bool

        init(_ field: FieldDefinition, _ numberLabel: String, _ titleLabel: String, _ dateLabel: String,
             withinYear: Bool = false) {
            self.field = field
            self.numberLabel = numberLabel
            self.titleLabel = titleLabel
            self.dateLabel = dateLabel
            self.withinYear = withinYear
        }
    }

    public static let kinds: [Kind] = [
        Kind(PointsDataForm.ipInvention, "专利号", "发明名称", "授权公告日"),
        Kind(PointsDataForm.ipPlantVariety, "品种权号", "品种名称", "授权日"),
        Kind(PointsDataForm.ipCropVariety, "审定编号", "品种名称", "审定日期"),
        Kind(PointsDataForm.ipNewDrug, "新药证书编号", "药品名称", "批准日期"),
        Kind(PointsDataForm.ipTCMProtection, "保护品种证书号", "品种名称", "批准日期"),
        Kind(PointsDataForm.ipICLayout, "登记号", "布图设计名称", "公告日"),
        Kind(PointsDataForm.ipUtilityModel, "专利号", "实用新型名称", "授权公告日"),
        Kind(PointsDataForm.ipDesign, "专利号", "外观设计产品名称", "授权公告日"),
        Kind(PointsDataForm.ipSoftware, "登记号", "软件名称", "登记日期"),
        Kind(PointsDataForm.standardsLed, "标准号", "标准名称", "发布日期", withinYear: true),
        Kind(PointsDataForm.stAwardsNational, "获奖证书编号", "奖项及项目名称", "授奖日期", withinYear: true),
        Kind(PointsDataForm.rdInstitutionsNational, "认定文号", "研发机构名称", "认定日期"),
        Kind(PointsDataForm.rdInstitutionsProvincial, "认定文号", "研发机构名称", "认定日期"),
        Kind(PointsDataForm.rdInstitutionsMunicipal, "认定文号", "研发机构名称", "认定日期"),
    ]

    public static func kind(of id: FieldID) -> Kind? {
        kinds.first { $0.field.id == id }
    }

    /// Records one indicator may hold: more than any enterprise without imported figures lists by hand, and a
    /// bound on the page and on what one account may write.
    public static let limit = 500
    public static let numberMaxLength = 50
    public static let titleMaxLength = 200
    /// The earliest date a record may carry: older certificates are no longer in force.
    /// 1950-01-01 (7,305 days before 1970-01-01).
    public static let earliest = LocalDate(chinaTimeOf: Date(timeIntervalSince1970: -631_152_000))

    /// One checked record.
    public struct Entry: Sendable, Hashable {
        public let number: String
        public let title: String
        public let date: LocalDate

        /// The number as compared for duplicates: `ZL 2020 1 0123456.7` and `zl202010123456.7` are one patent.
        public var key: String { QualificationEntries.key(number) }
    }

    /// What was wrong with a record as posted, each problem on its input (`number`, `title`, `date`).
    public struct Problems: CodedError, Equatable {
        public let problems: [FieldProblem]
        public init(problems: [FieldProblem]) { self.problems = problems }
        public var summary: String { problems.map(\.message).joined(separator: "；") }
        public var code: String { "qualification.invalid" }
        public var message: String { summary }
        public var failure: FailureKind { .invalid }
    }

    public static func key(_ number: String) -> String {
        String(number.uppercased().filter { !$0.isWhitespace })
    }

    /// What a record refused at `limit` reads, whether the check or the database's conditional insert refused it.
    public static func limitReached(_ kind: Kind) -> String {
        "「\(kind.field.label)」最多登记 \(limit) 条，已达上限；更多的请联系主管部门导入"
    }

    /// Checks a record for `kind` against the indicator's records on file (their `key`s) and the filing's data
    /// year; `today` is the day in China.
    public static func check(number rawNumber: String, title rawTitle: String, date rawDate: String, kind: Kind,
                             existing: Set<String>, existingCount: Int, dataYear: Int, today: LocalDate)
        throws(Problems) -> Entry
    {
        var problems: [FieldProblem] = []
        func problem(_ field: FieldID, _ message: String) { problems.append(FieldProblem(field: field, message: message)) }
        if existingCount >= limit {
            throw Problems(problems: [FieldProblem(field: "number", message: limitReached(kind))])
        }
        let number = rawNumber.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = rawTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        let dateText = rawDate.trimmingCharacters(in: .whitespaces)
        if number.isEmpty {
            problem("number", "请填写\(kind.numberLabel)")
        } else if number.count > numberMaxLength {
            problem("number", "\(kind.numberLabel)不能超过 \(numberMaxLength) 个字")
        } else if hasControlCharacters(number) {
            problem("number", "\(kind.numberLabel)含有无法识别的字符，请按证书重新填写")
        } else if existing.contains(key(number)) {
            problem("number", "\(kind.numberLabel) \(number) 已登记，不能重复添加")
        }
        if title.isEmpty {
            problem("title", "请填写\(kind.titleLabel)")
        } else if title.count > titleMaxLength {
            problem("title", "\(kind.titleLabel)不能超过 \(titleMaxLength) 个字")
        } else if hasControlCharacters(title) {
            problem("title", "\(kind.titleLabel)含有无法识别的字符，请按证书重新填写")
        }
        var date: LocalDate?
        if dateText.isEmpty {
            problem("date", "请填写\(kind.dateLabel)")
        } else if let parsed = try? LocalDate(iso: dateText) {
            if today < parsed {
                problem("date", "\(kind.dateLabel)不能晚于今天（\(today)）")
            } else if parsed < earliest {
                problem("date", "\(kind.dateLabel)不能早于 \(earliest.year) 年，请核对")
            } else if dataYear < parsed.year {
                problem("date", "\(kind.dateLabel)在 \(dataYear) 年之后，不计入 \(dataYear) 年度")
            } else if kind.withinYear, parsed.year < dataYear {
                problem("date", "本指标只计 \(dataYear) 年内的\(kind.field.label)，\(kind.dateLabel)须在 \(dataYear) 年内")
            } else {
                date = parsed
            }
        } else {
            problem("date", "\(kind.dateLabel)应为有效日期，按“年-月-日”填写，如 2024-03-15")
        }
        guard problems.isEmpty, let date else { throw Problems(problems: problems) }
        return Entry(number: number, title: title, date: date)
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }

    /// The indicators filed as records for a filing: those with a record kind the platform holds no figure for.
    public static func recorded(known: [FactID: Double]) -> [Kind] {
        kinds.filter { kind in kind.field.fact.map { known[$0] == nil } ?? false }
    }

    /// The values those indicators file: the number of records each (`records` by field id), 0 when none.
    public static func counts(known: [FactID: Double], records: [FieldID: Int]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: recorded(known: known).map { kind in
            (kind.field.id.rawValue, String(max(0, records[kind.field.id] ?? 0)))
        })
    }
}

import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A recognition an enterprise holds (认定): a 高新技术企业 certificate or a 科技型中小企业 registration number,
/// with its date and validity. Loaded through the import kind "认定名单"; the recognition libraries and every
/// condition that asks whether an enterprise holds a title read it (through the profile's validity columns).
enum RecognitionKind: String, CaseIterable, Sendable, Codable {
    case hightech
    case techSME = "tech_sme"

    var label: String {
        switch self {
        case .hightech: "高新技术企业"
        case .techSME: "科技型中小企业"
        }
    }

    /// What people write in a 认定名单 for this kind.
    var spellings: [String] {
        switch self {
        case .hightech: ["高新技术企业", "高企", "高新技术企业认定"]
        case .techSME: ["科技型中小企业", "科技型企业", "科小", "科技型中小企业评价入库"]
        }
    }

    var title: RuleTitle {
        switch self {
        case .hightech: .hightech
        case .techSME: .techSME
        }
    }

    /// The library that lists the holders.
    var library: LibraryID {
        switch self {
        case .hightech: .hightechRecognized
        case .techSME: .techSMERecognized
        }
    }

    init?(library: LibraryID) {
        guard let kind = RecognitionKind.allCases.first(where: { $0.library == library }) else { return nil }
        self = kind
    }

    init?(label: String) {
        let text = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kind = RecognitionKind.allCases.first(where: { $0.spellings.contains(text) || $0.rawValue == text })
        else { return nil }
        self = kind
    }

    /// The last day a recognition issued on `issued` is valid when the list does not say (platform default):
    /// a 高企 certificate three years from its date (RULES.md §10), a 科技型中小企业 registration to the end of its
    /// year.
    func defaultValidUntil(issued: LocalDate) -> LocalDate {
        switch self {
        case .hightech:
            LocalDate(daysSince1970: issued.addingYears(3).daysSince1970 - 1)
        case .techSME:
            LocalDate(daysSince1970: Recognitions.firstDayOfYear(issued.year + 1).daysSince1970 - 1)
        }
    }
}

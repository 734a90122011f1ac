import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A recognition an enterprise holds (认定): a 高新技术企业 certificate or a 科技型中小企业 registration number,
/// with its date and validity, or one of the MIIT gradient-cultivation levels (创新型中小企业, 专精特新中小企业,
/// 专精特新"小巨人"), granted by an approved application and kept by 复核 (`CultivationRecognitions`). Loaded
/// through the import kind "认定名单" too; the recognition libraries and every condition that asks whether an
/// enterprise holds a title read it (through the profile's validity columns).
enum RecognitionKind: String, CaseIterable, Sendable, Codable {
    case hightech
    case techSME = "tech_sme"
    case innovativeSME = "innovative_sme"
    case specializedSME = "specialized_sme"
    case littleGiant = "little_giant"

    /// The MIIT levels, lowest first: granted by an application, 3 years, 复核 at expiry.
    static let cultivationLevels: [RecognitionKind] = [.innovativeSME, .specializedSME, .littleGiant]

    var isCultivationLevel: Bool { Self.cultivationLevels.contains(self) }

    var label: String {
        switch self {
        case .hightech: "高新技术企业"
        case .techSME: "科技型中小企业"
        case .innovativeSME: "创新型中小企业"
        case .specializedSME: "专精特新中小企业"
        case .littleGiant: "专精特新\u{201C}小巨人\u{201D}企业"
        }
    }

    /// What people write in a 认定名单 for this kind.
    var spellings: [String] {
        switch self {
        case .hightech: ["高新技术企业", "高企", "高新技术企业认定"]
        case .techSME: ["科技型中小企业", "科技型企业", "科小", "科技型中小企业评价入库"]
        case .innovativeSME: ["创新型中小企业", "创新型企业", "创新型"]
        case .specializedSME: ["专精特新中小企业", "专精特新企业", "专精特新", "省级专精特新中小企业"]
        case .littleGiant: ["专精特新\u{201C}小巨人\u{201D}企业", "专精特新\"小巨人\"企业", "专精特新小巨人企业", "小巨人企业",
                            "小巨人", "国家级专精特新小巨人企业"]
        }
    }

    /// The title a holder has for the rules (a 小巨人 holds the 专精特新 title); none for 创新型中小企业, which no
    /// rule asks about.
    var title: RuleTitle? {
        switch self {
        case .hightech: .hightech
        case .techSME: .techSME
        case .specializedSME, .littleGiant: .specializedSME
        case .innovativeSME: nil
        }
    }

    /// The library that lists the holders; the MIIT levels have none (their lists are 认定企业).
    var library: LibraryID? {
        switch self {
        case .hightech: .hightechRecognized
        case .techSME: .techSMERecognized
        case .innovativeSME, .specializedSME, .littleGiant: nil
        }
    }

    /// The level's letters in a certificate number (`CultivationRecognitions.certificateNumber`).
    var certificateCode: String {
        switch self {
        case .hightech: "GQ"
        case .techSME: "KX"
        case .innovativeSME: "CX"
        case .specializedSME: "ZJ"
        case .littleGiant: "XJ"
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
    /// a 高企 certificate three years from its date (RULES.md §10), a MIIT level three years (§7, §8), a
    /// 科技型中小企业 registration to the end of its year.
    func defaultValidUntil(issued: LocalDate) -> LocalDate {
        switch self {
        case .hightech, .innovativeSME, .specializedSME, .littleGiant:
            RecognitionTerm.granted(on: issued).validUntil
        case .techSME:
            LocalDate(daysSince1970: Recognitions.firstDayOfYear(issued.year + 1).daysSince1970 - 1)
        }
    }
}

import Foundation

/// A section (门类) of 国民经济行业分类 GB/T 4754-2017, with the range of its two-digit divisions (RULES.md §3).
public struct IndustrySection: Sendable, Hashable, Codable {
    public let letter: String
    public let name: String
    public let divisions: ClosedRange<Int>

    /// The 20 sections.
    public static let all: [IndustrySection] = [
        .init(letter: "A", name: "农、林、牧、渔业", divisions: 1...5),
        .init(letter: "B", name: "采矿业", divisions: 6...12),
        .init(letter: "C", name: "制造业", divisions: 13...43),
        .init(letter: "D", name: "电力、热力、燃气及水生产和供应业", divisions: 44...46),
        .init(letter: "E", name: "建筑业", divisions: 47...50),
        .init(letter: "F", name: "批发和零售业", divisions: 51...52),
        .init(letter: "G", name: "交通运输、仓储和邮政业", divisions: 53...60),
        .init(letter: "H", name: "住宿和餐饮业", divisions: 61...62),
        .init(letter: "I", name: "信息传输、软件和信息技术服务业", divisions: 63...65),
        .init(letter: "J", name: "金融业", divisions: 66...69),
        .init(letter: "K", name: "房地产业", divisions: 70...70),
        .init(letter: "L", name: "租赁和商务服务业", divisions: 71...72),
        .init(letter: "M", name: "科学研究和技术服务业", divisions: 73...75),
        .init(letter: "N", name: "水利、环境和公共设施管理业", divisions: 76...79),
        .init(letter: "O", name: "居民服务、修理和其他服务业", divisions: 80...82),
        .init(letter: "P", name: "教育", divisions: 83...83),
        .init(letter: "Q", name: "卫生和社会工作", divisions: 84...85),
        .init(letter: "R", name: "文化、体育和娱乐业", divisions: 86...90),
        .init(letter: "S", name: "公共管理、社会保障和社会组织", divisions: 91...96),
        .init(letter: "T", name: "国际组织", divisions: 97...97),
    ]

    /// The section with this letter.
    public static func named(_ letter: String) -> IndustrySection? {
        all.first { $0.letter == letter }
    }

    /// The section a two-digit division belongs to.
    public static func containing(division: Int) -> IndustrySection? {
        all.first { $0.divisions.contains(division) }
    }
}

/// An industry as stored on an enterprise: section letter plus two-digit division, e.g. `C39`.
public struct IndustryCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let section: IndustrySection
    public let division: Int

    public var description: String { section.letter + (division < 10 ? "0" : "") + String(division) }

    /// Every division, in code order (the template's dropdown).
    public static var all: [IndustryCode] {
        IndustrySection.all.flatMap { section in section.divisions.map { IndustryCode(section: section, division: $0) } }
    }

    /// The code followed by its section's name, as the template's dropdown shows it: `C39 制造业`.
    public var label: String { description + " " + section.name }

    /// The division's own name (大类), e.g. 计算机、通信和其他电子设备制造业.
    public var name: String {
        Self.divisionNames.indices.contains(division - 1) ? Self.divisionNames[division - 1] : section.name
    }

    /// The code followed by the division's name, as pages show an enterprise's industry:
    /// `C39 计算机、通信和其他电子设备制造业`.
    public var fullLabel: String { description + " " + name }

    /// GB/T 4754-2017 大类 01–97, in code order.
    static let divisionNames = [
        "农业", "林业", "畜牧业", "渔业", "农、林、牧、渔专业及辅助性活动",
        "煤炭开采和洗选业", "石油和天然气开采业", "黑色金属矿采选业", "有色金属矿采选业", "非金属矿采选业",
        "开采专业及辅助性活动", "其他采矿业",
        "农副食品加工业", "食品制造业", "酒、饮料和精制茶制造业", "烟草制品业", "纺织业", "纺织服装、服饰业",
        "皮革、毛皮、羽毛及其制品和制鞋业", "木材加工和木、竹、藤、棕、草制品业", "家具制造业", "造纸和纸制品业",
        "印刷和记录媒介复制业", "文教、工美、体育和娱乐用品制造业", "石油、煤炭及其他燃料加工业",
        "化学原料和化学制品制造业", "医药制造业", "化学纤维制造业", "橡胶和塑料制品业", "非金属矿物制品业",
        "黑色金属冶炼和压延加工业", "有色金属冶炼和压延加工业", "金属制品业", "通用设备制造业", "专用设备制造业",
        "汽车制造业", "铁路、船舶、航空航天和其他运输设备制造业", "电气机械和器材制造业",
        "计算机、通信和其他电子设备制造业", "仪器仪表制造业", "其他制造业", "废弃资源综合利用业",
        "金属制品、机械和设备修理业",
        "电力、热力生产和供应业", "燃气生产和供应业", "水的生产和供应业",
        "房屋建筑业", "土木工程建筑业", "建筑安装业", "建筑装饰、装修和其他建筑业",
        "批发业", "零售业",
        "铁路运输业", "道路运输业", "水上运输业", "航空运输业", "管道运输业", "多式联运和运输代理业",
        "装卸搬运和仓储业", "邮政业",
        "住宿业", "餐饮业",
        "电信、广播电视和卫星传输服务", "互联网和相关服务", "软件和信息技术服务业",
        "货币金融服务", "资本市场服务", "保险业", "其他金融业",
        "房地产业",
        "租赁业", "商务服务业",
        "研究和试验发展", "专业技术服务业", "科技推广和应用服务业",
        "水利管理业", "生态保护和环境治理业", "公共设施管理业", "土地管理业",
        "居民服务业", "机动车、电子产品和日用产品修理业", "其他服务业",
        "教育",
        "卫生", "社会工作",
        "新闻和出版业", "广播、电视、电影和录音制作业", "文化艺术业", "体育", "娱乐业",
        "中国共产党机关", "国家机构", "人民政协、民主党派", "社会保障", "群众团体、社会团体和其他成员组织",
        "基层群众自治组织及其他组织",
        "国际组织",
    ]

    /// Parses `C39`, `c39` or `39` (the section is implied by the division), and a dropdown label such as
    /// `C39 制造业` (only the code counts). Fails when the division does not belong to the section.
    public static func parse(_ text: String) -> IndustryCode? {
        let code = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).first
        let trimmed = String(code ?? "").uppercased()
        var digits = Substring(trimmed)
        var letter: String?
        if let first = trimmed.first, first.isLetter {
            letter = String(first)
            digits = trimmed.dropFirst()
        }
        guard digits.count == 2, digits.allSatisfy(\.isNumber), let division = Int(digits),
              let section = IndustrySection.containing(division: division)
        else { return nil }
        if let letter, letter != section.letter { return nil }
        return IndustryCode(section: section, division: division)
    }

    /// The digital-assessment questionnaire category (RULES.md §3).
    public var digitalCategory: String {
        switch section.letter {
        case "C": "制造业"
        case "G", "I", "L", "M": "生产性服务业"
        default: "其他行业"
        }
    }
}

/// 国家重点支持的高新技术领域 — the 8 fields (RULES.md §4). The raw value is the field's position, 1–8.
public enum TechField: Int, Sendable, Codable, CaseIterable, Hashable {
    case electronics = 1, biomedicine, aerospace, newMaterials, hightechServices, newEnergy, resourcesEnvironment,
         advancedManufacturing

    /// Chinese name, as the policy writes it.
    public var label: String {
        switch self {
        case .electronics: "电子信息"
        case .biomedicine: "生物与新医药"
        case .aerospace: "航空航天"
        case .newMaterials: "新材料"
        case .hightechServices: "高技术服务"
        case .newEnergy: "新能源与节能"
        case .resourcesEnvironment: "资源与环境"
        case .advancedManufacturing: "先进制造与自动化"
        }
    }

    /// The field whose Chinese name is `label`.
    public init?(label: String) {
        guard let match = TechField.allCases.first(where: { $0.label == label }) else { return nil }
        self = match
    }
}

import Foundation

/// A high-tech zone or incubator the demo data places enterprises in, named by a stable key.
public struct DemoZone: Sendable, Hashable {
    public enum Kind: String, Sendable { case zone, incubator }
    public let key: String
    public let name: String
    public let kind: Kind
    /// The county the organisation sits in; its enterprises are registered in `counties`.
    public let regionCode: String
    public let counties: [String]
}

/// One synthetic enterprise.
public struct DemoEnterprise: Sendable, Hashable {
    public let uscc: String
    public let name: String
    public let regionCode: String
    public let zoneKey: String?
    public let incubatorKey: String?
    public let industryCode: String
    public let techField: TechField
    public let registeredOn: String
    public let status: String
    public let contactName: String
    public let contactPhone: String

    public init(uscc: String, name: String, regionCode: String, zoneKey: String?, incubatorKey: String?,
                industryCode: String, techField: TechField, registeredOn: String, status: String, contactName: String,
                contactPhone: String) {
        self.uscc = uscc
        self.name = name
        self.regionCode = regionCode
        self.zoneKey = zoneKey
        self.incubatorKey = incubatorKey
        self.industryCode = industryCode
        self.techField = techField
        self.registeredOn = registeredOn
        self.status = status
        self.contactName = contactName
        self.contactPhone = contactPhone
    }
}

/// Realistic synthetic enterprises over real regions (DESIGN.md "demo"): Dalian with its high-tech zone,
/// Chongqing with its districts, and a scatter over other provinces; valid codes, plausible names, industries,
/// fields and ages. Deterministic for a seed.
public struct DemoEnterpriseGenerator: Sendable {
    public static let zones: [DemoZone] = [
        DemoZone(key: "dlgxq", name: "大连高新技术产业园区", kind: .zone, regionCode: "210211",
                 counties: ["210211", "210204"]),
        DemoZone(key: "cqgxq", name: "重庆高新技术产业开发区", kind: .zone, regionCode: "500107",
                 counties: ["500106", "500107"]),
        DemoZone(key: "ljxq", name: "重庆两江新区", kind: .zone, regionCode: "500112", counties: ["500112", "500105"]),
        DemoZone(key: "zgc", name: "中关村科技园区", kind: .zone, regionCode: "110108", counties: ["110108", "110105"]),
        DemoZone(key: "zjgxq", name: "上海张江高新技术产业开发区", kind: .zone, regionCode: "310115", counties: ["310115"]),
        DemoZone(key: "szgxq", name: "深圳市高新技术产业园区", kind: .zone, regionCode: "440305", counties: ["440305"]),
        DemoZone(key: "dhgxq", name: "武汉东湖新技术开发区", kind: .zone, regionCode: "420111", counties: ["420111"]),
        DemoZone(key: "xagxq", name: "西安高新技术产业开发区", kind: .zone, regionCode: "610113", counties: ["610113"]),
        DemoZone(key: "cdgxq", name: "成都高新技术产业开发区", kind: .zone, regionCode: "510107", counties: ["510107"]),
        DemoZone(key: "hzgxq", name: "杭州高新技术产业开发区", kind: .zone, regionCode: "330108", counties: ["330108"]),
        DemoZone(key: "dlfhq", name: "大连高新区创业孵化中心", kind: .incubator, regionCode: "210211",
                 counties: ["210211"]),
        DemoZone(key: "cqlxs", name: "重庆留学人员创业园", kind: .incubator, regionCode: "500107", counties: ["500107"]),
    ]

    /// The demo enterprise account's enterprise: always the first generated, in the Dalian high-tech zone.
    public static let showcaseName = "大连海创智能科技有限公司"

    private let regions: RegionTable
    private let dalianCounties: [String]
    private let chongqingCounties: [String]
    private let otherCounties: [String]
    private let zonesByCounty: [String: [DemoZone]]

    public init(regions: RegionTable = .shipped) {
        self.regions = regions
        dalianCounties = regions.counties(under: "2102").map(\.code)
        chongqingCounties = regions.counties(under: "50").map(\.code)
        let scatterProvinces = ["11", "31", "32", "33", "44", "42", "51", "61", "37", "34", "35", "43", "41", "13",
                                "12", "21", "22", "23", "36", "45", "52", "53", "62", "64", "65", "14", "15", "46"]
        otherCounties = scatterProvinces.flatMap { prefix in
            regions.counties(under: prefix).map(\.code).filter { !RegionCodes.code($0, liesIn: "2102") }
        }
        var byCounty: [String: [DemoZone]] = [:]
        for zone in Self.zones where zone.counties.allSatisfy({ regions[$0] != nil }) {
            for county in zone.counties { byCounty[county, default: []].append(zone) }
        }
        zonesByCounty = byCounty
    }

    /// The zones whose counties exist in the region table.
    public var availableZones: [DemoZone] {
        Self.zones.filter { zone in zone.counties.allSatisfy { regions[$0] != nil } }
    }

    /// Generates `count` enterprises. The same seed gives the same enterprises, in the same order.
    public func generate(count: Int, seed: UInt64 = 2026) -> [DemoEnterprise] {
        var rng = SplitMix64(seed: seed)
        var codes = Set<String>()
        var result: [DemoEnterprise] = []
        result.reserveCapacity(max(0, count))
        for index in 0..<max(0, count) {
            result.append(make(index: index, rng: &rng, codes: &codes))
        }
        return result
    }

    /// Generates enterprises lazily in batches, for loads of a million rows.
    public func batches(count: Int, batchSize: Int, seed: UInt64 = 2026) -> AnyIterator<[DemoEnterprise]> {
        var rng = SplitMix64(seed: seed)
        var codes = Set<String>()
        var produced = 0
        return AnyIterator {
            guard produced < count else { return nil }
            let size = min(batchSize, count - produced)
            var batch: [DemoEnterprise] = []
            batch.reserveCapacity(size)
            for _ in 0..<size {
                batch.append(self.make(index: produced, rng: &rng, codes: &codes))
                produced += 1
            }
            return batch
        }
    }

    private func make(index: Int, rng: inout SplitMix64, codes: inout Set<String>) -> DemoEnterprise {
        let county: String
        let roll = rng.unit()
        if index == 0 {
            county = "210211"
        } else if roll < 0.30 {
            county = pick(dalianCounties, &rng) ?? "210211"
        } else if roll < 0.60 {
            // 渝北区 carries a larger share, as the district-side demo user works there.
            county = rng.unit() < 0.2 ? "500112" : (pick(chongqingCounties, &rng) ?? "500112")
        } else {
            county = pick(otherCounties, &rng) ?? "110108"
        }
        var zone: DemoZone?
        var incubator: DemoZone?
        if let candidates = zonesByCounty[county] {
            let zones = candidates.filter { $0.kind == .zone }
            let incubators = candidates.filter { $0.kind == .incubator }
            if index == 0 { zone = zones.first { $0.key == "dlgxq" } }
            else if rng.unit() < 0.6 { zone = pick(zones, &rng) }
            if index != 0, rng.unit() < 0.15 { incubator = pick(incubators, &rng) }
        }
        let field = TechField.allCases[Int(rng.next() % UInt64(TechField.allCases.count))]
        let industry = pick(Self.industries[field] ?? ["C39"], &rng) ?? "C39"
        let name = index == 0 ? Self.showcaseName : makeName(county: county, field: field, rng: &rng)
        let uscc = makeUSCC(county: county, rng: &rng, codes: &codes)
        let age = Int(30 * pow(rng.unit(), 1.6))
        let year = 2025 - age
        let month = 1 + Int(rng.next() % 12)
        let day = 1 + Int(rng.next() % 28)
        let registeredOn = String(format: "%04d-%02d-%02d", year, month, day)
        let status = index != 0 && rng.unit() < 0.03 ? "cancelled" : "active"
        let contact = (pick(Self.surnames, &rng) ?? "王") + (pick(Self.givenNames, &rng) ?? "伟")
        let phone = "1" + (pick(["3", "5", "7", "8", "9"], &rng) ?? "3")
            + String(format: "%09d", Int(rng.next() % 1_000_000_000))
        return DemoEnterprise(uscc: uscc, name: name, regionCode: county, zoneKey: zone?.key, incubatorKey: incubator?.key,
                              industryCode: industry, techField: field, registeredOn: registeredOn, status: status,
                              contactName: contact, contactPhone: phone)
    }

    private func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T? {
        guard !items.isEmpty else { return nil }
        return items[Int(rng.next() % UInt64(items.count))]
    }

    private func makeName(county: String, field: TechField, rng: inout SplitMix64) -> String {
        let path = regions.path(to: county)
        var place = path.count >= 2 ? path[1].name : (path.first?.name ?? "")
        if path.first.map({ ["北京市", "上海市", "天津市", "重庆市"].contains($0.name) }) == true {
            place = path.first?.name ?? place
        }
        for suffix in ["市", "地区", "自治州", "盟"] where place.hasSuffix(suffix) && place.count > suffix.count + 1 {
            place = String(place.dropLast(suffix.count))
            break
        }
        let brand = pick(Self.brands, &rng) ?? "华信"
        let trade = pick(Self.tradeWords[field] ?? ["科技"], &rng) ?? "科技"
        let suffix = rng.unit() < 0.15 ? "股份有限公司" : "有限公司"
        return place + brand + trade + suffix
    }

    private func makeUSCC(county: String, rng: inout SplitMix64, codes: inout Set<String>) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        while true {
            var body = ""
            for _ in 0..<8 { body.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            guard let check = Self.organisationCheck(body) else { continue }
            let first17 = "91" + county + body + String(check)
            guard !codes.contains(first17), let code = USCC.completing(first17) else { continue }
            codes.insert(first17)
            return code.value
        }
    }

    /// GB 11714 check character of an 8-character organisation code body.
    static func organisationCheck(_ body: String) -> Character? {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (index, character) in body.enumerated() {
            guard index < 8 else { return nil }
            let value: Int
            if let digit = character.wholeNumberValue { value = digit }
            else if let ascii = character.asciiValue, ascii >= 65, ascii <= 90 { value = Int(ascii) - 55 }
            else { return nil }
            sum += value * weights[index]
        }
        let check = 11 - sum % 11
        switch check {
        case 11: return "0"
        case 10: return "X"
        default: return Character(String(check))
        }
    }

    static let brands = [
        "海创", "华信", "中科", "天成", "博远", "星辰", "鼎盛", "瑞丰", "智联", "恒通", "新锐", "金桥", "远景", "昊天", "弘毅",
        "凯利", "德润", "嘉禾", "卓越", "同方", "汇智", "优迅", "锐思", "晨光", "明德", "蓝海", "青松", "东方", "北辰", "南山",
        "启明", "润泽", "科瑞", "安泰", "宏图", "思源", "华创", "领航", "正元", "易达", "宝丰", "新元", "联创", "天合", "众诚",
        "腾飞", "云帆", "亿嘉", "高远", "泰和", "立信", "精工", "光华", "银河", "天宇", "中达", "易联", "睿达", "恒瑞", "信达",
    ]

    static let tradeWords: [TechField: [String]] = [
        .electronics: ["电子", "信息技术", "软件", "智能科技", "数据科技", "网络科技", "微电子"],
        .biomedicine: ["生物科技", "医药", "生物医学", "制药", "基因科技"],
        .aerospace: ["航空科技", "航天技术", "无人机", "航空装备"],
        .newMaterials: ["新材料", "材料科技", "高分子材料", "复合材料"],
        .hightechServices: ["技术服务", "检测技术", "科技咨询", "信息服务"],
        .newEnergy: ["新能源", "节能科技", "电力科技", "储能技术"],
        .resourcesEnvironment: ["环保科技", "环境技术", "水处理技术", "生态科技"],
        .advancedManufacturing: ["智能装备", "精密机械", "自动化", "机器人", "数控技术"],
    ]

    static let industries: [TechField: [String]] = [
        .electronics: ["I65", "I64", "C39", "I63"],
        .biomedicine: ["C27", "M73", "C35"],
        .aerospace: ["C37", "M73"],
        .newMaterials: ["C26", "C29", "C30", "C32"],
        .hightechServices: ["M74", "M75", "I65", "L72"],
        .newEnergy: ["D44", "C38", "M74"],
        .resourcesEnvironment: ["N77", "M74", "C35"],
        .advancedManufacturing: ["C34", "C35", "C40", "C38"],
    ]

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
                           "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧"]
    static let givenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
                             "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "晓东", "海燕", "建华", "志强", "丽娟"]
}

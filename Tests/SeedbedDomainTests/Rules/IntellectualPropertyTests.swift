import SeedbedDomain
import Testing

@Suite("知识产权：类别、状态与号码校验")
struct IntellectualPropertyTests {
    @Test("RULES §5：发明专利、植物新品种、布图设计为Ⅰ类；实用新型、外观设计、软著为Ⅱ类；商标不计入")
    func classes() {
        #expect(IPKind.invention.ipClass == .classOne)
        #expect(IPKind.plantVariety.ipClass == .classOne)
        #expect(IPKind.icLayout.ipClass == .classOne)
        #expect(IPKind.utilityModel.ipClass == .classTwo)
        #expect(IPKind.design.ipClass == .classTwo)
        #expect(IPKind.software.ipClass == .classTwo)
        #expect(IPKind.trademark.ipClass == nil)
        // Each kind's fact is one of the parts DerivedFacts sums into its class.
        for kind in IPKind.allCases {
            switch kind.ipClass {
            case .classOne?: #expect(DerivedFacts.classOneParts.contains(kind.fact), "\(kind)")
            case .classTwo?: #expect(DerivedFacts.classTwoParts.contains(kind.fact), "\(kind)")
            case nil: #expect(kind.fact == .trademarks)
            }
        }
        #expect(IPKind(label: "软著") == .software)
        #expect(IPKind(label: "外观设计") == .design)
        #expect(IPKind(label: "专利") == nil)
        #expect(IPStatus(label: "有效") == .valid)
        #expect(IPStatus(label: "审查中") == .pending)
        #expect(IPStatus(label: "失效") == .lapsed)
        #expect(IPStatus(label: "有效吗") == nil)
    }

    @Test("专利号：校验位按 2–9 加权模 11（ZC 0006-2003 的示例 200310102344.5），写法统一为 ZL…")
    func patents() {
        #expect(IPNumber.patentCheck("200310102344") == "5")
        #expect(IPNumber.parse("200310102344.5", kind: .invention) == .success("ZL200310102344.5"))
        #expect(IPNumber.parse("ZL 2003 1 0102344.5", kind: .invention) == .success("ZL200310102344.5"))
        #expect(IPNumber.parse("ＣＮ2003101023445", kind: .invention) == .success("ZL200310102344.5"))
        #expect(IPNumber.parse("ZL200310102344.4", kind: .invention) == .failure(.check(expected: "5")))
        // The type digit (fifth) must match the kind: 1 is an invention, not a utility model.
        #expect(IPNumber.parse("ZL200310102344.5", kind: .utilityModel) == .failure(.patentType(.utilityModel, found: "1")))
        // Remainder 10 is written X.
        let digits = (0..<1000).map { "2023210" + String(format: "%05d", $0) }
        let withX = digits.first { IPNumber.patentCheck($0) == "X" }
        #expect(withX != nil)
        if let withX { #expect(IPNumber.parse(withX + ".X", kind: .utilityModel) == .success("ZL" + withX + ".X")) }
        // Before 2004: 8 digits.
        if let check = IPNumber.patentCheck("01123456") {
            #expect(IPNumber.parse("ZL01123456." + String(check), kind: .invention) == .success("ZL01123456." + String(check)))
        }
        #expect(IPNumber.parse("ZL2023101234", kind: .invention) == .failure(.format(.invention)))
        #expect(IPNumber.parse("", kind: .design) == .failure(.empty))
        #expect(IPNumber.parse("ZL1800310102344.5", kind: .invention) == .failure(.format(.invention)))
        if let number = IPNumber.patentNumber("180031010234") {
            #expect(IPNumber.parse(number, kind: .design) == .failure(.year))
        }
        #expect(IPNumber.parse(String(repeating: "9", count: 100_000), kind: .invention) == .failure(.tooLong))
    }

    @Test("软件著作权登记号、商标注册号与其他号码")
    func otherNumbers() {
        #expect(IPNumber.parse("2023sr0123456", kind: .software) == .success("2023SR0123456"))
        #expect(IPNumber.parse("2010SR012345", kind: .software) == .success("2010SR012345"))
        #expect(IPNumber.parse("2023SR01234567", kind: .software) == .failure(.format(.software)))
        #expect(IPNumber.parse("1900SR0123456", kind: .software) == .failure(.year))
        #expect(IPNumber.parse("第 12345678 号", kind: .trademark) == .success("12345678"))
        #expect(IPNumber.parse("0012345", kind: .trademark) == .success("12345"))
        #expect(IPNumber.parse("12345678A", kind: .trademark) == .failure(.format(.trademark)))
        #expect(IPNumber.parse("0000", kind: .trademark) == .failure(.format(.trademark)))
        #expect(IPNumber.parse("CNA20191234.5", kind: .plantVariety) == .success("CNA20191234.5"))
        #expect(IPNumber.parse("BS.2023500012<", kind: .icLayout) == .failure(.format(.icLayout)))
        // Every refusal has a Chinese message.
        for error in [IPNumberError.empty, .tooLong, .format(.software), .check(expected: "X"),
                      .patentType(.design, found: "1"), .year] {
            #expect(!error.message.isEmpty && error.code.hasPrefix("ip_number."))
        }
    }
}

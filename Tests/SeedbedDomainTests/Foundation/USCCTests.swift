import SeedbedDomain
import Testing

@Suite("统一社会信用代码（GB 32100）")
struct USCCTests {
    /// Codes whose check character was computed with an independent implementation of the GB 32100 weights.
    @Test("合法代码通过校验", arguments: [
        "91350100M000100Y43", "91110108551385082Q", "91440300708461136T", "9150011220352012XX",
    ])
    func validCodes(code: String) {
        #expect(USCC.parse(code).isSuccess, "\(code)")
    }

    @Test("输入规范化：去空格、全角转半角、小写转大写")
    func normalisation() throws {
        let code = try USCC.parse(" ９１３５０１００ｍ０００１００ｙ４３ ").get()
        #expect(code.value == "91350100M000100Y43")
        #expect(code.regionCode == "350100")
        #expect(code.organisationCode == "M000100Y4")
    }

    @Test("长度错误指出实际位数")
    func wrongLength() {
        #expect(USCC.parse("91350100M000100Y4").failure == .wrongLength(17))
        #expect(USCC.parse("91350100M000100Y4").failure?.message == "统一社会信用代码应为 18 位，当前为 17 位")
        #expect(USCC.parse("").failure == .empty)
    }

    @Test("非法字符指出位置", arguments: [
        ("91350100I000100Y43", 9, Character("I")), ("O1350100M000100Y43", 1, Character("O")),
        ("91350100M000100S43", 16, Character("S")), ("9135010-M000100Y43", 8, Character("-")),
    ])
    func illegalCharacter(code: String, position: Int, character: Character) {
        #expect(USCC.parse(code).failure == .illegalCharacter(position: position, character: character))
        #expect(USCC.parse(code).failure?.message.contains("第 \(position) 位") == true)
    }

    @Test("校验位不符时给出应为的校验位")
    func checkMismatch() {
        let failure = USCC.parse("91350100M000100Y42").failure
        #expect(failure == .checkMismatch(expected: "3", found: "2"))
        #expect(failure?.message.contains("应为“3”") == true)
    }

    @Test("任一位改动都能被校验位发现")
    func singleSubstitutionsAreCaught() throws {
        let valid = Array("91350100M000100Y43")
        for position in 0..<17 {
            for replacement in USCC.charset where replacement != valid[position] {
                var changed = valid
                changed[position] = replacement
                #expect(!USCC.parse(String(changed)).isSuccess, "position \(position + 1) → \(replacement)")
            }
        }
    }

    @Test("补全校验位生成合法代码")
    func completing() {
        #expect(USCC.completing("91350100M000100Y4")?.value == "91350100M000100Y43")
        #expect(USCC.completing("91350100M00010") == nil)
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

import Testing
import TextFormatting

@Suite("Hex colour")
struct HexColorTests {
    @Test("六位和（允许时）三位十六进制颜色读成三个字节", arguments: [
        ("#0072B2", true, "0072B2"), ("0072b2", false, "0072B2"), ("#fff", true, "FFFFFF"), ("c00", true, "CC0000"),
    ] as [(String, Bool, String)])
    func parses(_ sample: (String, Bool, String)) throws {
        let rgb = try #require(HexColor.parse(sample.0, short: sample.1))
        #expect(HexColor.text(red: rgb.red, green: rgb.green, blue: rgb.blue) == sample.2)
    }

    @Test("其他文本返回 nil；不允许三位时三位也返回 nil", arguments: [
        ("", true), ("#12", true), ("#12345G", true), ("red", true), ("#1234567", true), ("\"/><script>", true),
        ("#fff", false), ("##FFFFFF", false),
    ] as [(String, Bool)])
    func rejects(_ sample: (String, Bool)) {
        #expect(HexColor.parse(sample.0, short: sample.1) == nil)
    }

    @Test("写出时补足前导零、大写")
    func writes() {
        #expect(HexColor.text(red: 0, green: 0x0A, blue: 0xFF) == "000AFF")
    }
}

@Suite("十六进制文本")
struct HexTextTests {
    @Test("字节写成小写十六进制，两位一字节，前导零保留；与逐字节格式化的结果相同")
    func lowercase() {
        #expect(HexText.lowercase([UInt8]()) == "")
        #expect(HexText.lowercase([0x00, 0x0f, 0xa3, 0xff]) == "000fa3ff")
        let all = (0...255).map { UInt8($0) }
        let text = HexText.lowercase(all)
        #expect(text.count == 512)
        #expect(text == all.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined())
    }
}

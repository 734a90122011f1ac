import Foundation
import SeedbedDomain
import Testing

@Suite("手写 JSON 文本")
struct JSONTextTests {
    @Test("字符串：引号、反斜杠、换行与控制字符转义后由 JSONDecoder 原样读回；无须转义的中文整段写入")
    func strings() throws {
        let samples = ["研发费用 ≥ 50 万元得 2 分", "say \"hi\"", "C:\\path", "line\nbreak\ttab\r", "bell\u{07}", "", "😀"]
        for sample in samples {
            var out = ""
            JSONText.appendString(sample, to: &out)
            let read = try JSONDecoder().decode([String].self, from: Data("[\(out)]".utf8))
            #expect(read == [sample])
        }
        var plain = ""
        JSONText.appendString("研发费用", to: &plain)
        #expect(plain == "\"研发费用\"")
        var control = ""
        JSONText.appendString("a\u{01}", to: &control)
        #expect(control == "\"a\\u0001\"")
    }

    @Test("数字：有限值可读回，NaN 与无穷写作 null；键之间以逗号分隔")
    func numbers() throws {
        var out = "{"
        JSONText.appendKey("a", first: true, to: &out)
        JSONText.appendNumber(0.125, to: &out)
        JSONText.appendKey("b", to: &out)
        JSONText.appendNumber(1e-5, to: &out)
        JSONText.appendKey("c", to: &out)
        JSONText.appendNumber(.nan, to: &out)
        out += "}"
        let read = try JSONDecoder().decode([String: Double?].self, from: Data(out.utf8))
        #expect(read["a"] == 0.125)
        #expect(read["b"] == 1e-5)
        #expect(read["c"] == .some(nil))
    }
}

import Foundation
@testable import SeedbedDomain
import Testing

@Suite("外部输入的数字")
struct InputNumberTests {
    @Test("范围内的整数照常读出，空白可有", arguments: [("0", 0), (" 7 ", 7), ("-3", -3), ("255", 255)])
    func readsIntegersInRange(text: String, expected: Int) {
        #expect(InputNumber.integer(text, in: -10...255) == expected)
    }

    @Test("超出范围、超出 Int、非数字、过长一律不读",
          arguments: ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "256", "-11", "",
                      "1e3", "NaN", "0x10", "１２", "7\u{0}", String(repeating: "1", count: 100_000), "+", "--1"])
    func refusesEverythingElse(text: String) {
        #expect(InputNumber.integer(text, in: -10...255) == nil)
    }

    @Test("表单步骤取最大整数时不会溢出：读不出，就不会有 step + 1")
    func stepOfIntMaxIsRefused() {
        #expect(InputNumber.integer(String(Int.max), in: InputRange.step) == nil)
        #expect(InputNumber.integer(String(Int.min), in: InputRange.step) == nil)
        #expect(InputNumber.integer("12", in: InputRange.step) == 12)
    }

    @Test("小数拒绝 NaN、无穷和越界", arguments: ["NaN", "inf", "-inf", "1e309", "1e5", "abc"])
    func refusesNonFiniteDecimals(text: String) {
        #expect(InputNumber.decimal(text, in: -1000...1000) == nil)
    }

    @Test("从 Double 取整数：越界、非有限值返回 nil，不会陷入运行时错误",
          arguments: [Double.nan, .infinity, -.infinity, 9.3e18, -9.3e18, 1e300, Double(Int.max)])
    func doubleToIntegerNeverTraps(value: Double) {
        #expect(InputNumber.integer(value, in: Int.min...Int.max) == nil)
    }

    @Test("合计显示时饱和取整")
    func saturatingRoundsAndClamps() {
        #expect(InputNumber.saturating(2.6) == 3)
        #expect(InputNumber.saturating(.nan) == 0)
        #expect(InputNumber.saturating(1e300) == 9_000_000_000_000_000_000)
        #expect(InputNumber.saturating(-.infinity) == -9_000_000_000_000_000_000)
    }
}

import SeedbedDomain
import Testing

@Suite("按名称或代码找区县")
struct RegionLookupTests {
    let lookup = RegionLookup.shipped

    @Test("代码与平台其他地方显示的名称都能找到区县", arguments: [
        ("210211", "", "210211"),
        ("辽宁省大连市甘井子区", "", "210211"),
        ("大连市甘井子区", "", "210211"),
        ("辽宁省甘井子区", "", "210211"),
        ("甘井子区", "", "210211"),
        ("辽宁省 / 大连市 / 甘井子区", "", "210211"),
        (" 辽宁省 大连市 甘井子区 ", "", "210211"),
        ("２１０２１１", "", "210211"),
        ("重庆市渝北区", "", "500112"),
        ("渝北区", "50", "500112"),
        ("河南省济源市", "", "419001"),
        ("鼓楼区", "3201", "320106"),
        ("江苏省徐州市鼓楼区", "", "320302"),
        ("中山区", "2102", "210202"),
    ])
    func finds(text: String, context: String, code: String) {
        #expect(lookup.county(text, context: context) == .success(code))
    }

    @Test("同名区县在上下文之外无法确定时拒绝，并列出候选")
    func ambiguous() throws {
        guard case .failure(let error) = lookup.county("鼓楼区") else {
            Issue.record("鼓楼区 is in 南京, 徐州, 福州 and 开封")
            return
        }
        guard case .ambiguous(_, let candidates) = error else { Issue.record("\(error)"); return }
        #expect(candidates.contains("江苏省南京市鼓楼区"))
        #expect(candidates.contains("福建省福州市鼓楼区"))
        #expect(error.message.contains("同名区县"))
        #expect(error.message.contains("请连同省、市一起填写"))
        // 江苏省 holds two: the province alone does not settle it, the city does.
        guard case .failure(.ambiguous(_, let inJiangsu)) = lookup.county("鼓楼区", context: "32") else {
            Issue.record("two 鼓楼区 in 江苏省")
            return
        }
        #expect(inJiangsu == ["江苏省南京市鼓楼区", "江苏省徐州市鼓楼区"])
        guard case .failure(.ambiguous(_, let byProvince)) = lookup.county("江苏省鼓楼区") else {
            Issue.record("江苏省鼓楼区 is two counties")
            return
        }
        #expect(byProvince == inJiangsu)
    }

    @Test("未知名称、非区县、错误代码与空白都给出中文原因", arguments: [
        ("甘井子", "找不到区县“甘井子”"),
        ("大连市", "不是区县，请填写到区县一级"),
        ("辽宁省", "不是区县，请填写到区县一级"),
        ("210200", "“210200”（辽宁省大连市）不是区县"),
        ("219999", "“219999”不是有效的区县级行政区划代码"),
        ("   ", "请填写区县名称或 6 位区县代码"),
    ])
    func refuses(text: String, message: String) {
        guard case .failure(let error) = lookup.county(text, context: "2102") else {
            Issue.record("“\(text)” should be refused")
            return
        }
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("上下文之外的唯一名称照样找到（与填写代码一致）")
    func uniqueOutsideContext() {
        #expect(lookup.county("渝北区", context: "2102") == .success("500112"))
    }
}

import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing

@Suite("培育库企业列表的列式存储")
struct SlotTableTests {
    static func same(_ a: FactLoader.Slot?, _ b: FactLoader.Slot) -> Bool {
        guard let a else { return false }
        return a.id == b.id && a.name == b.name && a.uscc == b.uscc && a.regionCode == b.regionCode
            && a.zoneID == b.zoneID && a.incubatorID == b.incubatorID && a.registeredOn == b.registeredOn
            && a.industryCode == b.industryCode && a.techField == b.techField
    }

    static let slots: [FactLoader.Slot] = [
        FactLoader.Slot(id: 3, name: "大连示例科技有限公司", uscc: "91210200MA0QC0000X", regionCode: "210211", zoneID: 7,
                        incubatorID: nil, registeredOn: "2019-03-01", industryCode: "C3911", techField: 1),
        FactLoader.Slot(id: 5, name: "", uscc: "", regionCode: "", zoneID: nil, incubatorID: 12, registeredOn: nil,
                        industryCode: nil, techField: nil),
        FactLoader.Slot(id: 9, name: "重庆𝕏生物医药 & Co. \"测试\"", uscc: "91500112MA5U000001", regionCode: "500112",
                        zoneID: 7, incubatorID: 12, registeredOn: "2019-03-01", industryCode: "C3911", techField: 0),
        FactLoader.Slot(id: 40, name: "渝北软件", uscc: "91500112MA5U000002", regionCode: "500112", zoneID: nil,
                        incubatorID: nil, registeredOn: "2024-12-31", industryCode: "I6513", techField: 8),
    ]

    @Test("每一行读回与原来相同（中文、空值、重复的地区与日期），越界的行为空")
    func rowsReadBack() {
        let table = SlotTable(Self.slots)
        #expect(table.count == 4)
        for (index, slot) in Self.slots.enumerated() {
            #expect(Self.same(table[index], slot), "row \(index)")
            #expect(table.id(at: index) == slot.id)
        }
        #expect(table[-1] == nil)
        #expect(table[4] == nil)
        #expect(table.id(at: 4) == nil)
        #expect(SlotTable([]).count == 0)
        #expect(SlotTable([])[0] == nil)
    }

    @Test("按企业编号找行：有序与无序的编号都找得到，不存在的编号为空")
    func slotOfID() {
        let table = SlotTable(Self.slots)
        #expect(table.slot(of: 3) == 0)
        #expect(table.slot(of: 40) == 3)
        #expect(table.slot(of: 4) == nil)
        #expect(table.slot(of: 41) == nil)
        #expect(table.slot(of: -1) == nil)
        let shuffled = SlotTable([Self.slots[2], Self.slots[0], Self.slots[3], Self.slots[1]])
        #expect(shuffled.slot(of: 3) == 1)
        #expect(shuffled.slot(of: 5) == 3)
        #expect(shuffled.slot(of: 7) == nil)
        #expect(Self.same(shuffled[shuffled.slot(of: 9) ?? -1], Self.slots[2]))
    }

    @Test("范围判断与 DataScope 对原始行的判断一致")
    func scopes() {
        let table = SlotTable(Self.slots)
        let scopes: [DataScope] = [.all, .nothing, .region(prefix: "21"), .region(prefix: "500112"), .zone(id: 7),
                                   .incubator(id: 12), .enterprise(id: 9)]
        for scope in scopes {
            for (index, slot) in Self.slots.enumerated() {
                let expected = scope.permits(ScopeSubject(enterpriseID: slot.id, regionCode: slot.regionCode,
                                                          zoneID: slot.zoneID, incubatorID: slot.incubatorID))
                #expect(table.permits(index, in: scope) == expected, "\(scope) row \(index)")
            }
            #expect(!table.permits(99, in: scope))
        }
    }
}

import Foundation
import SeedbedDomain
import Testing

@Suite("数字化水平评测：问卷、计分与等级")
struct DigitalAssessmentDomainTests {
    @Test("所属行业决定评测表：C 制造业，G/I/L/M 生产性服务业，其余其他行业")
    func categoryFromIndustry() {
        #expect(QuestionnaireCategory(industry: "C13") == .manufacturing)
        #expect(QuestionnaireCategory(industry: "C43") == .manufacturing)
        #expect(QuestionnaireCategory(industry: "G53") == .producerServices)
        #expect(QuestionnaireCategory(industry: "I65") == .producerServices)
        #expect(QuestionnaireCategory(industry: "L72") == .producerServices)
        #expect(QuestionnaireCategory(industry: "M75") == .producerServices)
        #expect(QuestionnaireCategory(industry: "A01") == .other)
        #expect(QuestionnaireCategory(industry: "K70") == .other)
        #expect(QuestionnaireCategory(industry: nil) == .other)
        #expect(QuestionnaireCategory(industry: "X99") == .other)
        #expect(QuestionnaireCategory.reason(industry: "C39").contains("制造业"))
        #expect(QuestionnaireCategory.reason(industry: nil).contains("未填写"))
    }

    @Test("等级分界：恰在 20/40/60/80 分归入较高一级，不足 20 分未达一级")
    func bandBoundaries() {
        #expect(DigitalLevel.level(score: 0) == nil)
        #expect(DigitalLevel.level(score: 19.99) == nil)
        #expect(DigitalLevel.level(score: 20) == 1)
        #expect(DigitalLevel.level(score: 39.99) == 1)
        #expect(DigitalLevel.level(score: 40) == 2)
        #expect(DigitalLevel.level(score: 59.99) == 2)
        #expect(DigitalLevel.level(score: 60) == 3)
        #expect(DigitalLevel.level(score: 79.99) == 3)
        #expect(DigitalLevel.level(score: 80) == 4)
        #expect(DigitalLevel.level(score: 79.999999) == 4)
        #expect(DigitalLevel.level(score: 100) == 4)
        #expect(DigitalLevel.level(score: .nan) == nil)
        #expect(DigitalLevel.label(nil) == "未达一级")
        #expect(DigitalLevel.label(3) == "三级")
    }

    /// Two sections of 40 and 60: the total is exactly what the answers pick, so the bands are hit on the point.
    static let small = Questionnaire(category: .other, version: 1, title: "测试问卷", sections: [
        QuestionnaireSection("a", dimension: .foundation, title: "基础", weight: 40, questions: [
            AssessmentQuestion("a1", "网络", options: [QuestionOption("n", "无", points: 0), QuestionOption("y", "有", points: 20),
                                                       QuestionOption("f", "全", points: 40)]),
        ]),
        QuestionnaireSection("b", dimension: .operation, title: "经营", weight: 60, questions: [
            AssessmentQuestion("b1", "场景一", kind: .scenario, options: (0...4).map { QuestionOption("l\($0)", "\($0)级", points: Double($0)) }),
            AssessmentQuestion("b2", "场景二", kind: .scenario, options: (0...4).map { QuestionOption("l\($0)", "\($0)级", points: Double($0)) }),
        ]),
    ])

    @Test("计分：选项分值相加，场景等级平均后折算；边界分值给出对应等级")
    func scoringHitsBands() {
        // 20 + 60 × (0 + 0) / 8 = 20 → 一级
        var score = Self.small.score(AssessmentAnswers(["a1": ["y"], "b1": ["l0"], "b2": ["l0"]]))
        #expect(score.total == 20 && score.level == 1 && score.isComplete)
        // 40 + 60 × 0 = 40 → 二级
        score = Self.small.score(AssessmentAnswers(["a1": ["f"], "b1": ["l0"], "b2": ["l0"]]))
        #expect(score.total == 40 && score.level == 2)
        // 0 + 60 × (4 + 4) / 8 = 60 → 三级
        score = Self.small.score(AssessmentAnswers(["a1": ["n"], "b1": ["l4"], "b2": ["l4"]]))
        #expect(score.total == 60 && score.level == 3)
        // 20 + 60 × (4 + 4) / 8 = 80 → 四级
        score = Self.small.score(AssessmentAnswers(["a1": ["y"], "b1": ["l4"], "b2": ["l4"]]))
        #expect(score.total == 80 && score.level == 4)
        #expect(score.sections.map(\.points) == [20, 60])
        // 0 + 60 × (1 + 0) / 8 = 7.5 → 未达一级
        score = Self.small.score(AssessmentAnswers(["a1": ["n"], "b1": ["l1"], "b2": ["l0"]]))
        #expect(score.total == 7.5 && score.level == nil)
    }

    @Test("未答的必答题使评测不完整，并逐条列出所在步骤和题目")
    func missingAnswers() {
        let score = Self.small.score(AssessmentAnswers(["b1": ["l2"], "b2": ["未知选项"]]))
        #expect(!score.isComplete)
        #expect(score.missing.map(\.questionID) == ["a1", "b2"])
        #expect(score.missing.map(\.message) == ["第1步 基础：网络", "第2步 经营：场景二"])
    }

    @Test("清理答案：只留问卷中的题目与选项，单选只留一个")
    func sanitize() {
        let clean = Self.small.sanitize(AssessmentAnswers(["a1": ["y", "f"], "zz": ["y"], "b1": ["bad"]]))
        #expect(clean == AssessmentAnswers(["a1": ["y"]]))
    }

    @Test("问卷定义校验：空部分、重复编号、负分、合计不为 100 分都以中文指出")
    func validation() {
        var broken = Self.small
        broken.sections[0].questions.append(AssessmentQuestion("b1", "重复", options: [
            QuestionOption("x", "负", points: -1), QuestionOption("x", "重", points: 1),
        ]))
        broken.sections.append(QuestionnaireSection("c", dimension: .management, title: "管理", weight: 10, questions: []))
        let problems = broken.problems()
        #expect(problems.contains("题目编号重复：b1"))
        #expect(problems.contains("题目“重复”的选项编号重复：x"))
        #expect(problems.contains("题目“重复”的选项“负”分值为负数"))
        #expect(problems.contains("第3部分“管理”没有题目"))
        #expect(problems.contains("各部分分值合计为110分，应为100分"))
        #expect(Self.small.problems().isEmpty)
        var empty = Self.small
        empty.sections = []
        #expect(empty.problems().contains("问卷至少需要一个部分"))
        if case .failure(let error) = Questionnaire.decode(json: "{not json") {
            #expect(error.message.contains("不是有效的JSON"))
        } else {
            Issue.record("invalid JSON decoded")
        }
    }

    @Test("三份标准问卷：校验通过，全部选最优项得 100 分四级；JSON 往返不变")
    func standardQuestionnaires() throws {
        #expect(StandardQuestionnaires.all.map(\.category) == QuestionnaireCategory.allCases)
        for questionnaire in StandardQuestionnaires.all {
            #expect(questionnaire.problems().isEmpty, "\(questionnaire.title): \(questionnaire.problems())")
            let best = questionnaire.score(questionnaire.bestAnswers)
            #expect(best.total == 100 && best.level == 4 && best.isComplete, "\(questionnaire.title)")
            #expect(best.dimensionPoints.map(\.dimension) == AssessmentDimension.allCases)
            #expect(questionnaire.score(AssessmentAnswers()).missing.count == questionnaire.questionCount)
            #expect(questionnaire.note?.contains("默认方案，可配置") == true)
            let decoded = try #require(try? Questionnaire.decode(json: questionnaire.prettyJSON).get())
            #expect(decoded == questionnaire)
        }
        let manufacturing = StandardQuestionnaires.manufacturing
        #expect(manufacturing.sections.first { $0.dimension == .operation }?.questions.count == 16)
        #expect(manufacturing.sections.first { $0.dimension == .foundation }?.rawMaximum == 50)
        #expect(manufacturing.sections.first { $0.dimension == .management }?.rawMaximum == 30)
        #expect(manufacturing.sections.first { $0.dimension == .effectiveness }?.rawMaximum == 20)
    }
}

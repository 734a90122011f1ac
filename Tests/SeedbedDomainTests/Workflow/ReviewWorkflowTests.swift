import Foundation
import SeedbedDomain
import Testing

@Suite("审核流程")
struct ReviewWorkflowTests {
    // MARK: 审核链

    @Test("通过逐级上移，末级通过即审核通过", arguments: FilingKind.allCases)
    func approvalClimbsTheChain(kind: FilingKind) throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(kind))
        let route = filing.route
        #expect(route.map(\.level) == fixture.workflow.policy(for: kind).chain)
        for index in route.indices {
            #expect(filing.stepIndex == index)
            #expect(filing.pendingReviewer == route[index].reviewer)
            #expect(filing.status == (index == 0 ? .submitted : .inReview))
            filing = try fixture.decide(.approve, filing).filing
        }
        #expect(filing.status == .approved)
        #expect(filing.pendingReviewer == nil)
        #expect(filing.hasApprovedVersion)
        #expect(filing.lastApprovedRound == 1)
    }

    @Test("年报先区县后市级，市级审核时区县不能再审")
    func annualReportCountyThenCity() throws {
        let fixture = try WorkflowFixture.standard()
        let county = ScopeOrganization(id: 210211, kind: .county, regionCode: "210211")
        let city = ScopeOrganization(id: 210200, kind: .city, regionCode: "210200")
        let submitted = try fixture.submit(try fixture.start(.annualReport))
        #expect(submitted.awaitsDecision(by: county))
        #expect(!submitted.awaitsDecision(by: city))
        #expect(throws: WorkflowError.notReviewer) {
            try fixture.workflow.apply(fixture.decision(.approve, by: city), to: submitted, expectedVersion: submitted.version)
        }
        let atCity = try fixture.workflow.apply(fixture.decision(.approve, by: county), to: submitted,
                                                expectedVersion: submitted.version).filing
        #expect(atCity.status == .inReview)
        #expect(atCity.awaitsDecision(by: city))
        #expect(throws: WorkflowError.notReviewer) {
            try fixture.workflow.apply(fixture.decision(.approve, by: county), to: atCity, expectedVersion: atCity.version)
        }
        let approved = try fixture.workflow.apply(fixture.decision(.approve, by: city), to: atCity,
                                                  expectedVersion: atCity.version).filing
        #expect(approved.status == .approved)
    }

    @Test("其他区县、其他高新区不能审核本企业的材料", arguments: [
        ScopeOrganization(id: 210212, kind: .county, regionCode: "210212"),
        ScopeOrganization(id: 8, kind: .zone, regionCode: "210211"),
        ScopeOrganization(id: 210211, kind: .county, regionCode: "210211"),
        ScopeOrganization(id: 7, kind: .incubator, regionCode: nil),
        ScopeOrganization(id: 1, kind: .national, regionCode: nil),
    ])
    func strangersCannotDecide(organization: ScopeOrganization) throws {
        let fixture = try WorkflowFixture.standard(zoneID: 7)
        let filing = try fixture.submit(try fixture.start(.basicInfo))
        #expect(filing.pendingReviewer == .zone(id: 7))
        let error = #expect(throws: WorkflowError.notReviewer) {
            try fixture.workflow.apply(fixture.decision(.approve, by: organization), to: filing,
                                       expectedVersion: filing.version)
        }
        #expect(error?.message == "您所在机构不是该材料当前审核层级的审核机构，无权审核")
    }

    // MARK: 退回与重新提交

    @Test("退回后重新提交回到退回的那一级", arguments: [0, 1, 2])
    func resubmissionReturnsToReturningLevel(returnedAt: Int) throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(.innovativeSMEApplication))
        for _ in 0..<returnedAt { filing = try fixture.decide(.approve, filing).filing }
        filing = try fixture.decide(.returnForRevision, filing).filing
        #expect(filing.status == .returned)
        #expect(filing.stepIndex == returnedAt)
        #expect(filing.decidingStep == filing.route[returnedAt])
        filing = try fixture.edit(filing)
        #expect(filing.status == .returned)
        let resubmitted = try fixture.workflow.submit(filing, expectedVersion: filing.version, by: fixture.enterprise,
                                                      on: fixture.day)
        #expect(resubmitted.filing.status == .submitted)
        #expect(resubmitted.filing.stepIndex == returnedAt)
        #expect(resubmitted.filing.round == 2)
        #expect(resubmitted.effects == [.notifyReviewer(filing.route[returnedAt].reviewer, WorkflowMessage(
            title: "待审核：创新型中小企业申报", body: "有一份创新型中小企业申报（第 2 次提交）等待\(filing.route[returnedAt].reviewer.label)审核。"))])
    }

    @Test("市级退回后企业所在地变为不设区的市，重新提交交给承担该级的机构")
    func resubmissionAfterRouteMerged() throws {
        var fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(.annualReport))
        filing = try fixture.decide(.approve, filing).filing
        filing = try fixture.decide(.returnForRevision, filing).filing
        #expect(filing.stepIndex == 1)
        fixture.enterprise.location = EnterpriseLocation(regionCode: "441900")
        filing = try fixture.submit(filing)
        #expect(filing.route.count == 1)
        #expect(filing.stepIndex == 0)
        #expect(filing.pendingReviewer == .region(code: "441900", level: .city))
    }

    @Test("审核通过后再次修改的新一轮从第一级开始，路线按企业当前所在地重新确定")
    func newSeriesStartsAtFirstLevel() throws {
        var fixture = try WorkflowFixture.standard()
        let approved = try #require(try fixture.filing(.basicInfo, in: .approved))
        fixture.enterprise.location = EnterpriseLocation(regionCode: "210212", zoneID: 9)
        let resubmitted = try fixture.submit(approved)
        #expect(resubmitted.stepIndex == 0)
        #expect(resubmitted.round == 2)
        #expect(resubmitted.pendingReviewer == .zone(id: 9))
    }

    // MARK: 锁定与修改

    @Test("年报审核通过后锁定，不能修改或重新提交")
    func annualReportLocks() throws {
        let fixture = try WorkflowFixture.standard()
        let approved = try #require(try fixture.filing(.annualReport, in: .approved))
        let error = #expect(throws: WorkflowError.locked(.annualReport)) { try fixture.edit(approved) }
        #expect(error?.message == "科技信息年报已审核通过并锁定，不能再修改")
        #expect(throws: WorkflowError.locked(.annualReport)) { try fixture.submit(approved) }
    }

    @Test("基本信息审核通过后可修改，修改开启新一轮，已通过的版本仍然有效")
    func basicInfoChangeAfterApproval() throws {
        let fixture = try WorkflowFixture.standard()
        let approved = try #require(try fixture.filing(.basicInfo, in: .approved))
        let changed = try fixture.edit(approved)
        #expect(changed.status == .draft)
        #expect(changed.stepIndex == nil)
        #expect(changed.round == 1)
        #expect(changed.hasApprovedVersion)
        let resubmitted = try fixture.submit(changed)
        #expect(resubmitted.status == .submitted)
        #expect(resubmitted.round == 2)
        #expect(resubmitted.lastApprovedRound == 1)
        let reapproved = try fixture.decide(.approve, resubmitted).filing
        #expect(reapproved.lastApprovedRound == 2)
    }

    @Test("基本信息提交待审核时修改即撤回为草稿，审核人手里的旧版本失效；再次提交为新一轮")
    func basicInfoEditWhileSubmitted() throws {
        let fixture = try WorkflowFixture.standard()
        let submitted = try #require(try fixture.filing(.basicInfo, in: .submitted))
        let reviewerDecision = try fixture.decision(.approve, on: submitted)
        let withdrawn = try fixture.edit(submitted)
        #expect(withdrawn.status == .draft)
        #expect(withdrawn.pendingReviewer == nil)
        #expect(!withdrawn.isDeletable)
        #expect(throws: WorkflowError.staleVersion) {
            try fixture.workflow.apply(reviewerDecision, to: withdrawn, expectedVersion: submitted.version)
        }
        let again = try fixture.submit(withdrawn)
        #expect(again.status == .submitted)
        #expect(again.round == 2)
        #expect(again.stepIndex == 0)
    }

    @Test("基本信息提交待审核时可直接再次提交，版本变化，旧版本上的审核被拒绝")
    func basicInfoResubmitWhileSubmitted() throws {
        let fixture = try WorkflowFixture.standard()
        let submitted = try #require(try fixture.filing(.basicInfo, in: .submitted))
        let resubmitted = try fixture.submit(submitted)
        #expect(resubmitted.status == .submitted)
        #expect(resubmitted.round == 2)
        #expect(resubmitted.version == submitted.version + 1)
        #expect(throws: WorkflowError.staleVersion) {
            try fixture.workflow.apply(try fixture.decision(.approve, on: submitted), to: resubmitted,
                                       expectedVersion: submitted.version)
        }
    }

    @Test("允许提交后修改的多级材料：撤回后再提交回到撤回时所在的层级")
    func withdrawalKeepsEntryLevel() throws {
        var annual = FilingPolicy.standard(for: .annualReport)
        annual.editableWhileSubmitted = true
        var fixture = try WorkflowFixture.standard()
        fixture.workflow = try ReviewWorkflow(overriding: [annual])
        var filing = try fixture.submit(try fixture.start(.annualReport))
        filing = try fixture.decide(.approve, filing).filing
        filing = try fixture.decide(.returnForRevision, filing).filing
        filing = try fixture.submit(filing)
        #expect(filing.stepIndex == 1)
        filing = try fixture.edit(filing)
        #expect(filing.status == .draft)
        filing = try fixture.submit(filing)
        #expect(filing.status == .submitted)
        #expect(filing.stepIndex == 1)
        #expect(filing.pendingReviewer == .region(code: "210200", level: .city))
        #expect(filing.round == 3)
    }

    @Test("只有从未提交的草稿可以删除")
    func deletableDrafts() throws {
        let fixture = try WorkflowFixture.standard()
        let draft = try fixture.start(.majorChange)
        #expect(draft.isDeletable)
        #expect(draft.version == 1)
        #expect(draft.round == 0)
        #expect(try fixture.edit(draft).isDeletable)
        #expect(!(try fixture.submit(draft)).isDeletable)
    }

    @Test("编辑与提交按钮是否可用与实际操作一致", arguments: FilingKind.allCases)
    func buttonsAgreeWithActions(kind: FilingKind) throws {
        let fixture = try WorkflowFixture.standard()
        for status in FilingStatus.allCases {
            guard let filing = try fixture.filing(kind, in: status) else { continue }
            let editable = (try? fixture.edit(filing)) != nil
            let submittable = (try? fixture.submit(filing)) != nil
            #expect(fixture.workflow.mayEdit(filing, by: fixture.enterprise, on: fixture.day) == editable)
            #expect(fixture.workflow.maySubmit(filing, by: fixture.enterprise, on: fixture.day) == submittable)
            #expect(editable == [.draft, .returned].contains(status)
                || (kind == .basicInfo && [.submitted, .approved].contains(status)))
        }
    }

    // MARK: 前置条件

    @Test("前置条件未满足时给出中文提示，不能开始也不能提交", arguments: [
        (FilingKind.pointsData, "approved", "请先完成企业基本信息填报并通过审核，再进行积分数据填报"),
        (.expressReport, "list", "您的企业不在政府设置的企业快报填报名单中，无需填报"),
        (.specializedSMEApplication, "digital", "请先完成数字化水平评测，再进行专精特新中小企业申报"),
        (.innovativeSMEApplication, "approved", "请先完成企业基本信息填报并通过审核，再进行创新型中小企业申报"),
        (.renewal, "recognised", "仅已认定的企业可进行复核申请"),
        (.majorChange, "recognised", "仅已认定的企业可进行重大变更申请"),
    ])
    func prerequisites(kind: FilingKind, missing: String, prompt: String) throws {
        var fixture = try WorkflowFixture.standard()
        let draft = try fixture.start(kind)
        switch missing {
        case "approved": fixture.enterprise.approvedKinds.remove(.basicInfo)
        case "list": fixture.enterprise.isOnExpressReportList = false
        case "digital": fixture.enterprise.hasDigitalAssessment = false
        default: fixture.enterprise.isRecognised = false
        }
        let entry = #expect(throws: WorkflowError.self) {
            try fixture.workflow.checkPrerequisites(kind, for: fixture.enterprise)
        }
        #expect(entry?.message == prompt)
        let refusal = #expect(throws: WorkflowError.self) { try fixture.start(kind) }
        #expect(refusal?.code == "workflow.prerequisite_missing")
        #expect(refusal?.message == prompt)
        let onSubmit = #expect(throws: WorkflowError.self) { try fixture.submit(draft) }
        #expect(onSubmit?.message == prompt)
    }

    @Test("无前置条件的材料不看企业的其他状态", arguments: [FilingKind.registration, .annualReport])
    func noPrerequisites(kind: FilingKind) throws {
        var fixture = try WorkflowFixture.standard()
        fixture.enterprise = FilingEnterprise(location: fixture.enterprise.location)
        #expect(try fixture.submit(try fixture.start(kind)).status == .submitted)
    }

    @Test("基本信息修改审核期间，已通过的版本仍可作为积分填报的前提")
    func pointsStayOpenWhileBasicInfoChanges() throws {
        var fixture = try WorkflowFixture.standard()
        let approved = try #require(try fixture.filing(.basicInfo, in: .approved))
        let changing = try fixture.submit(try fixture.edit(approved))
        #expect(changing.status == .submitted)
        fixture.enterprise.approvedKinds = changing.hasApprovedVersion ? [.basicInfo] : []
        #expect(try fixture.start(.pointsData).status == .draft)
    }

    // MARK: 审核意见

    @Test("退回修改和不通过必须填写原因", arguments: [
        ("", ReviewVerdict.returnForRevision), ("   ", .returnForRevision), ("\n\t", .returnForRevision),
        ("\u{3000}", .returnForRevision), ("", .reject), (" \u{3000} ", .reject),
    ])
    func reasonRequired(opinion: String, verdict: ReviewVerdict) throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(.renewal))
        let county = ScopeOrganization(id: 210211, kind: .county, regionCode: "210211")
        let error = #expect(throws: WorkflowError.reasonRequired(verdict)) {
            try fixture.workflow.apply(fixture.decision(verdict, opinion, by: county), to: filing,
                                       expectedVersion: filing.version)
        }
        #expect(error?.message == (verdict == .reject ? "审核不通过须填写不通过原因" : "退回修改须填写退回原因"))
    }

    @Test("通过可以不写意见；意见去掉首尾空白后保存；过长的意见被拒绝")
    func opinions() throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(.basicInfo))
        let county = ScopeOrganization(id: 210211, kind: .county, regionCode: "210211")
        let silent = try fixture.workflow.apply(fixture.decision(.approve, by: county), to: filing,
                                                expectedVersion: filing.version)
        #expect(silent.record?.opinion == "")
        let trimmed = try fixture.workflow.apply(fixture.decision(.returnForRevision, "  缺少营业执照\n", by: county),
                                                 to: filing, expectedVersion: filing.version)
        #expect(trimmed.record?.opinion == "缺少营业执照")
        let longest = String(repeating: "意", count: ReviewDecision.opinionLimit)
        #expect(throws: Never.self) {
            try fixture.workflow.apply(fixture.decision(.returnForRevision, longest, by: county), to: filing,
                                       expectedVersion: filing.version)
        }
        let error = #expect(throws: WorkflowError.opinionTooLong(limit: 1000)) {
            try fixture.workflow.apply(fixture.decision(.returnForRevision, longest + "见", by: county), to: filing,
                                       expectedVersion: filing.version)
        }
        #expect(error?.message == "审核意见不能超过 1000 字")
    }

    @Test("不允许不通过的材料拒绝“不通过”", arguments: [FilingKind.basicInfo, .annualReport, .pointsData, .expressReport])
    func rejectNotAllowed(kind: FilingKind) throws {
        let fixture = try WorkflowFixture.standard()
        let filing = try fixture.submit(try fixture.start(kind))
        let error = #expect(throws: WorkflowError.verdictNotAllowed(.reject, kind)) {
            try fixture.workflow.apply(try fixture.decision(.reject, on: filing), to: filing, expectedVersion: filing.version)
        }
        #expect(error?.message == "\(kind.label)审核不支持“不通过”")
    }

    // MARK: 审核记录

    @Test("每次审核生成一条记录：轮次、层级、机构、审核人、结论、意见、时间、版本")
    func decisionRecord() throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(.annualReport))
        filing = try fixture.decide(.approve, filing).filing
        let city = ScopeOrganization(id: 210200, kind: .city, regionCode: "210200")
        let decision = ReviewDecision(verdict: .returnForRevision, opinion: "研发投入与上年差异过大",
                                      reviewer: Reviewer(userID: 42, organization: city), time: fixture.now)
        let record = try #require(try fixture.workflow.apply(decision, to: filing, expectedVersion: filing.version).record)
        #expect(record == ReviewRecord(round: 1, stepIndex: 1, level: .city,
                                       reviewer: .region(code: "210200", level: .city), organizationID: 210200,
                                       reviewerUserID: 42, verdict: .returnForRevision, opinion: "研发投入与上年差异过大",
                                       time: fixture.now, version: filing.version))
    }

    @Test("企业看到的审批意见按轮次编号、轮内按层级排列")
    func historyByRounds() throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(.innovativeSMEApplication))
        var records: [ReviewRecord] = []
        func decide(_ verdict: ReviewVerdict) throws {
            let transition = try fixture.decide(verdict, filing)
            records.append(try #require(transition.record))
            filing = transition.filing
        }
        try decide(.approve)            // 第 1 轮：区县通过
        try decide(.returnForRevision)  // 第 1 轮：市级退回
        filing = try fixture.submit(filing)
        try decide(.approve)            // 第 2 轮：市级通过
        try decide(.returnForRevision)  // 第 2 轮：省级退回
        let afterReturn = ReviewHistory(records)
        #expect(afterReturn.latestReason == "材料不全")
        filing = try fixture.submit(filing)
        try decide(.approve)            // 第 3 轮：省级通过
        #expect(filing.status == .approved)

        let history = ReviewHistory(records.reversed())
        #expect(history.records == records)
        #expect(history.rounds.map(\.number) == [1, 2, 3])
        #expect(history.rounds.map(\.title) == ["第 1 轮", "第 2 轮", "第 3 轮"])
        #expect(history.rounds.map { $0.records.map(\.level) } == [[.county, .city], [.city, .province], [.province]])
        #expect(history.rounds.map { $0.records.map(\.verdict) }
            == [[.approve, .returnForRevision], [.approve, .returnForRevision], [.approve]])
        #expect(history.latest?.verdict == .approve)
        #expect(history.latestReason == nil)
        #expect(ReviewHistory([]).rounds.isEmpty)
    }

    @Test("同一轮同一层级的记录按时间排序")
    func historyTieBreaksByTime() {
        func record(_ round: Int, _ step: Int, _ seconds: Double) -> ReviewRecord {
            ReviewRecord(round: round, stepIndex: step, level: .county, reviewer: .national, organizationID: 1,
                         reviewerUserID: 1, verdict: .approve, opinion: "", time: Date(timeIntervalSince1970: seconds),
                         version: Int(seconds))
        }
        let history = ReviewHistory([record(2, 0, 5), record(1, 1, 3), record(1, 0, 9), record(1, 0, 2)])
        #expect(history.records.map(\.version) == [2, 9, 3, 5])
    }

    // MARK: 乐观版本

    @Test("两名审核人同时审核同一版本：先到者成功，后到者得到“已被处理”")
    func staleVersionRace() throws {
        let fixture = try WorkflowFixture.standard()
        let loaded = try fixture.submit(try fixture.start(.annualReport))
        var store = FilingStore(current: loaded)
        let county = ScopeOrganization(id: 210211, kind: .county, regionCode: "210211")
        let first = fixture.decision(.approve, by: county, user: 1)
        let second = fixture.decision(.returnForRevision, "补充材料", by: county, user: 2)

        let winner = try fixture.workflow.apply(first, to: store.current, expectedVersion: loaded.version)
        #expect(winner.filing.version == loaded.version + 1)
        let firstLanded = store.commit(winner, loadedVersion: loaded.version)
        #expect(firstLanded)

        // The second reviewer's page still says version v.
        let error = #expect(throws: WorkflowError.staleVersion) {
            try fixture.workflow.apply(second, to: store.current, expectedVersion: loaded.version)
        }
        #expect(error?.message == "该材料已被修改或已被其他审核人处理，请刷新后重试")
        // Had both loaded the row before either wrote, the conditional update refuses the second write.
        let racing = try fixture.workflow.apply(second, to: loaded, expectedVersion: loaded.version)
        let secondLanded = store.commit(racing, loadedVersion: loaded.version)
        #expect(!secondLanded)
        #expect(store.current == winner.filing)
    }

    @Test("企业修改与审核人审核交错时，基于旧版本的一方被拒绝")
    func staleEnterpriseEdit() throws {
        let fixture = try WorkflowFixture.standard()
        let submitted = try fixture.submit(try fixture.start(.basicInfo))
        let returned = try fixture.decide(.returnForRevision, submitted).filing
        #expect(throws: WorkflowError.staleVersion) {
            try fixture.workflow.edit(returned, expectedVersion: submitted.version, by: fixture.enterprise, on: fixture.day)
        }
        #expect(throws: WorkflowError.staleVersion) {
            try fixture.workflow.submit(returned, expectedVersion: submitted.version, by: fixture.enterprise,
                                        on: fixture.day)
        }
    }

    @Test("每次转换版本号加一")
    func versionsIncrease() throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.start(.innovativeSMEApplication)
        var versions = [filing.version]
        filing = try fixture.edit(filing); versions.append(filing.version)
        filing = try fixture.submit(filing); versions.append(filing.version)
        filing = try fixture.decide(.approve, filing).filing; versions.append(filing.version)
        filing = try fixture.decide(.returnForRevision, filing).filing; versions.append(filing.version)
        filing = try fixture.edit(filing); versions.append(filing.version)
        filing = try fixture.submit(filing); versions.append(filing.version)
        #expect(versions == Array(1...7))
    }

    // MARK: 通知

    @Test("每次审核都给企业发站内消息；只有注册审核通过发短信", arguments: FilingKind.allCases)
    func effectsOfDecisions(kind: FilingKind) throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(kind))
        let verdicts = fixture.workflow.policy(for: kind).verdicts
        for verdict in ReviewVerdict.allCases where verdicts.contains(verdict) && verdict != .approve {
            let effects = try fixture.decide(verdict, filing).effects
            #expect(effects.count == 1)
            guard case .messageEnterprise(let message) = effects.first else {
                Issue.record("\(kind) \(verdict) 未通知企业")
                continue
            }
            #expect(message.body.contains("材料不全"))
        }
        while filing.status != .approved {
            let step = try #require(filing.currentStep)
            let transition = try fixture.decide(.approve, filing)
            let messages = transition.effects.filter { if case .messageEnterprise = $0 { true } else { false } }
            let texts = transition.effects.filter { if case .textEnterprise = $0 { true } else { false } }
            #expect(messages.count == 1)
            if let following = transition.filing.currentStep {
                #expect(transition.effects.contains(.notifyReviewer(following.reviewer, WorkflowMessage(
                    title: "待审核：\(kind.label)",
                    body: "有一份\(kind.label)已通过\(step.reviewer.label)审核，等待\(following.reviewer.label)审核。"))))
                #expect(texts.isEmpty)
                #expect(!transition.effects.contains(.projectFacts))
            } else {
                #expect(transition.effects.contains(.projectFacts))
                #expect(texts.count == (kind == .registration ? 1 : 0))
            }
            filing = transition.filing
        }
    }

    @Test("注册审核通过：站内消息与短信的内容")
    func registrationApprovalTexts() throws {
        let fixture = try WorkflowFixture.standard(zoneID: 7)
        let filing = try fixture.submit(try fixture.start(.registration))
        let effects = try fixture.decide(.approve, filing).effects
        #expect(effects == [
            .messageEnterprise(WorkflowMessage(title: "企业注册信息审核通过",
                                               body: "您提交的企业注册信息已通过高新区审核。审核意见：同意")),
            .textEnterprise("您提交的企业注册信息已审核通过，请登录平台查看。"),
            .projectFacts,
        ])
    }

    @Test("退回与不通过的消息写明审核层级与原因")
    func returnAndRejectMessages() throws {
        let fixture = try WorkflowFixture.standard()
        var filing = try fixture.submit(try fixture.start(.specializedSMEApplication))
        filing = try fixture.decide(.approve, filing).filing
        let county = try fixture.decide(.approve, try fixture.submit(try fixture.start(.annualReport)))
        #expect(county.effects.first == .messageEnterprise(WorkflowMessage(
            title: "科技信息年报已通过区县审核", body: "您提交的科技信息年报已通过区县审核，已转市级审核。审核意见：同意")))
        #expect(try fixture.decide(.returnForRevision, filing).effects == [.messageEnterprise(WorkflowMessage(
            title: "专精特新中小企业申报被退回修改",
            body: "您提交的专精特新中小企业申报被市级退回修改。退回原因：材料不全。请修改后重新提交。"))])
        #expect(try fixture.decide(.reject, filing).effects == [.messageEnterprise(WorkflowMessage(
            title: "专精特新中小企业申报审核不通过", body: "您提交的专精特新中小企业申报未通过市级审核。原因：材料不全"))])
    }

    @Test("企业修改不产生通知")
    func editsAreQuiet() throws {
        let fixture = try WorkflowFixture.standard()
        let draft = try fixture.start(.basicInfo)
        let transition = try fixture.workflow.edit(draft, expectedVersion: draft.version, by: fixture.enterprise,
                                                   on: fixture.day)
        #expect(transition.effects.isEmpty)
        #expect(transition.record == nil)
    }

    // MARK: 配置

    @Test("无效的流程配置被拒绝", arguments: [
        ([], [.approve, .returnForRevision], "审核层级不能为空"),
        ([.county, .county], [.approve, .returnForRevision], "审核层级不能重复"),
        ([.county], [.approve], "审核结论必须包含“通过”和“退回修改”"),
        ([.county], [.returnForRevision, .reject], "审核结论必须包含“通过”和“退回修改”"),
    ] as [([ReviewLevel], Set<ReviewVerdict>, String)])
    func invalidPolicies(chain: [ReviewLevel], verdicts: Set<ReviewVerdict>, reason: String) {
        let policy = FilingPolicy(kind: .pointsData, chain: chain, verdicts: verdicts)
        let error = #expect(throws: WorkflowError.invalidPolicy(.pointsData, reason)) {
            try ReviewWorkflow(overriding: [policy])
        }
        #expect(error?.message == "积分数据审核流程配置无效：\(reason)")
    }

    @Test("覆盖的配置只替换指定的材料")
    func overridingReplacesOnlyGivenKinds() throws {
        let points = FilingPolicy(kind: .pointsData, chain: [.zone, .national])
        let workflow = try ReviewWorkflow(overriding: [points])
        #expect(workflow.policy(for: .pointsData) == points)
        for kind in FilingKind.allCases where kind != .pointsData {
            #expect(workflow.policy(for: kind) == FilingPolicy.standard(for: kind))
        }
    }

    @Test("路线无法确定时不能提交")
    func unroutableSubmission() throws {
        var fixture = try WorkflowFixture.standard()
        fixture.workflow = try ReviewWorkflow(overriding: [FilingPolicy(kind: .pointsData, chain: [.zone, .national],
                                                                        prerequisites: [])])
        let draft = try fixture.start(.pointsData)
        #expect(throws: WorkflowError.noZone) { try fixture.submit(draft) }
        fixture.enterprise.location = EnterpriseLocation(regionCode: "21x211")
        #expect(throws: WorkflowError.invalidRegionCode("21x211")) {
            try fixture.submit(try fixture.start(.annualReport))
        }
    }
}

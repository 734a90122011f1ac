import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 企业注册 (seed 000 §2.1): the enterprise submits its credentials, licence and consent; the zone (or county)
/// where it registers reviews it; approval activates it and texts the registered phone.
struct RegistrationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("register", use: show)
        routes.on(.POST, "register", body: .collect(maxSize: "20mb"), use: register)
        routes.get("regions.json", use: regions)
        let mine = routes.grouped(Page.myRegistration)
        mine.get(use: status)
        mine.on(.POST, body: .collect(maxSize: "20mb"), use: resubmit)
    }

    static let consentText = [
        "为开展科技型企业培育、创新积分评价与相关政策服务，本平台将收集、存储和使用贵单位填报的企业信息、经营数据、知识产权与人员数据。",
        "上述信息仅用于主管部门审核、统计分析、积分评价、政策匹配与培育服务，未经贵单位同意不向无关第三方提供；向合作金融机构提供积分结果须经贵单位另行授权，并可随时撤回。",
        "贵单位应保证所填信息真实、准确、完整，并对上传材料的真实性负责；提供虚假信息的，主管部门可取消相关资格并依法处理。",
        "平台按照国家网络安全与数据安全相关规定保护数据安全，访问与操作均留有审计记录。",
    ]

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let zones = try await EnterpriseRecord.zoneDictionary(on: req.db)
        return HTMLPage(RegistrationViews.page(context: context, values: [:], errors: FormErrors(), zones: zones,
                                               captchaID: try await CaptchaService(request: req).issueIfEnabled()))
    }

    struct Submission: Content {
        var uscc: String?
        var name: String?
        var region_code: String?
        var zone: String?
        var contact_name: String?
        var contact_phone: String?
        var contact_email: String?
        var account: String?
        var password: String?
        var confirm: String?
        var consent: String?
        var business_licence: File?
        var captchaID: String?
        var captcha: String?
    }

    @Sendable func register(req: Request) async throws -> Response {
        let submission = try req.content.decode(Submission.self)
        let limiter = RateLimiter(database: req.db, now: req.now)
        let rule = RateLimiter.Rule(limit: req.config.anonymousFormsPerHour, window: 3600)
        if case .refused(let until) = try await limiter.take("register:ip:" + req.clientIP, rule: rule) {
            throw AppError(status: .tooManyRequests, code: "rate_limited",
                           message: "注册" + RateLimiter.tooOften(until: until, now: req.now))
        }
        let form = RegistrationForm.self
        let posted: [(FieldDefinition, String?)] = [
            (form.uscc, submission.uscc), (form.name, submission.name), (form.region, submission.region_code),
            (form.zone, submission.zone), (form.contactName, submission.contact_name),
            (form.contactPhone, submission.contact_phone), (form.email, submission.contact_email),
            (form.account, submission.account), (form.consent, submission.consent == "1" ? "是" : "否"),
            (form.businessLicence, (submission.business_licence?.data.readableBytes ?? 0) > 0 ? "uploaded" : ""),
        ]
        var values = Dictionary(uniqueKeysWithValues: posted.map { ($0.id.rawValue, $1 ?? "") })
        let zones = try await EnterpriseRecord.zoneDictionary(on: req.db)
        let service = FilingService(req)
        var (errors, valid) = service.validate(values, form: RegistrationForm.form, submit: true, extra: [zones])
        let password = submission.password ?? ""
        let account = (submission.account ?? "").trimmingCharacters(in: .whitespaces)
        if let code = valid[RegistrationForm.uscc.id]?.text,
           try await Enterprise.query(on: req.db).filter(\.$uscc == code).first() != nil
        {
            errors[form.uscc.id.rawValue] = Self.usccTaken
        }
        if !account.isEmpty, try await User.query(on: req.db).filter(\.$account == account).first() != nil {
            errors[form.account.id.rawValue] = Self.accountTaken
        }
        if req.config.captchaEnabled,
           !(try await CaptchaService(request: req).consume(id: submission.captchaID ?? "", answer: submission.captcha ?? ""))
        {
            errors["captcha"] = "验证码错误或已过期，请重新输入"
        }
        let problems = req.config.passwordPolicy.problems(with: password, account: account)
        if !problems.isEmpty { errors["password"] = problems.joined(separator: "；") }
        if password != (submission.confirm ?? "") { errors["confirm"] = "两次输入的密码不一致" }
        var placement = EnterpriseRecord([:])
        placement.regionCode = valid[RegistrationForm.region.id]?.text
        placement.zoneID = InputNumber.integer(valid[RegistrationForm.zone.id]?.text, in: InputRange.id)
        if errors[form.zone.id.rawValue] == nil,
           let problem = placement.placementProblem(regions: try await EnterpriseRecord.placementRegions(on: req.db))
        {
            errors[problem.field] = problem.message
        }

        var licenceURL: URL?
        if let file = submission.business_licence, file.data.readableBytes > 0 {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-licence-\(UUID().uuidString)")
            try Data(buffer: file.data).write(to: url)
            licenceURL = url
            if let kind = try? FileKind.sniff(url), [FileKind.pdf, .jpeg, .png].contains(kind) {
                // accepted
            } else {
                let licence = form.businessLicence
                errors[licence.id.rawValue] = licence.label + "请上传 PDF、JPG 或 PNG 文件"
            }
        }
        defer { if let licenceURL { try? FileManager.default.removeItem(at: licenceURL) } }
        guard errors.isEmpty, let licenceURL, let region = valid[RegistrationForm.region.id]?.text else {
            let context = try await req.pageContext()
            values[form.consent.id.rawValue] = submission.consent == "1" ? "1" : ""
            return try await HTMLPage(RegistrationViews.page(context: context, values: values, errors: errors, zones: zones,
                                                             captchaID: try await CaptchaService(request: req).issueIfEnabled()),
                                      status: .unprocessableEntity).encodeResponse(for: req)
        }

        let passwordHash = try await req.password.async.hash(password)
        let input = NewRegistration(values: values, valid: valid, region: region, account: account, passwordHash: passwordHash,
                                    licence: licenceURL, licenceName: submission.business_licence?.filename ?? "营业执照")
        let created: (userID: Int, phone: String)
        do {
            created = try await Self.commit(input, app: req.application, db: req.db, now: req.now, ip: req.clientIP)
        } catch let errors as FormErrors {
            let context = try await req.pageContext()
            values[form.consent.id.rawValue] = submission.consent == "1" ? "1" : ""
            return try await HTMLPage(RegistrationViews.page(context: context, values: values, errors: errors, zones: zones,
                                                             captchaID: try await CaptchaService(request: req).issueIfEnabled()),
                                      status: .unprocessableEntity).encodeResponse(for: req)
        }
        let response = req.redirect(to: Page.myRegistration.path,
                                    flash: Flash(kind: .success, message: "注册信息已提交，审核通过后将短信通知 \(Masking.phone(created.phone))"))
        try await SessionAuthenticator.open(for: created.userID, request: req, response: response)
        return response
    }

    /// A registration that passed every check, ready to be written.
    struct NewRegistration: Sendable {
        var values: [String: String]
        let valid: [FieldID: FieldValue]
        let region: String
        let account: String
        let passwordHash: String
        let licence: URL
        let licenceName: String
    }

    /// Writes the enterprise, its licence, its account and the submitted registration filing in one
    /// transaction: all of them or none. Another registration may take the code or the account between the
    /// checks and the writes; the unique indexes refuse it, nothing is left behind, and the loser is told
    /// which field to change (thrown as `FormErrors`).
    static func commit(_ input: NewRegistration, app: Application, db: any Database, now: Date, ip: String? = nil)
        async throws
        -> (userID: Int, phone: String)
    {
        let policy = app.config.passwordPolicy
        let cipher = try app.personalData
        do {
            return try await db.transaction { db in
                let valid = input.valid
                let enterprise = Enterprise()
                enterprise.uscc = valid[RegistrationForm.uscc.id]?.text ?? ""
                enterprise.name = valid[RegistrationForm.name.id]?.text ?? ""
                enterprise.regionCode = input.region
                enterprise.zoneID = InputNumber.integer(valid[RegistrationForm.zone.id]?.text, in: InputRange.id)
                enterprise.status = .pending
                enterprise.contactName = valid[RegistrationForm.contactName.id]?.text
                let phone = valid[RegistrationForm.contactPhone.id]?.text ?? ""
                let sealed = try cipher.protect(phone, as: .phone)
                enterprise.setContactPhone(sealed)
                try await enterprise.create(on: db)
                guard let enterpriseID = enterprise.id else { throw AppError.invalid("注册失败") }
                let licence = try await Files(app: app, db: db).keep(
                    input.licence, name: input.licenceName, purpose: "licence", owner: nil,
                    subject: (enterpriseID, input.region, enterprise.zoneID, nil), allowed: [.pdf, .jpeg, .png])
                let user = User(account: input.account, name: enterprise.contactName ?? enterprise.name, role: .enterprise,
                                organizationID: nil, enterpriseID: enterpriseID, phone: sealed,
                                passwordHash: input.passwordHash, mustChangePassword: false, now: now)
                user.email = valid[RegistrationForm.email.id]?.text
                try await user.create(on: db)
                guard let userID = user.id,
                      let actor = try await CurrentUser.load(userID: userID, on: db, policy: policy, now: now)
                else { throw AppError.invalid("注册失败") }
                var values = input.values
                values[RegistrationForm.businessLicence.id.rawValue] = licence.id.map(String.init) ?? ""
                values[RegistrationForm.consent.id.rawValue] = "是"
                var service = FilingService(app: app, db: db, now: now)
                service.ip = ip
                try await service.save(.registration, enterprise: enterprise, values: values, actor: actor, submit: true, expectedVersion: nil)
                return (userID, phone)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            var errors = FormErrors()
            if let code = input.valid[RegistrationForm.uscc.id]?.text,
               try await Enterprise.query(on: db).filter(\.$uscc == code).first() != nil
            {
                errors[RegistrationForm.uscc.id.rawValue] = usccTaken
            }
            if try await User.query(on: db).filter(\.$account == input.account).first() != nil {
                errors[RegistrationForm.account.id.rawValue] = accountTaken
            }
            if errors.isEmpty { errors["_"] = "注册未能完成（同时有其他提交），请重新选择营业执照后再提交" }
            throw errors
        }
    }

    static let usccTaken = "该统一社会信用代码已注册；如忘记账号或密码，请使用“忘记密码”找回"
    static let accountTaken = "该登录账号已被使用，请换一个"

    /// The region tree for the cascade (JavaScript enhancement of the region field); cached by the browser.
    @Sendable func regions(req: Request) async throws -> Response {
        struct Node: Encodable {
            let n: String
            let c: [Node]?
            let k: String?
        }
        let tree = RegionCascade().provinces.map { province in
            Node(n: province.region.name, c: province.cities.map { city in
                Node(n: city.name, c: city.counties.map { Node(n: $0.name, c: nil, k: $0.code) }, k: nil)
            }, k: nil)
        }
        let response = Response(status: .ok)
        try response.content.encode(tree, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return response
    }

    @Sendable func resubmit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = user.enterpriseID, let enterprise = try await Enterprise.find(id, on: req.db) else {
            throw AppError.notFound()
        }
        return try await FilingPage(req: req, user: user, enterprise: enterprise, kind: .registration, year: nil,
                                    title: "企业注册审核", url: Page.myRegistration.path).post()
    }

    /// The registration's state for the enterprise: status, opinions, and the form again when returned.
    @Sendable func status(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let id = user.enterpriseID, let enterprise = try await Enterprise.find(id, on: req.db) else {
            throw AppError.notFound()
        }
        return try await FilingPage(req: req, user: user, enterprise: enterprise, kind: .registration, year: nil,
                                    title: "企业注册审核", url: Page.myRegistration.path)
            .render(step: req.queryInteger("step", in: InputRange.step))
    }
}

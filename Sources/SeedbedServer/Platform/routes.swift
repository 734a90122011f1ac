import Vapor

/// Every route of the platform, by feature. Pages behind sign-in also pass the password-change gate.
func routes(_ app: Application) throws {
    let assets = StaticAssets()
    app.get("static", ":file") { req async throws -> Response in
        try assets.response(for: req.parameters.get("file") ?? "", request: req)
    }
    try app.register(collection: HealthController())
    try app.register(collection: APIController())
    try app.register(collection: ScoreAPIController())
    try app.register(collection: PublicSiteController())
    try app.register(collection: ShowcaseController())
    try app.register(collection: LoginController())
    try app.register(collection: RegistrationController())

    try app.register(collection: PasswordController())
    let gated = app.grouped(PasswordChangeGate())
    try gated.register(collection: WorkbenchController())
    try gated.register(collection: EnterpriseController())
    try gated.register(collection: UserAdminController())
    try gated.register(collection: OrganizationAdminController())
    try gated.register(collection: LogControllers())
    try gated.register(collection: JobController())
    try gated.register(collection: ExportController())
    try gated.register(collection: ImportController())
    try gated.register(collection: EnterpriseFilingController())
    try gated.register(collection: ReviewController())
    try gated.register(collection: FileController())
    try gated.register(collection: ProductController())
    try gated.register(collection: MajorChangeController())
    try gated.register(collection: MessageController())
    try gated.register(collection: CustomQueryController())
    try gated.register(collection: LibraryController())
    try gated.register(collection: OverviewController())
    try gated.register(collection: StatisticsController())
    try gated.register(collection: SchemeController())
    try gated.register(collection: RunController())
    try gated.register(collection: ResultController())
    try gated.register(collection: MyPointsController())
    try gated.register(collection: EstimateController())
}

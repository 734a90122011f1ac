/// The index of the enterprise filings' forms, for the pages, imports, exports and custom queries that pick a
/// form by id.
public enum FilingForms {
    /// The filing forms, in the order an enterprise meets them.
    public static let all: [FormDefinition] = [
        RegistrationForm.form, BasicInfoForm.form, AnnualReportForm.form, ProductForm.form, ServiceForm.form,
        MajorChangeForm.form, PointsDataForm.form, ExpressReportForm.form,
    ]

    /// Import kinds that fill filing fields from outside sources ("工商数据").
    public static let imports: [FormDefinition] = [BasicInfoForm.registryImport]

    /// The filing form or import kind whose id is `id`.
    public static func form(id: String) -> FormDefinition? {
        all.first { $0.id == id } ?? imports.first { $0.id == id }
    }
}

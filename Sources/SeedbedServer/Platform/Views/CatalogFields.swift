import SeedbedDomain

extension FieldSpec {
    /// The form control for a catalog field: label, kind, required star and help come from the catalog, so no
    /// page retypes them.
    init(_ field: FieldDefinition, value: String, error: String?, options: [SelectOption]? = nil,
         readOnly: Bool = false, dictionaries: [DictionaryID: DataDictionary] = Dictionaries.all) {
        var kind: FieldSpec.Kind
        var maxLength: Int?
        var cascade: String?
        switch field.kind {
        case .text(let length):
            kind = .text
            maxLength = length
        case .longText(let length):
            kind = .textarea
            maxLength = length
        case .integer, .decimal, .year:
            kind = .text
        case .date:
            kind = .date
        case .choice(let dictionary):
            let entries = options ?? dictionaries[dictionary]?.entries.map { SelectOption(value: $0.code, label: $0.label) } ?? []
            kind = .select([SelectOption(value: "", label: field.required ? "请选择" : "无")] + entries)
        case .flag:
            kind = .select([SelectOption(value: "", label: "请选择"), SelectOption(value: "是", label: "是"),
                            SelectOption(value: "否", label: "否")])
        case .region:
            if let options, !options.isEmpty {
                kind = .select([SelectOption(value: "", label: "请选择")] + options)
            } else {
                kind = .text
                maxLength = 6
                cascade = readOnly || field.source == .imported ? nil : "/regions.json"
            }
        case .phone:
            kind = .tel
            maxLength = 20
        case .email:
            kind = .email
            maxLength = 100
        case .uscc:
            kind = .text
            maxLength = 24
        case .industry:
            kind = .select([SelectOption(value: "", label: field.required ? "请选择" : "无")]
                + IndustryCode.all.map { SelectOption(value: $0.description, label: $0.fullLabel) })
        case .file:
            kind = .text
            self.init(label: field.header, name: field.id.rawValue, value: value.isEmpty ? "" : "已上传", kind: kind,
                      required: false, readOnly: true, help: field.help, error: error)
            return
        }
        // A registry field the enterprise fills itself says so, and that an import will replace it.
        let help = field.source == .declared
            ? "\(FilingViews.declaredMark)：尚未导入工商登记数据，请按营业执照填写；导入后以工商登记数据为准。" + (field.help ?? "")
            : field.help
        self.init(label: field.header, name: field.id.rawValue, value: value, kind: kind, required: field.required,
                  readOnly: readOnly || field.source == .imported, help: help, error: error, maxLength: maxLength,
                  cascade: cascade)
    }
}

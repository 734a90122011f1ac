import Foundation

/// The body of `POST /api/v1/vouchers`: `{"vouchers": [ {…}, … ]}`, at most `maxVouchers` records, each with the
/// fields of `VoucherField` (amounts in 元 as a string or a number, dates `YYYY-MM-DD`). Decoding never traps;
/// the first refusal names its field as a JSON path (`vouchers[3].redeemedAmount`).
public enum VoucherBatchRequest {
    public static let maxVouchers = 500
    public static let maxBodyBytes = 512 * 1024

    public static func parse(_ data: Data) throws(VoucherFieldError) -> [VoucherDraft] {
        guard data.count <= maxBodyBytes else {
            throw VoucherFieldError(field: "", reason: "请求体不能超过 \(maxBodyBytes / 1024) KB")
        }
        let json: EvaluationJSON
        do {
            json = try JSONDecoder().decode(EvaluationJSON.self, from: data)
        } catch {
            throw VoucherFieldError(field: "", reason: "请求体不是有效的 JSON")
        }
        guard case .object(let body) = json else { throw VoucherFieldError(field: "", reason: "请求体应为 JSON 对象") }
        if let unknown = body.keys.sorted().first(where: { $0 != "vouchers" }) {
            throw VoucherFieldError(field: String(unknown.prefix(60)), reason: "不是可识别的字段")
        }
        guard case .array(let items)? = body["vouchers"] else {
            throw VoucherFieldError(field: "vouchers", reason: "必填，应为数组")
        }
        guard !items.isEmpty else { throw VoucherFieldError(field: "vouchers", reason: "至少包含一张创新券") }
        guard items.count <= maxVouchers else {
            throw VoucherFieldError(field: "vouchers", reason: "一次最多提交 \(maxVouchers) 张创新券")
        }
        var drafts: [VoucherDraft] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "vouchers[\(index)]"
            guard case .object(let fields) = item else { throw VoucherFieldError(field: path, reason: "应为 JSON 对象") }
            var values: [VoucherField: String] = [:]
            for key in fields.keys.sorted() {
                guard let field = VoucherField(rawValue: key) else {
                    throw VoucherFieldError(field: "\(path).\(String(key.prefix(60)))", reason: "不是可识别的字段")
                }
                switch fields[key] {
                case .string(let text)?:
                    guard text.utf8.count <= 400 else {
                        throw VoucherFieldError(field: "\(path).\(key)", reason: "过长")
                    }
                    values[field] = text
                case .number(let number)? where [.claimedAmount, .redeemedAmount, .year].contains(field):
                    // The shortest text that reads back as the number: what the client wrote, e.g. 12500.5.
                    guard number.isFinite, abs(number) < 1e12 else {
                        throw VoucherFieldError(field: "\(path).\(key)", reason: "超出范围")
                    }
                    values[field] = number == number.rounded() ? String(Int64(number)) : "\(number)"
                case .null?, nil:
                    continue
                case let other?:
                    throw VoucherFieldError(field: "\(path).\(key)", reason: "应为字符串，不能是\(other.kindLabel)")
                }
            }
            let (draft, problems) = VoucherRules.validate(VoucherInput(values))
            if let field = VoucherField.allCases.first(where: { problems[$0] != nil }), let reason = problems[field] {
                throw VoucherFieldError(field: "\(path).\(field.rawValue)", reason: reason)
            }
            guard let draft else { throw VoucherFieldError(field: path, reason: "无效") }
            if let first = seen[draft.number] {
                throw VoucherFieldError(field: "\(path).number", reason: "与 vouchers[\(first)] 的创新券编号重复")
            }
            seen[draft.number] = index
            drafts.append(draft)
        }
        return drafts
    }
}

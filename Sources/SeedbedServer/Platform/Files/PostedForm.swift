import Vapor

/// Every field of a posted form, decoded once. Reading a multipart body field by field (`req.content.get(_:at:)`)
/// parses the whole body again for each field: a 20 MB proof under a form of thirty fields was parsed thirty times.
/// Text parts become `texts`; parts that carry a file name become `files`.
struct PostedForm: Decodable, Sendable {
    var texts: [String: String] = [:]
    var files: [String: File] = [:]

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            // A file part decodes as a file only when it names one; every other part is text.
            if let file = try? container.decode(File.self, forKey: key) {
                files[key.stringValue] = file
            } else if let text = try? container.decode(String.self, forKey: key) {
                texts[key.stringValue] = text
            }
        }
    }
}

extension Request {
    /// The posted form, parsed once per request (urlencoded or multipart); an unreadable body reads as empty.
    func postedForm() -> PostedForm {
        if let cached = storage[PostedFormKey.self] { return cached }
        let form = (try? content.decode(PostedForm.self)) ?? PostedForm()
        storage[PostedFormKey.self] = form
        return form
    }

    private struct PostedFormKey: StorageKey { typealias Value = PostedForm }
}

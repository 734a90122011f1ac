import Foundation
import SeedbedDomain
import Vapor

/// What a step of the assessment form posts: `step`, `action` (prev / next / save / submit) and, per question of
/// the step, `q_<question id>` once (radio) or repeated (checkboxes). Read from the raw url-encoded body, since a
/// question's checkboxes repeat one key.
struct AssessmentForm {
    enum Action: String {
        case prev, next, save, submit
    }

    var step: Int?
    var action: Action
    var choices: [String: [String]]

    static let prefix = "q_"

    init(_ req: Request) {
        var pairs: [(String, String)] = []
        if let body = req.body.string {
            for item in body.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.decode(parts.first.map(String.init) ?? "")
                let value = Self.decode(parts.count > 1 ? String(parts[1]) : "")
                pairs.append((key, value))
            }
        }
        var choices: [String: [String]] = [:]
        var step: Int?
        var action = Action.save
        for (key, value) in pairs {
            if key == "step" { step = InputNumber.integer(value, in: 1...100) }
            else if key == "action" { action = Action(rawValue: value) ?? .save }
            else if key.hasPrefix(Self.prefix) {
                let id = String(key.dropFirst(Self.prefix.count)).replacingOccurrences(of: "[]", with: "")
                choices[id, default: []].append(value)
            }
        }
        self.step = step
        self.action = action
        self.choices = choices
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }
}

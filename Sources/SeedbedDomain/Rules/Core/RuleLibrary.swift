/// A library (培育库): a named, versioned set of conditions over enterprises' facts and profiles, and the
/// expression that makes an enterprise a member. Entirely data: a deployment can load a new version from JSON.
public struct RuleLibrary: Sendable, Hashable, Codable {
    public var id: LibraryID
    /// Chinese name, e.g. "高企后备库".
    public var name: String
    /// Menu group: 科企梯次培育库, 科企后备库 or 科企认定库.
    public var group: String
    public var version: RuleVersion
    public var conditions: [RuleCondition]
    public var membership: MembershipExpression
    /// Whether results carry the first year each enterprise qualified (首次符合条件).
    public var tracksFirstQualifyingYear: Bool
    /// How the library reads its data, for the page's "条件说明".
    public var notes: [String]

    public init(id: LibraryID, name: String, group: String, version: RuleVersion, conditions: [RuleCondition],
                membership: MembershipExpression, tracksFirstQualifyingYear: Bool = false, notes: [String] = [])
    {
        self.id = id
        self.name = name
        self.group = group
        self.version = version
        self.conditions = conditions
        self.membership = membership
        self.tracksFirstQualifyingYear = tracksFirstQualifyingYear
        self.notes = notes
    }

    /// Every parameter, in condition order.
    public var parameters: [RuleParameter] { conditions.flatMap(\.parameters) }

    /// The parameters a query may set (设置条件参数).
    public var adjustableParameters: [RuleParameter] { parameters.filter(\.adjustable) }

    /// Checks the definition: unique ids, every referenced parameter and condition present, defaults valid,
    /// membership naming no informational condition.
    public func validate() throws(RuleError) {
        var conditionIDs = Set<String>()
        var parameterIDs = Set<String>()
        for condition in conditions {
            guard conditionIDs.insert(condition.id).inserted else {
                throw .invalidDefinition("\(name)：条件编号“\(condition.id)”重复")
            }
            for parameter in condition.parameters {
                guard parameterIDs.insert(parameter.id).inserted else {
                    throw .invalidDefinition("\(name)：参数编号“\(parameter.id)”重复")
                }
                guard parameter.minimum <= parameter.maximum else {
                    throw .invalidDefinition("\(name)：参数“\(parameter.label)”的下限大于上限")
                }
                do {
                    try parameter.validate(parameter.defaultValue)
                } catch {
                    throw .invalidDefinition("\(name)：参数“\(parameter.label)”的默认值无效")
                }
            }
        }
        for condition in conditions {
            var referenced = condition.threshold.parameterIDs
            switch condition.measure {
            case .sustainedGrowth(_, let parameter), .holdsAnyTitle(_, let parameter): referenced.append(parameter)
            default: break
            }
            if case .bandedBy(_, let limits, let thresholds) = condition.threshold, thresholds.count != limits.count + 1 {
                throw .invalidDefinition("\(name)：条件“\(condition.title)”的分档阈值应比分档界限多一个")
            }
            for id in referenced where !parameterIDs.contains(id) {
                throw .invalidDefinition("\(name)：条件“\(condition.title)”引用了不存在的参数“\(id)”")
            }
        }
        let informational = Set(conditions.filter(\.informational).map(\.id))
        for id in membership.conditionIDs {
            guard conditionIDs.contains(id) else {
                throw .invalidDefinition("\(name)：入库规则引用了不存在的条件“\(id)”")
            }
            guard !informational.contains(id) else {
                throw .invalidDefinition("\(name)：提示性条件“\(id)”不能决定入库")
            }
        }
    }

    /// The values of one query: defaults, with `overrides` (parameter id → value in display units) validated
    /// and applied. The library itself never changes.
    public func resolve(overrides: [String: Double] = [:]) throws(RuleError) -> ParameterValues {
        let byID = Dictionary(parameters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var values = byID.mapValues(\.defaultValue)
        for (id, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let parameter = byID[id] else { throw .unknownParameter(id) }
            guard parameter.adjustable else { throw .parameterNotAdjustable(label: parameter.label) }
            try parameter.validate(value)
            values[id] = value
        }
        return ParameterValues(values: values, overridden: Set(overrides.keys))
    }

    /// The values of one query from what a form sent (parameter id → text); empty texts keep the default.
    public func resolve(form: [String: String]) throws(RuleError) -> ParameterValues {
        let byID = Dictionary(parameters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var overrides: [String: Double] = [:]
        for (id, text) in form.sorted(by: { $0.key < $1.key }) {
            guard let parameter = byID[id] else { throw .unknownParameter(id) }
            if let value = try parameter.parse(text) { overrides[id] = value }
        }
        return try resolve(overrides: overrides)
    }

    /// The condition with this id.
    public func condition(_ id: String) -> RuleCondition? { conditions.first { $0.id == id } }
}

/// The groups of the library menu: 科企梯次培育库 (seed 004 §6), 科企后备库 (§7) and 科企认定库 (§8).
extension RuleLibrary {
    static let cultivationGroup = "科企梯次培育库"
    static let reserveGroup = "科企后备库"
    static let recognitionGroup = "科企认定库"
}

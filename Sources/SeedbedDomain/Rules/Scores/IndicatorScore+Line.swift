extension IndicatorScore {
    /// Decorates a numeric line with its name, group, band label and note.
    init(_ line: LinePoints, id: String, name: String, group: String, maxPoints: Double, band: String?,
         unit: String, scale: Double = 1, note: String? = nil)
    {
        var notes: [String] = []
        if let note { notes.append(note) }
        if line.basis == .upperBound, note == nil { notes.append("区间评分，按上限估算") }
        if line.basis == .unknown { notes.append("数据缺失，最高可得 \(NumberText.plain(line.possible)) 分") }
        self.init(id: id, name: name, group: group, maxPoints: maxPoints, points: line.points,
                  possiblePoints: line.possible, band: line.basis == .unknown ? nil : band, basis: line.basis,
                  value: line.value.isFinite ? line.value * scale : nil, unit: unit,
                  note: notes.isEmpty ? nil : notes.joined(separator: "；"))
    }
}

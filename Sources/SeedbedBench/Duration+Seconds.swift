/// Benchmarks report plain seconds and milliseconds; `Duration` keeps them as seconds plus attoseconds.
extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
    /// The duration in milliseconds, as a `Double`.
    var milliseconds: Double { seconds * 1000 }
}

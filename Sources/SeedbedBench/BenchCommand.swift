import Vapor

/// `seedbed-bench …`: the benchmarks behind the figures in the closing notes. Each prints one JSON line so that
/// the peer named in its issue (run in the same session) can be compared; run them on a release build.
public struct BenchCommand: AsyncCommandGroup {
    public init() {}

    public var help: String {
        "性能基准（请用 release 构建运行：swift build -c release --product seedbed-bench，再运行 .build/release/seedbed-bench …）"
    }

    public var commands: [String: any AnyAsyncCommand] {
        [
            "xlsx": XLSXBenchCommand(),
            "libraries": LibraryBenchCommand(),
            "library-pages": LibraryPagesBenchCommand(),
            "dashboard": DashboardBenchCommand(),
            "scoring": ScoringBenchCommand(),
            "scoring-run": ScoringRunBenchCommand(),
            "http": HTTPBenchCommand(),
            "snapshot": SnapshotBenchCommand(),
            "export": ExportBenchCommand(),
        ]
    }
}

// swift-tools-version:6.2
import PackageDescription

/// Warnings are errors in our own targets: the brief asks for zero warnings, and a warning that can land
/// is a warning that stays.
let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "seedbed",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "seedbed", targets: ["seedbed"]),
        .executable(name: "seedbed-bench", targets: ["seedbed-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        // /metrics: swift-metrics is what Vapor already reports requests through; swift-prometheus renders it.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Locale-free number text and XML/HTML escaping, for every target that writes text. No dependencies.
        .target(
            name: "TextFormatting",
            swiftSettings: strict
        ),
        // Pure domain logic: codes, catalog, workflow, scoring, rules. Foundation only.
        .target(
            name: "SeedbedDomain",
            dependencies: ["TextFormatting"],
            resources: [.copy("Resources/regions.csv")],
            swiftSettings: strict
        ),
        // zlib (libz, Debian's zlib1g-dev), as a system library: raw DEFLATE streams and CRC-32.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's malloc.h (malloc_trim: give the pages a 1 M-row load freed back to the system).
        .systemLibrary(name: "CMalloc"),
        // .xlsx streaming reader and writer: its own ZIP container (sizes, ratios and checksums checked on read)
        // around zlib's streaming raw DEFLATE, so a streamed sheet needs no size up front. No Vapor.
        .target(
            name: "Spreadsheet",
            dependencies: ["CZlib", "TextFormatting"],
            swiftSettings: strict
        ),
        // Server-side SVG charts. No Vapor.
        .target(
            name: "Charts",
            dependencies: ["TextFormatting"],
            swiftSettings: strict
        ),
        // QR code symbols (byte mode, level M) as a module matrix and SVG, for 2FA enrolment. No Vapor.
        .target(
            name: "QRCode",
            dependencies: ["TextFormatting"],
            swiftSettings: strict
        ),
        .target(
            name: "SeedbedServer",
            dependencies: [
                "SeedbedDomain", "Spreadsheet", "Charts", "QRCode", "CZlib", "CMalloc", "TextFormatting",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/Public")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "seedbed",
            dependencies: ["SeedbedServer"],
            swiftSettings: strict
        ),
        // Deterministic synthetic enterprises (scoring columns, library facts and profiles) for the benchmarks and
        // the domain tests. Not part of the platform; SeedbedDomain only, so a domain test still needs no Vapor.
        .target(
            name: "SyntheticData",
            dependencies: ["SeedbedDomain"],
            swiftSettings: strict
        ),
        // The benchmarks behind `seedbed-bench`, with the generators and SQL baselines only they use. Not part of
        // the platform: nothing in SeedbedServer, SeedbedDomain or Spreadsheet depends on it.
        .target(
            name: "SeedbedBench",
            dependencies: [
                "SeedbedServer", "SeedbedDomain", "Spreadsheet", "SyntheticData",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "seedbed-bench",
            dependencies: ["SeedbedBench", .product(name: "Vapor", package: "vapor")],
            swiftSettings: strict
        ),
        .testTarget(name: "SeedbedDomainTests", dependencies: ["SeedbedDomain", "SyntheticData"], swiftSettings: strict),
        .testTarget(name: "TextFormattingTests", dependencies: ["TextFormatting"], swiftSettings: strict),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode"], exclude: ["Fixtures"], swiftSettings: strict),
        // Test support shared by test targets: stored snapshots compared byte for byte (charts' SVG, pages' HTML) and
        // the python3 runner of the openpyxl comparisons. Foundation only; no product ships it.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestSupport"], exclude: ["__Snapshots__"],
                    swiftSettings: strict),
        .testTarget(
            name: "SeedbedServerTests",
            dependencies: [
                "SeedbedServer", "Spreadsheet", "QRCode", "TestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SeedbedBenchTests",
            dependencies: [
                "SeedbedBench", "SeedbedDomain", "SyntheticData", "Spreadsheet", "TestSupport",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ]
)

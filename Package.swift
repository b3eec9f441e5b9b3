// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Fisher",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Fisher", targets: ["Fisher"]),
    .library(name: "FisherBenchmarks", targets: ["FisherBenchmarks"]),
    .library(name: "FisherControl", targets: ["FisherControl"]),
    .library(name: "FisherStudy", targets: ["FisherStudy"]),
    .library(name: "FisherPlot", targets: ["FisherPlot"]),
    .library(name: "FisherDashboard", targets: ["FisherDashboard"]),
    .executable(name: "fisher", targets: ["fisher"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
  ],
  targets: [
    .target(name: "Fisher"),
    .target(name: "FisherPlot", dependencies: ["Fisher"]),
    .target(name: "FisherBenchmarks", dependencies: ["Fisher", "FisherPlot"]),
    .target(name: "FisherControl", dependencies: ["Fisher"]),
    .target(
      name: "FisherStudy",
      dependencies: [
        "Fisher", .product(name: "SQLiteNIO", package: "sqlite-nio"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]),
    .target(
      name: "FisherDashboard",
      dependencies: ["Fisher", "FisherPlot", "FisherStudy", .product(name: "Hummingbird", package: "hummingbird")]),
    .executableTarget(
      name: "fisher",
      dependencies: [
        "Fisher", "FisherBenchmarks", "FisherControl", "FisherPlot", "FisherStudy", "FisherDashboard",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "FisherPerf",
      dependencies: ["Fisher", "FisherBenchmarks", "FisherControl", "FisherStudy"],
      path: "Benchmarks/FisherPerf"),
    .testTarget(name: "FisherTests", dependencies: ["Fisher"], resources: [.copy("Resources")]),
    .testTarget(
      name: "FisherBenchmarksTests", dependencies: ["FisherBenchmarks"],
      resources: [.copy("Resources")]),
    .testTarget(name: "FisherControlTests", dependencies: ["FisherControl"]),
    .testTarget(name: "FisherPlotTests", dependencies: ["FisherPlot"]),
    .testTarget(name: "FisherCLITests", dependencies: ["fisher"]),
    .testTarget(name: "FisherStudyTests", dependencies: ["FisherStudy", "fisher"]),
    .testTarget(
      name: "FisherDashboardTests",
      dependencies: [
        "FisherDashboard", "FisherStudy", "fisher", .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)

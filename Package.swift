// swift-tools-version: 6.1
//
// Dixian (底线): Monte Carlo estimates of relapse into poverty.
//
// The targets follow the data flow, dependencies pointing one way:
//
//   CGSL (C boundary) ← GSL (the only Swift code that imports CGSL)
//   DixianModel (pure values: households, population, scenario settings)
//   DixianScenario (YAML → validated Scenario, with FILE:LINE:COL errors)
//   DixianPopulation (built-in calibrated population, household files)
//   DixianEngine (replications, random streams, accumulated statistics)
//   DixianReports (output files: atomic writes, hashes, CSV/JSON/HTML)
//   DixianCLI (the `dixian` subcommands) ← dixian (main.swift)
//   CMPI (C shim for the few MPI calls; COpenMPI is Open MPI's mpi.h, used only with the trait)
//
// Trait MPI (off by default; `swift build --traits MPI`, needs libopenmpi-dev):
// `mpirun -n N dixian run` splits the replications across the ranks (docs/cluster.md).
// Without it CMPI compiles to single-process stubs and nothing needs mpi.h.
//
// Public API for other Swift code: DixianModel, DixianScenario, DixianPopulation.
import PackageDescription

let package = Package(
    name: "Dixian",
    products: [
        .executable(name: "dixian", targets: ["dixian"])
    ],
    traits: [
        .trait(name: "MPI", description: "Run the replications of `dixian run` across Open MPI ranks (mpirun -n N).")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "GSL", dependencies: ["CGSL"]),
        // Open MPI's headers and library, from `pkg-config ompi-c`: a dependency only under the trait.
        .systemLibrary(
            name: "COpenMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        // Plain C functions around MPI (its handles are macros Swift cannot import). The body is
        // compiled only with DIXIAN_MPI, defined only under the trait; otherwise stubs.
        .target(
            name: "CMPI",
            dependencies: [.target(name: "COpenMPI", condition: .when(traits: ["MPI"]))],
            cSettings: [.define("DIXIAN_MPI", .when(traits: ["MPI"]))]
        ),
        .target(name: "DixianModel"),
        .target(
            name: "DixianScenario",
            dependencies: ["DixianModel", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("Resources/lincang-baseline.yaml")]
        ),
        .target(
            name: "DixianPopulation",
            dependencies: ["DixianModel", "GSL", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("Resources/lincang-2020.yaml")]
        ),
        .target(
            name: "DixianEngine",
            dependencies: ["DixianModel", "GSL"],
            // The engine's state lives in final classes whose arrays the inner loops index;
            // dynamic exclusivity checks on them cost a quarter of the run time in profiles.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(name: "DixianReports", dependencies: ["DixianEngine", "DixianModel"]),
        // `dixian batch`: sweep designs, Sobol sensitivity indices, the SQLite results catalog.
        .target(
            name: "DixianBatch",
            dependencies: [
                "DixianEngine", "DixianModel", "DixianScenario", "DixianReports", "GSL",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "DixianCLI",
            dependencies: [
                "DixianModel", "DixianScenario", "DixianPopulation", "DixianEngine", "DixianReports", "DixianBatch", "GSL",
                "CMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "dixian", dependencies: ["DixianCLI"]),
        // `make bench` and `make bench-scale`: throughput, memory and scaling; not part of the tests.
        .executableTarget(
            name: "dixian-bench",
            dependencies: ["DixianEngine", "DixianModel", "DixianPopulation", "DixianScenario", "DixianReports", "GSL"]
        ),

        // `make soak`: a long run of the `dixian` binary, its memory sampled; not part of the tests.
        .executableTarget(name: "dixian-soak"),

        // `make fuzz`: libFuzzer targets for the three input parsers (docs/reliability.md).
        // Built with `-D FUZZING --sanitize fuzzer`; a plain build makes them replayers of saved inputs.
        .target(name: "DixianFuzzSupport", dependencies: ["DixianModel"]),
        .executableTarget(name: "fuzz-scenario", dependencies: ["DixianScenario", "DixianModel", "DixianFuzzSupport"]),
        .executableTarget(name: "fuzz-households", dependencies: ["DixianPopulation", "DixianModel", "DixianFuzzSupport"]),
        .executableTarget(name: "fuzz-patch", dependencies: ["DixianScenario", "DixianModel", "DixianFuzzSupport"]),

        // Fixtures shared by the test targets.
        .target(name: "DixianTestSupport", dependencies: ["DixianModel"], path: "Tests/DixianTestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(name: "DixianModelTests", dependencies: ["DixianModel"]),
        .testTarget(
            name: "DixianScenarioTests",
            dependencies: ["DixianScenario", "DixianModel"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DixianPopulationTests",
            dependencies: ["DixianPopulation", "DixianModel", "GSL"],
            resources: [.copy("Fixtures")]
        ),
        // DixianReports for the reproducibility tests' byte comparison of written files,
        // DixianScenario for variants decoded from YAML.
        .testTarget(
            name: "DixianEngineTests",
            dependencies: [
                "DixianEngine", "DixianModel", "DixianPopulation", "DixianReports", "DixianScenario", "DixianTestSupport", "GSL",
            ]
        ),
        .testTarget(
            name: "DixianReportsTests", dependencies: ["DixianReports", "DixianEngine", "DixianModel", "DixianTestSupport"]
        ),
        .testTarget(
            name: "DixianBatchTests",
            dependencies: ["DixianBatch", "DixianReports", "DixianScenario", "DixianEngine", "DixianModel", "DixianTestSupport",
                           "GSL", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "DixianCLITests", dependencies: ["DixianCLI", "DixianTestSupport", "dixian"]),
    ],
    swiftLanguageModes: [.v6]
)

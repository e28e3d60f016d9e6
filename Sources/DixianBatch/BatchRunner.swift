import DixianEngine
import DixianModel
import DixianReports
import DixianScenario
import Foundation
import GSL

/// Runs a ``BatchPlan`` into a ``Catalog``: each point not yet in the catalog is run and
/// written in one transaction; then the sensitivity indices of every Sobol sweep are
/// computed from the catalog (so a resumed batch computes them from runs of an earlier
/// start too).
public struct BatchRunner: Sendable {
    /// Where a batch stands, for a progress line.
    public struct Progress: Sendable, Equatable {
        /// Runs finished or skipped.
        public var done: Int
        public var total: Int
        /// Runs skipped because the catalog had them.
        public var skipped: Int
        /// Replications finished of the run in progress, and its total.
        public var replicationsDone: Int
        public var replications: Int
    }

    /// What a batch did.
    public struct Report: Sendable {
        public var batchID: String
        public var total: Int
        public var ran: Int
        public var skipped: Int
        /// Sensitivity indices by scenario file (Sobol sweeps only), in plan order.
        public var sensitivity: [(file: String, rows: [Catalog.Sensitivity])]
    }

    /// The headline figures whose sensitivity indices a Sobol sweep reports: each the mean
    /// over replications, whole horizon (`year = all`), all households, first variant.
    public static let sensitivityMetrics: [Metric] = [.relapseHouseholds, .anyVillageBreach, .spendingTotal]

    public var catalog: Catalog
    public var threads: Int
    /// The population of a scenario (the built-in one at its scale, or its household file).
    public var population: @Sendable (Scenario) throws -> Population
    public var programVersion: String
    public var commandLine: [String]
    /// When set, each run's output files (`summary.csv`, …, `manifest.json`) are also
    /// written under this folder: `<scenario name>/` or `<scenario name>/point-<row>/`.
    public var outputDirectory: String?
    public var progress: (@Sendable (Progress) -> Void)?

    public init(
        catalog: Catalog, threads: Int, population: @escaping @Sendable (Scenario) throws -> Population,
        programVersion: String, commandLine: [String] = CommandLine.arguments, outputDirectory: String? = nil,
        progress: (@Sendable (Progress) -> Void)? = nil
    ) {
        self.catalog = catalog
        self.threads = threads
        self.population = population
        self.programVersion = programVersion
        self.commandLine = commandLine
        self.outputDirectory = outputDirectory
        self.progress = progress
    }

    public func run(_ plan: BatchPlan) throws -> Report {
        let batchID = plan.batchID
        let total = plan.entries.reduce(0) { $0 + $1.points.count }
        try catalog.beginBatch(id: batchID, runs: total, commandLine: commandLine)
        var known = try catalog.runIDs()
        var populations: [PopulationSource: Population] = [:]
        var done = 0
        var ran = 0
        var skipped = 0
        progress?(Progress(done: 0, total: total, skipped: 0, replicationsDone: 0, replications: 0))
        for entry in plan.entries {
            for point in entry.points {
                if known[point.sha256] != nil {
                    skipped += 1
                } else {
                    let source = point.loaded.scenario.population
                    if populations[source] == nil { populations[source] = try population(point.loaded.scenario) }
                    let (d, s) = (done, skipped)
                    let reportProgress = progress
                    let replications = point.loaded.scenario.replications.maximum
                    known[point.sha256] = try runPoint(point, of: entry, batchID: batchID, population: populations[source]!) {
                        reportProgress?(Progress(done: d, total: total, skipped: s, replicationsDone: $0, replications: replications))
                    }
                    ran += 1
                }
                done += 1
                progress?(Progress(done: done, total: total, skipped: skipped, replicationsDone: 0, replications: 0))
            }
        }
        var sensitivity: [(file: String, rows: [Catalog.Sensitivity])] = []
        for entry in plan.entries where entry.design?.saltelliBlocks != nil {
            let rows = try sensitivityIndices(of: entry)
            try catalog.replaceSensitivity(batchID: batchID, scenarioFile: entry.file, rows: rows)
            sensitivity.append((entry.file, rows))
        }
        try catalog.finishBatch(id: batchID)
        return Report(batchID: batchID, total: total, ran: ran, skipped: skipped, sensitivity: sensitivity)
    }

    /// Runs one point and records it; returns its run id.
    private func runPoint(
        _ point: BatchPlan.Point, of entry: BatchPlan.Entry, batchID: String, population: Population,
        progress: @escaping @Sendable (Int) -> Void
    ) throws -> Int64 {
        let start = Date()
        let loaded = point.loaded
        let variants = try loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
        let scenario = variants[0].scenario
        let simulator = try Simulator(variants: variants, population: population)
        let (result, stopping) = try simulator.run(plan: scenario.replications, threads: threads, progress: progress)
        let end = Date()

        if let outputDirectory {
            let folder = URL(fileURLWithPath: outputDirectory).appendingPathComponent(scenario.name)
            let directory = point.index.map { folder.appendingPathComponent(String(format: "point-%04d", $0)) } ?? folder
            let names = variants.map(\.name)
            let baselines = loaded.scenario.variants.isEmpty
                ? [0] : loaded.scenario.variants.map { v in v.baseline.flatMap { names.firstIndex(of: $0) } ?? 0 }
            let metadata = RunMetadata(
                scenarioName: scenario.name, resolvedScenario: loaded.canonicalText, seed: scenario.seed,
                stopping: .init(
                    requested: stopping.requested, stoppedEarly: stopping.stoppedEarly,
                    relativeSETarget: stopping.relativeSETarget, targetMet: stopping.targetMet),
                programVersion: programVersion, gslVersion: GSL.version, generator: scenario.rng, threads: threads,
                startTime: start, endTime: end, commandLine: commandLine)
            try RunWriter.write(
                result, population: population, metadata: metadata, formats: Set(scenario.outputs.formats),
                baselines: baselines, to: directory.path)
        }

        let run = Catalog.Run(
            batchID: batchID, scenarioFile: entry.file, scenarioName: scenario.name, scenarioSHA256: point.sha256,
            point: point.index, seed: scenario.seed, replications: result.replications.count,
            programVersion: programVersion, gslVersion: GSL.version, startedAt: start, finishedAt: end)
        return try catalog.record(run, parameters: point.parameters, summary: SummaryRow.rows(of: result))
    }

    /// The first-order and total-effect indices of a Sobol sweep's headline figures, from
    /// the runs in the catalog; the bootstrap is seeded with the scenario's seed.
    func sensitivityIndices(of entry: BatchPlan.Entry) throws -> [Catalog.Sensitivity] {
        guard let design = entry.design, let blocks = design.saltelliBlocks, let first = entry.points.first else { return [] }
        let variant = try first.loaded.variants()[0].name
        let hashes = entry.points.map(\.sha256)
        var rows: [Catalog.Sensitivity] = []
        for metric in Self.sensitivityMetrics {
            let means = try catalog.headlineMeans(hashes: hashes, variant: variant, metric: metric.rawValue)
            if let missing = means.firstIndex(where: { $0 == nil }) {
                throw BatchError.missingResult(file: entry.file, point: missing, metric: metric.rawValue)
            }
            let y = means.map { $0! }
            let indices = try SensitivityIndices(
                a: Array(y[blocks.a]), b: Array(y[blocks.b]), ab: blocks.ab.map { Array(y[$0]) },
                parameters: design.keyPaths, seed: first.loaded.scenario.seed)
            rows += indices.indices.map { Catalog.Sensitivity(metric: metric.rawValue, index: $0) }
        }
        return rows
    }
}

/// A batch that cannot finish.
public enum BatchError: Error, CustomStringConvertible {
    /// A design point's figure is missing from the catalog (deleted while the batch ran).
    case missingResult(file: String, point: Int, metric: String)

    public var description: String {
        switch self {
        case let .missingResult(file, point, metric):
            "\(file): sweep point \(point) has no `\(metric)` (year all, group all) in the catalog; run the batch again"
        }
    }
}

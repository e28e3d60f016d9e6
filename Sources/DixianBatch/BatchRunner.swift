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
        /// Runs skipped because the catalog had them or the batch ran them already.
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
        /// Runs skipped because the catalog had them: before the batch, or recorded since by
        /// another batch sharing the catalog.
        public var skipped: Int
        /// Runs skipped because the batch ran the same scenario already (points of a
        /// design that coincide, as whole-number parameters make them).
        public var repeated: Int = 0
        /// Sensitivity indices by scenario file (Sobol sweeps only), in plan order.
        public var sensitivity: [(file: String, rows: [Catalog.Sensitivity])]
        /// The sensitivity page written (``BatchRunner/sensitivityReport``), nil when none was.
        public var sensitivityReport: String?
        /// What an earlier start of a scenario left under the output folder that this batch
        /// does not have, removed (`<name>/point-NNNN`, relative to the folder).
        public var removedEarlierOutputs: [String] = []
        /// Runs skipped because the catalog had them whose files the output folder lacked:
        /// run again for them (with ``BatchRunner/outputDirectory``), not recorded again.
        public var rewritten = 0
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
    /// written under this folder: `<scenario name>/` or `<scenario name>/point-<row>/`; a
    /// sweep point that repeats a point run in the batch is a link to that point's folder.
    public var outputDirectory: String?
    /// Language of the reports: each run's `report.html` under ``outputDirectory`` and the
    /// sensitivity page; nil: each scenario's `outputs.language`.
    public var language: Outputs.Language?
    /// When set, a batch with Sobol sweeps writes its sensitivity page
    /// (``SensitivityReport``) to this file, after the indices.
    public var sensitivityReport: String?
    /// Where each run keeps its replications' figures (past the memory budget, spilled to a file).
    public var figureStorage = FigureStorage()
    public var progress: (@Sendable (Progress) -> Void)?
    /// Asked before each run: the reason to stop there (a signal's name), or nil to go on.
    /// A stop leaves the catalog with every run finished and throws ``BatchError/interrupted(_:)``;
    /// the same batch started again skips those runs.
    public var stopRequested: (@Sendable () -> String?)?

    public init(
        catalog: Catalog, threads: Int, population: @escaping @Sendable (Scenario) throws -> Population,
        programVersion: String, commandLine: [String] = CommandLine.arguments, outputDirectory: String? = nil,
        language: Outputs.Language? = nil, sensitivityReport: String? = nil, progress: (@Sendable (Progress) -> Void)? = nil
    ) {
        self.catalog = catalog
        self.threads = threads
        self.population = population
        self.programVersion = programVersion
        self.commandLine = commandLine
        self.outputDirectory = outputDirectory
        self.language = language
        self.sensitivityReport = sensitivityReport
        self.progress = progress
    }

    /// Where `dixian batch` writes the sensitivity page: next to the catalog, named after
    /// it (`results.sqlite` → `results.html`; a catalog without extension gets `.html`).
    public static func sensitivityReportPath(catalog: String) -> String {
        let name = catalog.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex, name[name.index(after: dot)...] != "html" {
            return String(catalog.dropLast(name.distance(from: dot, to: name.endIndex))) + ".html"
        }
        return catalog + ".html"
    }

    public func run(_ plan: BatchPlan) throws -> Report {
        let batchID = plan.batchID
        let total = plan.entries.reduce(0) { $0 + $1.points.count }
        // A run of the same scenario by another version of the program is not this run (its
        // numbers may differ): it is neither skipped nor mixed into the sensitivity indices.
        let stored = try catalog.knownRuns()
        func checkVersion(_ version: String?, of point: BatchPlan.Point, in entry: BatchPlan.Entry) throws {
            if let version, version != programVersion {
                throw BatchError.otherVersion(file: entry.file, point: point.index, version: version, current: programVersion)
            }
        }
        for entry in plan.entries {
            for point in entry.points { try checkVersion(stored[point.sha256]?.programVersion, of: point, in: entry) }
        }
        try catalog.beginBatch(id: batchID, runs: total, commandLine: commandLine)
        var known = stored.mapValues(\.id)
        var populations: [PopulationSource: Population] = [:]
        var done = 0
        var ran = 0
        var skipped = 0
        var repeated = 0
        var rewritten = 0
        // The folder where this batch wrote a sweep point's files (with --out), by scenario
        // SHA-256: a point that repeats it gets a link to that folder.
        var written: [String: URL] = [:]
        var pointsSeen = Set<String>()
        var removed: [String] = []
        progress?(Progress(done: 0, total: total, skipped: 0, replicationsDone: 0, replications: 0))
        for entry in plan.entries {
            // What an earlier start left in the entry's folder that this one does not have
            // goes first, so that no point is written through a stale link or judged by a
            // stale folder; reported when it is not written again.
            let cleaned = removeEarlierOutputs(of: entry)
            for point in entry.points {
                // Runs the point, recording it unless the catalog has it.
                func execute(record: Bool) throws {
                    if let reason = stopRequested?() {
                        throw BatchError.interrupted(
                            Interruption(reason: reason, done: done, total: total, ran: ran, skipped: skipped + repeated))
                    }
                    let source = point.loaded.scenario.population
                    if populations[source] == nil { populations[source] = try population(point.loaded.scenario) }
                    let (d, s) = (done, skipped + repeated)
                    let reportProgress = progress
                    let replications = point.loaded.scenario.replications.maximum
                    let (id, folder) = try runPoint(
                        point, of: entry, batchID: batchID, population: populations[source]!, record: record
                    ) {
                        reportProgress?(Progress(done: d, total: total, skipped: s, replicationsDone: $0, replications: replications))
                    }
                    if let id { known[point.sha256] = id }
                    if point.index != nil { written[point.sha256] = folder }
                }
                // Repeated: an earlier point of the batch is the same run (whether it ran now or
                // was there before, so that every start counts the same repeats); skipped: the
                // catalog has the point (from before this batch, or recorded since by another
                // batch sharing it).
                let isRepeat = !pointsSeen.insert(point.sha256).inserted
                if !isRepeat, known[point.sha256] == nil {
                    if let other = try catalog.knownRun(sha256: point.sha256) {
                        try checkVersion(other.programVersion, of: point, in: entry)
                        known[point.sha256] = other.id
                    } else {
                        try execute(record: true)
                        ran += 1
                        done += 1
                        progress?(Progress(done: done, total: total, skipped: skipped + repeated, replicationsDone: 0, replications: 0))
                        continue
                    }
                }
                if let first = written[point.sha256], let row = point.index {
                    try linkPoint(row, to: first)
                } else if let folder = outputFolder(of: point) {
                    if !holdsRun(of: point, in: folder.path) {
                        // The catalog has the run, the output folder not its files: the point
                        // runs again for them (the same scenario, seed and version: the same numbers).
                        try execute(record: false)
                        rewritten += 1
                    } else if point.index != nil {
                        written[point.sha256] = folder
                    }
                }
                if isRepeat { repeated += 1 } else { skipped += 1 }
                done += 1
                progress?(Progress(done: done, total: total, skipped: skipped + repeated, replicationsDone: 0, replications: 0))
            }
            try recordDesignPoints(of: entry, batchID: batchID, runIDs: known)
            if let outputDirectory {
                // Not reported: what this start wrote again (a point folder holding a run now).
                removed += cleaned.filter { path in
                    let full = outputDirectory + "/" + path
                    return path.split(separator: "/").last?.hasPrefix("point-") == true
                        ? !RunWriter.holdsEarlierRun(full) : !FileManager.default.fileExists(atPath: full)
                }
            }
        }
        var sensitivity: [(file: String, rows: [Catalog.Sensitivity])] = []
        var sweeps: [SensitivityReport.Sweep] = []
        for entry in plan.entries where entry.design?.saltelliBlocks != nil {
            let rows = try sensitivityIndices(of: entry)
            try catalog.replaceSensitivity(batchID: batchID, scenarioFile: entry.file, rows: rows)
            sensitivity.append((entry.file, rows))
            sweeps.append(try sweepFigures(entry, rows: rows))
        }
        try catalog.finishBatch(id: batchID)
        // The page last: the catalog is complete even when the page cannot be written.
        var page: String?
        if let path = sensitivityReport, !sweeps.isEmpty {
            let batch = SensitivityReport.Batch(
                batchID: batchID, catalog: catalog.path, runs: total, programVersion: programVersion,
                gslVersion: GSL.version, resamples: SensitivityIndices.defaultResamples)
            let firstSweep = plan.entries.first { $0.design?.saltelliBlocks != nil }!
            let html = SensitivityReport.html(
                batch: batch, sweeps: sweeps, language: language ?? firstSweep.loaded.scenario.outputs.language)
            try AtomicFile.write(html, to: path)
            page = path
        }
        return Report(
            batchID: batchID, total: total, ran: ran, skipped: skipped, repeated: repeated, sensitivity: sensitivity,
            sensitivityReport: page, removedEarlierOutputs: removed,
            rewritten: rewritten)
    }

    /// A Sobol sweep and its indices as the sensitivity page shows them.
    func sweepFigures(_ entry: BatchPlan.Entry, rows: [Catalog.Sensitivity]) throws -> SensitivityReport.Sweep {
        let scenario = entry.points.first?.loaded.scenario ?? entry.loaded.scenario
        var samples = 0
        var ranges: [Sweep.RangeParameter] = []
        if case .sobol(let n, let parameters)? = scenario.sweep?.design {
            samples = n
            ranges = entry.design!.keyPaths.compactMap { key in parameters.first { $0.keyPath == key } }
        }
        return SensitivityReport.Sweep(
            file: entry.file, scenarioName: scenario.name, description: scenario.description, samples: samples,
            runs: entry.points.count, replications: scenario.replications.maximum, seed: scenario.seed,
            variant: try entry.loaded.variants()[0].name, parameters: ranges,
            indices: rows.map { r in
                SensitivityReport.Index(
                    metric: r.metric, parameter: r.index.parameter, firstOrder: r.index.firstOrder,
                    firstOrderLow: r.index.firstOrderLow, firstOrderHigh: r.index.firstOrderHigh,
                    totalEffect: r.index.totalEffect, totalEffectLow: r.index.totalEffectLow,
                    totalEffectHigh: r.index.totalEffectHigh)
            })
    }

    /// Records which run each point of `entry`'s design is, repeated points included
    /// (`design_points`), once every point of the entry has its run.
    func recordDesignPoints(of entry: BatchPlan.Entry, batchID: String, runIDs: [String: Int64]) throws {
        guard let design = entry.design else { return }
        let points = entry.points.compactMap { point -> Catalog.DesignPoint? in
            guard let row = point.index, let runID = runIDs[point.sha256] else { return nil }
            let position = design.saltelliPosition(ofRow: row)
            return Catalog.DesignPoint(
                batchID: batchID, scenarioFile: entry.file, point: row, block: position?.block,
                parameter: position?.parameter, sample: position?.sample, runID: runID)
        }
        try catalog.replaceDesignPoints(batchID: batchID, scenarioFile: entry.file, points: points)
    }

    /// The name of a sweep point's folder under ``outputDirectory``.
    static func pointFolderName(_ row: Int) -> String { String(format: "point-%04d", row) }

    /// Removes from `DIR/<name>/` (with ``outputDirectory``) what an earlier start of this
    /// scenario left there and this one does not have, so that every point folder is its
    /// point's: a `point-NNNN` folder that does not hold row NNNN's run by this version
    /// (every one past the design's last row, or for a scenario without a sweep), a link
    /// that does not lead to such a run, and, for a sweep, the files of an earlier run of it
    /// without one. Done before the entry's points run, which then fill their folders.
    /// Only what Dixian writes goes (a run's files: ``RunWriter/outputNames``, the manifest,
    /// a checkpoint); a folder that holds anything else keeps it. Returns the paths
    /// removed, relative to the output folder.
    private func removeEarlierOutputs(of entry: BatchPlan.Entry) -> [String] {
        guard let outputDirectory, let name = entry.points.first?.loaded.scenario.name else { return [] }
        let folder = URL(fileURLWithPath: outputDirectory).appendingPathComponent(name)
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return [] }
        let sweep = entry.points.first?.index != nil
        let runFiles = Set(RunWriter.outputNames + [RunWriter.manifestName] + RunWriter.runMarks)
        func removeRun(in path: String) {
            AtomicFile.removeStalePartials(of: Array(runFiles), in: path)
            // The manifest last, as a run's writer removes it first.
            RunWriter.removeLeftovers(runFiles.subtracting([RunWriter.manifestName]), in: path)
            RunWriter.removeLeftovers([RunWriter.manifestName], in: path)
        }
        var removed: [String] = []
        if sweep && RunWriter.holdsEarlierRun(folder.path) {
            removed += runFiles.filter { names.contains($0) }.sorted().map { name + "/" + $0 }
            removeRun(in: folder.path)
        }
        // Each `point-NNNN` (NNNN decimal digits) is judged by whether it holds its row's
        // run; folders are judged before the links to them.
        let pointNames = names.filter {
            $0.hasPrefix("point-") && $0.count >= 10 && $0.dropFirst(6).allSatisfy { ("0"..."9").contains($0) }
        }
        var stale = Set<String>()
        func holdsItsRow(_ pointName: String, in path: String) -> Bool {
            guard sweep, let row = Int(pointName.dropFirst(6)), row < entry.points.count else { return false }
            return holdsRun(of: entry.points[row], in: path)
        }
        let links = Dictionary(uniqueKeysWithValues: pointNames.compactMap { pointName in
            (try? manager.destinationOfSymbolicLink(atPath: folder.appendingPathComponent(pointName).path)).map { (pointName, $0) }
        })
        for pointName in pointNames.sorted() where links[pointName] == nil {
            let path = folder.appendingPathComponent(pointName).path
            guard RunWriter.holdsEarlierRun(path), !holdsItsRow(pointName, in: path) else { continue }
            removeRun(in: path)
            // Empty now unless the user kept something of their own there.
            if (try? manager.contentsOfDirectory(atPath: path))?.isEmpty == true { try? manager.removeItem(atPath: path) }
            stale.insert(pointName)
            removed.append(name + "/" + pointName)
        }
        for (pointName, target) in links.sorted(by: { $0.key < $1.key }) {
            // Only the links a batch makes: to a point folder beside them.
            guard target.hasPrefix("point-"), !target.contains("/") else { continue }
            let kept = !stale.contains(target) && holdsItsRow(pointName, in: folder.appendingPathComponent(target).path)
            guard !kept else { continue }
            try? manager.removeItem(atPath: folder.appendingPathComponent(pointName).path)
            removed.append(name + "/" + pointName)
        }
        return removed.sorted()
    }

    /// A sweep point (design row `row`) that repeats a point run in this batch, whose files
    /// are in `first`, gets its own `point-<row>` beside it as a relative symbolic link to
    /// it (the same scenario, so the same `<scenario name>/` folder): every point of the
    /// design has its folder, and the run's files are written once.
    private func linkPoint(_ row: Int, to first: URL) throws {
        let link = first.deletingLastPathComponent().appendingPathComponent(Self.pointFolderName(row))
        guard link != first else { return }
        let manager = FileManager.default
        // A link left by an earlier start is replaced; a real folder is never removed.
        if (try? manager.destinationOfSymbolicLink(atPath: link.path)) != nil {
            try manager.removeItem(atPath: link.path)
        } else if manager.fileExists(atPath: link.path) {
            return
        }
        try manager.createSymbolicLink(atPath: link.path, withDestinationPath: first.lastPathComponent)
    }

    /// The folder of a point's files under ``outputDirectory`` (nil without one).
    private func outputFolder(of point: BatchPlan.Point) -> URL? {
        outputDirectory.map { output in
            let folder = URL(fileURLWithPath: output).appendingPathComponent(point.loaded.scenario.name)
            return point.index.map { folder.appendingPathComponent(Self.pointFolderName($0)) } ?? folder
        }
    }

    /// Whether `folder` holds a finished run of `point` by this version: its manifest names
    /// the point's scenario, household file and this program version.
    private func holdsRun(of point: BatchPlan.Point, in folder: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: folder + "/" + RunWriter.manifestName),
            let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return manifest["scenario_sha256"] as? String == SHA256.hex(of: point.loaded.canonicalText)
            && manifest["household_file_sha256"] as? String == point.householdFileSHA256
            && manifest["program_version"] as? String == programVersion
    }

    /// Runs one point and, when `record`, records it; returns its run id (nil when not
    /// recorded) and the folder of its files under ``outputDirectory`` (nil without one).
    private func runPoint(
        _ point: BatchPlan.Point, of entry: BatchPlan.Entry, batchID: String, population: Population, record: Bool,
        progress: @escaping @Sendable (Int) -> Void
    ) throws -> (id: Int64?, folder: URL?) {
        let start = Date()
        let loaded = point.loaded
        let variants = try loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
        let scenario = variants[0].scenario
        let simulator = try Simulator(variants: variants, population: population)
        let (result, stopping) = try simulator.run(
            plan: scenario.replications, threads: threads, storage: figureStorage, progress: progress)
        let end = Date()
        let fileHash = point.householdFileSHA256

        let directory = outputFolder(of: point)
        if let directory {
            let names = variants.map(\.name)
            let baselines = loaded.scenario.variantBaselines(names: names)
            let metadata = RunMetadata(
                scenarioName: scenario.name, resolvedScenario: loaded.canonicalText, seed: scenario.seed,
                stopping: .init(stopping),
                programVersion: programVersion, gslVersion: GSL.version, generator: scenario.rng, threads: threads,
                startTime: start, endTime: end, commandLine: commandLine,
                householdFileSHA256: fileHash)
            let report = ReportSettings(language: language ?? scenario.outputs.language, scenarios: variants.map(\.scenario))
            try RunWriter.write(
                result, population: population, metadata: metadata, formats: Set(scenario.outputs.formats),
                report: report, baselines: baselines, drillStart: scenario.drillStartMonth ?? 0, to: directory.path)
        }

        guard record else { return (nil, directory) }
        let run = Catalog.Run(
            batchID: batchID, scenarioFile: entry.file, scenarioName: scenario.name, scenarioSHA256: point.sha256,
            point: point.index, seed: scenario.seed, replications: result.replications.count,
            programVersion: programVersion, gslVersion: GSL.version, startedAt: start, finishedAt: end,
            generator: scenario.rng, resolvedScenario: loaded.canonicalText, householdFileSHA256: fileHash)
        return (try catalog.record(run, parameters: point.parameters, summary: SummaryRow.rows(of: result)), directory)
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

/// Where a batch stood when it was asked to stop (``BatchRunner/stopRequested``).
public struct Interruption: Sendable, Equatable {
    /// Why it stopped (a signal's name).
    public var reason: String
    /// Runs finished or skipped of `total`: each is in the catalog.
    public var done: Int
    public var total: Int
    /// Runs made by this start of the batch, and runs skipped (in the catalog before it, or
    /// repeated in it).
    public var ran: Int
    public var skipped: Int
}

/// A batch that cannot finish.
public enum BatchError: Error, CustomStringConvertible {
    /// Asked to stop between two runs (SIGINT, SIGTERM): the runs finished are in the catalog.
    case interrupted(Interruption)
    /// A design point's figure is missing from the catalog (deleted while the batch ran).
    case missingResult(file: String, point: Int, metric: String)
    /// The catalog holds a point's run made by another version of the program.
    case otherVersion(file: String, point: Int?, version: String, current: String)

    public var description: String {
        switch self {
        case let .interrupted(i):
            "\(i.reason): stopped after \(i.done) of \(i.total) runs (\(i.ran) run now, \(i.skipped) skipped)"
        case let .missingResult(file, point, metric):
            "\(file): sweep point \(point) has no `\(metric)` (year all, group all) in the catalog; run the batch again"
        case let .otherVersion(file, point, version, current):
            "\(file)\(point.map { " (sweep point \($0))" } ?? ""): the catalog holds this run made by Dixian \(version), "
                + "whose numbers may differ from this version's (\(current)); use another catalog, or delete the runs of \(version)"
        }
    }
}

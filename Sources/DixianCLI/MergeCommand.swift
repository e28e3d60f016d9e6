import ArgumentParser
import DixianEngine
import DixianModel
import DixianReports
import DixianScenario
import Foundation
import GSL

/// `dixian merge DIR…`: combines the shards of a run into the run itself.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shards of a run (`run --shard K/N`) into one run.",
        discussion: """
            Each shard folder holds the shard's results and its figures in shard.bin. The merged \
            run's files are the same bytes as those of a run made in one go. Shards of another \
            scenario, seed, household file or program version, missing or repeated shards, and \
            shards whose household file has changed since they ran are refused. A shard with no \
            replications (more shards than replications) is an empty part, merged with the rest.

            Example (a job array of 4):
              dixian run s.yaml --shard 1/4 --out part-1     … --shard 4/4 --out part-4
              dixian merge part-* --out total
            """)

    /// The file in a shard folder holding its figures.
    static let archiveName = "shard.bin"

    @Argument(help: "Shard folders, in any order.")
    var shards: [String]

    @Option(help: ArgumentHelp("Folder for the merged run.", valueName: "dir"))
    var out: String

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the merged run's machine-readable result on stdout, as `run --json` does.")
    var json = false

    func run() throws {
        var problems: [Diagnostic] = []
        func problem(_ place: String, _ message: String) {
            problems.append(Diagnostic(location: SourceLocation(file: place, line: 0, column: 0), message: message))
        }
        // Each shard's figures are read piece by piece into a store that spills to the merged
        // run's folder when large, as a run's own would.
        let storage = try FigureStorage.forRun(in: out)
        var archives: [(folder: String, archive: RunArchive, manifest: [String: Any])] = []
        // The merged run would replace a shard it reads: stopped part-way, that shard would be
        // lost (its shard.bin removed, no manifest yet), and the merge could not be made again.
        func place(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if let input = shards.first(where: { place($0) == place(out) }) {
            problem(input, "is a shard being merged; choose another --out, so that the shard is kept")
        }
        var seen: [String: String] = [:]
        for folder in shards {
            if let earlier = seen[place(folder)] {
                problem(folder, "is given twice (as \(earlier) too): a shard is repeated")
                continue
            }
            seen[place(folder)] = folder
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
                problem(folder, "no such folder")
                continue
            }
            guard isDirectory.boolValue else {
                problem(folder, "is a file, not a shard folder (the --out of `dixian run --shard K/N`)")
                continue
            }
            let manifestPath = folder + "/" + RunWriter.manifestName
            guard let data = FileManager.default.contents(atPath: manifestPath),
                let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                manifest["complete"] as? Bool == true
            else {
                problem(folder, "not a complete shard: no complete \(RunWriter.manifestName) (did its run finish?)")
                continue
            }
            guard FileManager.default.fileExists(atPath: folder + "/" + Self.archiveName) else {
                problem(folder, "no \(Self.archiveName): was it run with --shard K/N?")
                continue
            }
            let archive: RunArchive
            do {
                archive = try RunArchive(contentsOf: folder + "/" + Self.archiveName, storage: storage)
            } catch {
                problem(folder + "/" + Self.archiveName, error.description)
                continue
            }
            // A run into the folder after the shard's, stopped before its end, leaves its
            // checkpoint next to the earlier shard's files: merging those would take results
            // the user has since replaced (a job killed at its time limit, say).
            let checkpoint = folder + "/" + Checkpoint.fileName
            if FileManager.default.fileExists(atPath: checkpoint) {
                let header = try? RunArchive.header(contentsOf: checkpoint)
                // The shard's own run removes its checkpoint once its manifest is written: one
                // written after the manifest, or of another scenario or replications, is a later run's.
                func modified(_ path: String) -> Date? {
                    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
                }
                let newer = (modified(checkpoint) ?? .distantFuture) > (modified(manifestPath) ?? .distantPast)
                if newer || header?.scenarioSHA256 != archive.scenarioSHA256
                    || header?.replications.lowerBound != archive.result.replications.lowerBound
                    || (header?.replications.upperBound ?? .max) > archive.result.replications.upperBound
                {
                    problem(
                        checkpoint,
                        "a later run into \(folder) did not finish (this is its checkpoint); its files are still the "
                            + "earlier shard's: finish the later run (`dixian run … --resume`), or remove "
                            + "\(Checkpoint.fileName) to merge the earlier shard")
                    continue
                }
            }
            archives.append((folder, archive, manifest))
        }
        if let first = archives.first {
            for (folder, archive, _) in archives.dropFirst() where archive.scenarioSHA256 != first.archive.scenarioSHA256 {
                // What differs, when the scenarios do (else it is the household file).
                let settings = ScenarioDifference(saved: archive.scenarioText, current: first.archive.scenarioText)?
                    .settings ?? []
                let which = settings.prefix(3).map {
                    "\($0.keyPath) \(ScenarioDifference.text($0.saved)) here, \(ScenarioDifference.text($0.current)) there"
                }
                let why = which.isEmpty
                    ? "scenario SHA-256 differs: the same scenario over another household file"
                    : which.joined(separator: "; ") + (settings.count > 3 ? " (and \(settings.count - 3) more settings)" : "")
                problem(folder, "a shard of another scenario, seed or household file than \(first.folder) (\(why))")
            }
        }
        for (folder, archive, _) in archives where archive.programVersion != DixianVersion.current {
            problem(folder, "made by Dixian \(archive.programVersion); this is \(DixianVersion.current): rerun the shard")
        }
        if shards.isEmpty { problem("merge", "no shards given") }
        // Every problem in one pass: the shards' and the household file's together. The
        // scenario is the first shard's of this version (another version's may not load).
        guard let first = archives.first(where: { $0.archive.programVersion == DixianVersion.current }) else {
            throw InputErrors(problems)
        }

        // A household file gone since the shards ran is reported below, with the shards' problems.
        let loading = Result {
            try ScenarioLoader.load(
                text: first.archive.scenarioText, file: first.folder + "/" + Self.archiveName, checkingFiles: false)
        }
        guard case .success(let loaded) = loading else {
            if case .failure(let errors as InputErrors) = loading { problems += errors.diagnostics }
            throw InputErrors(problems)
        }
        let scenario = loaded.scenario
        let total = scenario.replications.maximum
        // Empty shards (more shards than replications) hold nothing to merge.
        let ordered = archives.filter { !$0.archive.result.replications.isEmpty }
            .sorted { $0.archive.result.replications.lowerBound < $1.archive.result.replications.lowerBound }
        if ordered.isEmpty {
            problem(first.folder, "every shard given is empty: no replications to merge")
        } else {
            // Which replications two shards hold, and which no shard holds (not when a shard
            // could not be read: its own problem says why its replications are missing).
            let complete = archives.count == seen.count  // every distinct folder read
            var expected = 0
            for (i, shard) in ordered.enumerated() {
                let range = shard.archive.result.replications
                if range.lowerBound > expected {
                    if complete {
                        problem(
                            shard.folder,
                            "holds replications \(range.lowerBound)..<\(range.upperBound), but \(expected)..<\(range.lowerBound) "
                                + "before them are in no shard given: a shard is missing")
                    }
                } else if range.lowerBound < expected {
                    problem(shard.folder, "replications \(range.lowerBound)..<\(min(expected, range.upperBound)) are also in \(ordered[i - 1].folder): a shard is repeated")
                }
                expected = max(expected, range.upperBound)
            }
            if complete, expected < total, let last = ordered.last {
                let range = last.archive.result.replications
                problem(
                    last.folder,
                    "holds replications \(range.lowerBound)..<\(range.upperBound), but \(expected)..<\(total) after them "
                        + "are in no shard given: a shard is missing")
            }
        }
        // The household file the shards read must be the one the merged files describe.
        var loadedPopulation: (population: Population, sha256: String?)? = nil
        if case .file(let path) = scenario.population.origin, !FileManager.default.fileExists(atPath: path) {
            problem(
                path,
                "the household file the shards read is gone (merge checks that it is the same file): "
                    + "restore it, or run the shards again")
        } else {
            do {
                let (population, sha256, _) = try ScenarioInputs.populationAndHash(of: scenario)
                loadedPopulation = (population, sha256)
            } catch let errors as InputErrors {
                problems += errors.diagnostics
            }
        }
        if let loadedPopulation,
            SHA256.runIdentity(resolvedScenario: first.archive.scenarioText, householdFileSHA256: loadedPopulation.sha256)
                != first.archive.scenarioSHA256, case .file(let path) = scenario.population.origin
        {
            problem(path, "the household file has changed since the shards ran (its SHA-256 differs): run them again")
        }
        guard problems.isEmpty, let (population, householdFileSHA256) = loadedPopulation else { throw InputErrors(problems) }

        let shape = ordered[0].archive.result
        var result = try RunResult(
            variantNames: shape.variantNames, layout: shape.layout, start: 0, monthly: shape.hasMonthly,
            villages: shape.places.first?.villageRelapsed.count ?? 0,
            townships: shape.places.first?.townshipRelapsed.count ?? 0, expected: total, storage: storage)
        for shard in ordered { try result.append(shard.archive.result) }
        let names = result.variantNames
        let baselines = scenario.variantBaselines(names: names)
        let times = ordered.map(\.manifest).compactMap { manifest -> (Date, Date)? in
            let format = ISO8601DateFormatter()
            format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let a = (manifest["start_time"] as? String).flatMap(format.date(from:)),
                let b = (manifest["end_time"] as? String).flatMap(format.date(from:))
            else { return nil }
            return (a, b)
        }
        // The merged files must fit where they go (the output-size guard of `run`), with the
        // merged figures' spill file when they spill.
        var files = RunWriter.estimatedSizes(
            variants: names, years: result.layout.years, replications: total, lastReplication: max(total - 1, 0),
            population: population, formats: Set(scenario.outputs.formats), drill: result.hasMonthly,
            resolvedScenario: first.archive.scenarioText)
        if result.isSpilled {
            files.append((OutputGuard.spillName, OutputGuard.spillBytes(
                replications: total, figures: result.stores[0].figures, variants: names.count)))
        }
        try OutputGuard.check(OutputGuard.Estimate(files: files), directory: out, limit: nil)
        try OutputLock.shared.hold(out)
        // A signal while the files are written waits for them, as in `run`: stopped half-way,
        // the folder would hold the merged run's files without its manifest.
        let stop = StopSignal.install(
            pending: "the merged files are written", kept: "the merged files are not complete (no manifest.json)")
        defer { stop.uninstall() }
        let metadata = RunMetadata(
            scenarioName: scenario.name, resolvedScenario: first.archive.scenarioText, seed: scenario.seed,
            stopping: .init(requested: total, stoppedEarly: false, relativeSE: Simulator.relativeSE(result)),
            programVersion: DixianVersion.current, gslVersion: GSL.version, generator: scenario.rng,
            // Every shard merged is a process of the job, an empty one too (more shards than replications).
            threads: ordered.compactMap { $0.manifest["threads"] as? Int }.max() ?? 1, processes: archives.count,
            startTime: times.map(\.0).min() ?? Date(), endTime: times.map(\.1).max() ?? Date(),
            commandLine: CommandLine.arguments, householdFileSHA256: householdFileSHA256)
        let written: [String]
        do {
            let report = ReportSettings(
                language: scenario.outputs.language, scenarios: try loaded.variants().map(\.scenario))
            written = try RunWriter.write(
                result, population: population, metadata: metadata, formats: Set(scenario.outputs.formats),
                report: report, baselines: baselines, drillStart: scenario.drillStartMonth ?? 0,
                otherOutputs: [Self.archiveName], to: out)
        } catch {
            let why = error is CocoaError ? OutputGuard.reason(error) : "\(error)"
            Terminal.error("error: could not write the merged run to \(out): \(why)")
            throw ExitCode(ExitStatus.runFailed)
        }
        // A checkpoint an earlier, unfinished run left here is of no use beside a complete run
        // (`run` replaces one likewise): removed, and said.
        let checkpoint = out + "/" + Checkpoint.fileName
        if FileManager.default.fileExists(atPath: checkpoint) {
            try? FileManager.default.removeItem(atPath: checkpoint)
            if !quiet { Terminal.error("note: \(checkpoint) of an earlier run that did not finish is removed") }
        }
        if let signal = stop.received {
            Terminal.error("\(signal): the merged files were written complete to \(out)/ first")
            throw ExitCode(ExitStatus.runFailed)
        }
        if json {
            let stopping = StoppingReport(
                requested: total, run: total, relativeSETarget: nil, relativeSE: metadata.stopping.relativeSE)
            print(HeadlineTable.json(result, stopping: stopping, directory: out, files: written))
        } else if !quiet {
            // No --lang here: the terminal follows the locale.
            let t = TerminalText(TerminalLanguage.resolve(explicit: nil))
            print(t.merged(shards: archives.count, replications: total, into: out))
        }
    }
}

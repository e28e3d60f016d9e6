import ArgumentParser
import DixianBatch
import DixianEngine
import DixianModel
import DixianReports
import DixianScenario
import Foundation
import GSL

/// `dixian run [SCENARIO]`: runs a scenario, with its variants if it has any.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario (with its variants) and write the results.",
        discussion: """
            With no scenario, the embedded Lincang baseline. Results go to --out, or the scenario's \
            outputs.dir (outputs/<name>): manifest.json (written last), summary.csv/json, replications.csv, \
            exceedance.csv, villages.csv, townships.csv, causes.csv, spending.csv, and report.html (in Chinese, \
            or English with --lang en). docs/outputs.md and docs/report.md describe them.

            Examples:
              dixian run                                # the baseline
              dixian run my.yaml --replications 200     # your scenario, fewer replications
              dixian run --lang en --out outputs/en     # report and tables in English
              dixian run s.yaml --shard 2/4 --out p-2   # one shard of four (then merge)
              dixian run s.yaml --out o --resume        # continue an interrupted run
            """)

    @Argument(help: "Scenario file (default: the embedded Lincang baseline).")
    var scenario: String?

    @OptionGroup var options: RunOptions

    func run() throws {
        let run = try ScenarioRun.perform(scenario: scenario, options: options)
        if options.json {
            print(HeadlineTable.json(run.result, stopping: run.stopping, directory: run.directory, files: run.files))
        } else if !options.quiet {
            let language = TerminalLanguage.resolve(explicit: options.lang)
            if let shard = options.shard {
                print(TerminalText(language).shardLine(shard, of: run.base.replications.maximum))
            }
            print(HeadlineTable.text(
                run.result, stopping: run.stopping, scenario: run.base, directory: run.directory, language: language,
                adding: run.firstWritten(RunWriter.drillName)))
            if run.result.variantNames.count > 1 {
                print("")
                print(ComparisonTableText.text(run.result, baselines: run.baselines, language: language))
            }
        }
    }
}

/// A run of a scenario's replications, its results written: what `run`, `compare` and
/// (later) `drill` share.
struct ScenarioRun {
    var result: RunResult
    var stopping: StoppingReport
    var base: Scenario
    /// The scenario each variant ran, in the result's variant order (the first is ``base``).
    var scenarios: [Scenario]
    /// For each variant, the index of the variant it is compared with.
    var baselines: [Int]
    var directory: String
    /// The files written into ``directory``, in writing order, the manifest aside.
    var files: [String]
    /// `county/township/village` of each village, in the population's order.
    var villageNames: [String]
    /// Exited households of each village, in the population's order.
    var villageExited: [Int]
    /// The villages in `villages.csv` order (county, township, village).
    var villageOrder: [Int]

    /// The first of `names` that the run wrote: what the closing line names as the file
    /// holding the command's result (nil: none was written).
    func firstWritten(_ names: String...) -> String? {
        names.first { files.contains($0) }
    }

    static func perform(
        scenario: String?, options: RunOptions, requireVariants: Bool = false, requireDrill: Bool = false
    ) throws -> ScenarioRun {
        let start = Date()
        // Under `mpirun -n N` (MPI trait): every rank prepares the same run; if any cannot, all stop.
        let parallel = MPIJob.isParallel
        let prepared: Prepared
        do {
            prepared = try prepare(scenario: scenario, options: options, requireVariants: requireVariants,
                                   requireDrill: requireDrill, parallel: parallel)
        } catch {
            if parallel { try settle(error) }
            throw error
        }
        if parallel { try settle(nil) }
        return try execute(prepared, options: options, start: start, parallel: parallel)
    }

    /// A run ready to start: inputs loaded and checked, the simulator built.
    private struct Prepared {
        var inputs: ScenarioInputs
        var variants: [Simulator.Variant]
        var baselines: [Int]
        var base: Scenario
        var threads: Int
        var simulator: Simulator
        var directory: String
        var scenarioSHA256: String
        /// Where the run keeps its replications' figures (in memory, or spilled to `directory`).
        var storage: FigureStorage
        /// Whether `directory` held an earlier run before this one wrote anything there (its
        /// checkpoints and a shard's archive come before its files): only then are files
        /// named like outputs that this run does not write removed as leftovers.
        var earlierRun: Bool
    }

    private static func prepare(
        scenario: String?, options: RunOptions, requireVariants: Bool, requireDrill: Bool, parallel: Bool
    ) throws -> Prepared {
        var inputs = try ScenarioInputs.load(scenario)
        var variants = try inputs.loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
        if !options.quiet, !parallel || MPIJob.rank == 0 {
            for note in inputs.loaded.notes + inputs.populationNotes { Terminal.error(note.description) }
            if let sweep = inputs.scenario.sweep, let scenario {
                let command = requireDrill ? "drill" : requireVariants ? "compare" : "run"
                Terminal.error(sweepNote(sweep, file: scenario, command: command))
            }
        }
        if requireDrill && inputs.scenario.drill == nil {
            throw InputErrors([Diagnostic(
                location: SourceLocation(file: inputs.loaded.file, line: 1, column: 1), path: "drill",
                message: "the scenario has no drill; add a `drill: {events: [...]}` section")])
        }
        if requireVariants && variants.count < 2 {
            // A list of one names its variant, at the list.
            let list = inputs.scenario.variants
            throw InputErrors([Diagnostic(
                location: inputs.loaded.tree["variants"]?.location ?? SourceLocation(file: inputs.loaded.file, line: 1, column: 1),
                path: "variants",
                message: list.count == 1
                    ? "the scenario has one variant, `\(list[0].name)`; a comparison needs at least two (the first is "
                        + "the baseline): add another to `variants:`"
                    : "the scenario has no variants to compare; add a `variants:` list")])
        }
        for i in variants.indices {
            if let seed = options.seed { variants[i].scenario.seed = seed }
            if let n = options.replications { variants[i].scenario.replications = .fixed(n) }
        }
        let names = variants.map(\.name)
        let baselines = inputs.scenario.variantBaselines(names: names)
        let base = variants[0].scenario
        if options.shard != nil, case .adaptive = base.replications {
            throw BadRequest("--shard needs a fixed number of replications; give --replications N")
        }
        if parallel {
            if case .adaptive = base.replications {
                throw BadRequest("an MPI run (mpirun -n \(MPIJob.size)) needs a fixed number of replications; "
                    + "give --replications N")
            }
            if options.shard != nil {
                throw BadRequest("--shard and mpirun -n \(MPIJob.size) both split the replications: use one of them")
            }
            if options.resume {
                throw BadRequest("--resume is not available under mpirun: MPI runs keep no checkpoints; run again")
            }
        }
        // Ranks sharing a machine share its cores by default.
        let ranksHere = parallel
            ? max(1, Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1) : 1
        // No more workers than replications (the run would start no more).
        var threads = min(
            options.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / ranksHere),
            max(1, base.replications.maximum))
        let simulator: Simulator
        do {
            simulator = try Simulator(variants: variants, population: inputs.population)
        } catch let error as EngineError {
            throw InputErrors([setupDiagnostic(error.description, in: inputs.loaded)])
        }

        if !options.quiet, !parallel || MPIJob.rank == 0 {
            if let drill = base.drill {
                for note in ScenarioRun.emptyHazardEvents(
                    drill, geography: inputs.population.geography, fromFile: base.population.isFile)
                {
                    Terminal.error(note)
                }
            }
            if let note = ScenarioRun.unscaledAmounts(variants.map(\.scenario)) { Terminal.error(note) }
            if let note = ScenarioRun.coverageFromFile(variants.map(\.scenario)) { Terminal.error(note) }
            if let note = ScenarioRun.budgetsGrantedAtYearEnd(variants.map(\.scenario)) { Terminal.error(note) }
        }

        // Refuse before allocating what the machine cannot hold. Each worker thread holds a
        // simulation state per household (docs/performance.md): without --threads, fewer
        // threads than cores when a worker per core would not fit. The memory available is
        // measured with the population already built, which the estimate also counts.
        let directory = options.out ?? base.outputDirectory
        let earlierRun = RunWriter.holdsEarlierRun(directory)
        // Figures beyond the memory budget spill to the output folder (resuming reads the
        // checkpoint into the same kind of store, a piece at a time).
        let storage = try FigureStorage.forRun(in: directory)
        func needed(_ threads: Int) -> Int {
            simulator.estimatedMemory(replications: base.replications.maximum, threads: threads, storage: storage)
        }
        let limit = options.maxMemory?.bytes ?? MemorySize.available.map { $0 + simulator.estimatedSetUpMemory }
        if let limit {
            let planned = threads
            if options.threads == nil {
                while threads > 1 && needed(threads) > limit { threads -= 1 }
            }
            if needed(threads) > limit {
                throw BadRequest(
                    "the run needs about \(MemorySize.format(needed(threads))) of memory, more than the \(MemorySize.format(limit)) "
                        + (options.maxMemory == nil ? "available" : "allowed by --max-memory")
                        + "; run fewer replications, fewer threads or shards (--shard K/N)")
            }
            if threads < planned && !options.quiet && !options.json && (!parallel || MPIJob.rank == 0) {
                Terminal.error(
                    "note: \(threads) worker thread\(threads == 1 ? "" : "s") instead of \(planned): \(planned) would need "
                        + "about \(MemorySize.format(needed(planned))) of memory, more than the \(MemorySize.format(limit)) "
                        + (options.maxMemory == nil ? "available" : "allowed by --max-memory"))
            }
        }
        if options.seed != nil || options.replications != nil {
            // The manifest records the scenario as run.
            var overrides: [LoadedScenario.Override] = []
            if let seed = options.seed { overrides.append(.init(keyPath: "seed", value: .number(Double(seed)))) }
            if let n = options.replications { overrides.append(.init(keyPath: "replications", value: .number(Double(n)))) }
            inputs.loaded = try inputs.loaded.applying(overrides)
        }
        // What the checkpoint and a shard belong to: the scenario as run, and its household file.
        let scenarioSHA256 = SHA256.runIdentity(
            resolvedScenario: inputs.loaded.canonicalText, householdFileSHA256: inputs.householdFileSHA256)
        try OutputGuard.check(
            OutputGuard.estimate(
                simulator: simulator, scenario: base, population: inputs.population,
                resolvedScenario: inputs.loaded.canonicalText, scenarioSHA256: scenarioSHA256,
                shard: options.shard, checkpointed: !parallel, storage: storage),
            directory: directory, limit: options.maxOutput?.bytes, probe: !parallel || MPIJob.rank == 0)
        // The folder is this process's until it ends (under MPI, rank 0's: it alone writes).
        if !parallel || MPIJob.rank == 0 { try OutputLock.shared.hold(directory) }
        return Prepared(
            inputs: inputs, variants: variants, baselines: baselines, base: base, threads: threads,
            simulator: simulator, directory: directory, scenarioSHA256: scenarioSHA256, storage: storage,
            earlierRun: earlierRun)
    }

    private static func execute(_ prepared: Prepared, options: RunOptions, start: Date, parallel: Bool) throws -> ScenarioRun {
        let (inputs, base, threads, simulator, directory, scenarioSHA256, storage) = (
            prepared.inputs, prepared.base, prepared.threads, prepared.simulator, prepared.directory,
            prepared.scenarioSHA256, prepared.storage)
        let result: RunResult
        let stopping: StoppingReport
        #if MPI
        if parallel {
            // Rank k runs replications ⌊k·R/N⌋ ..< ⌊(k+1)·R/N⌋; rank 0 gathers them in rank order.
            // Replications are independent, so the joined result is that of a single process.
            let total = base.replications.maximum
            let (rank, size) = (MPIJob.rank, MPIJob.size)
            let range = (total * rank / size)..<(total * (rank + 1) / size)
            let progress = Progress(
                total: range.count, enabled: rank == 0 && !options.quiet && Terminal.stderrIsTerminal,
                language: TerminalLanguage.resolve(explicit: options.lang))
            var mine: RunResult? = nil
            do {
                mine = try simulator.run(replications: range, threads: threads, storage: storage) { progress.update($0) }
            } catch {
                progress.finish()
                try settle(error)
            }
            try settle(nil)
            progress.finish()
            let archive = RunArchive(
                result: mine!, programVersion: DixianVersion.current,
                scenarioSHA256: scenarioSHA256, scenarioText: inputs.loaded.canonicalText)
            guard var parts = MPIJob.gather(archive.encoded()) else {
                // Ranks other than 0 write and print nothing.
                MPIJob.exit(ExitStatus.done)
            }
            // Every rank's figures go to one result (spilling as a single process's would),
            // each rank's bytes let go once read.
            var joined = try simulator.emptyResult(start: 0, expected: total, storage: storage)
            for k in parts.indices {
                let bytes = parts[k]
                parts[k] = []
                do {
                    try joined.append(RunArchive(decoding: bytes, storage: storage).result)
                } catch {
                    Terminal.error("error: the results of MPI rank \(k) could not be read: \(error)")
                    throw ExitCode(ExitStatus.runFailed)
                }
            }
            guard joined.replications == 0..<total else {
                Terminal.error("error: the MPI ranks' results do not cover replications 0..<\(total)")
                throw ExitCode(ExitStatus.runFailed)
            }
            result = joined
            stopping = StoppingReport(
                requested: total, run: total, relativeSETarget: nil, relativeSE: Simulator.relativeSE(result))
            return try finish(
                result: result, stopping: stopping, prepared: prepared, options: options, start: start, processes: size)
        }
        #endif
        let progress = Progress(
            total: base.replications.maximum, enabled: !options.quiet && Terminal.stderrIsTerminal,
            language: TerminalLanguage.resolve(explicit: options.lang))
        // Fixed and adaptive runs alike, in batches, saved from time to time (an adaptive run
        // decides its length at the same counts whether or not it is interrupted).
        let total = base.replications.maximum
        let range = options.shard?.range(of: total) ?? 0..<total
        let checkpoint = Checkpoint(
            directory: directory, scenarioSHA256: scenarioSHA256, scenarioText: inputs.loaded.canonicalText,
            interval: options.checkpointInterval)
        let stop = StopSignal.install()
        defer { stop.uninstall() }
        do {
            (result, stopping) = try checkpoint.run(
                simulator, plan: base.replications, replications: range, threads: threads, resume: options.resume,
                storage: storage, progress: progress, stop: stop)
        } catch CheckpointError.interrupted {
            progress.finish()
            throw ExitCode(ExitStatus.runFailed)
        }
        progress.finish()
        // While the files are written a signal waits for them: the replications are done, and
        // a run stopped half-way through its files would keep them only in a checkpoint.
        stop.awaiting("its files are written", kept: "its files are not complete (no manifest.json)")
        func stopIfAsked() throws {
            guard let signal = stop.received else { return }
            Terminal.error("\(signal): the run's files were written complete to \(directory)/ first")
            throw ExitCode(ExitStatus.runFailed)
        }

        // A shard's archive, once written (under its temporary name, given its own with the
        // run's other files): the first of its files.
        var archiveFile: [(name: String, bytes: Int)] = []
        let staged = AtomicFile.Staging()
        if options.shard != nil {
            // A shard keeps its replications' figures exactly, for `dixian merge`.
            let archive = RunArchive(
                result: result, programVersion: DixianVersion.current,
                scenarioSHA256: scenarioSHA256, scenarioText: inputs.loaded.canonicalText)
            do {
                let bytes = try staged.write(to: directory + "/" + MergeCommand.archiveName) { out in
                    try archive.encode { try out.write(bytes: $0) }
                }
                archiveFile = [(MergeCommand.archiveName, bytes)]
            } catch {
                Terminal.error("error: could not write the results to \(directory): \(OutputGuard.reason(error))")
                throw ExitCode(ExitStatus.runFailed)
            }
            if result.replications.isEmpty, let shard = options.shard {
                // More shards than replications: this one has none. It is written as an empty
                // part (its shard.bin and a manifest), so that `merge part-*` takes every part
                // and a job array's task succeeds; an earlier run's files go. The old manifest
                // goes first, so that a folder with a manifest is always complete.
                try? FileManager.default.removeItem(atPath: directory + "/" + RunWriter.manifestName)
                try staged.commit()
                if prepared.earlierRun { RunWriter.removeLeftovers(Set(RunWriter.outputNames), in: directory) }
                try RunWriter.writeManifest(
                    result, metadata: metadata(prepared, stopping: stopping, start: start, processes: 1),
                    files: archiveFile, to: directory)
                checkpoint.remove()
                try stopIfAsked()
                if options.json {
                    print(HeadlineTable.text(ofJSON: [
                        "replications": 0, "output_dir": directory, "files": [MergeCommand.archiveName],
                        "variants": [Any](),
                    ]))
                }
                if !options.quiet {
                    Terminal.error(
                        "note: shard \(shard.index)/\(shard.count) of \(total) replications has none; "
                            + "written as an empty part for dixian merge in \(directory)/")
                }
                throw ExitCode(ExitStatus.done)
            }
        }
        let run = try finish(
            result: result, stopping: stopping, prepared: prepared, options: options, start: start, processes: 1,
            writtenBefore: archiveFile, staged: staged)
        // Only now: a run killed while writing its files resumes from the checkpoint.
        checkpoint.remove()
        try stopIfAsked()
        return run
    }

    /// What the manifest records besides the results.
    private static func metadata(
        _ prepared: Prepared, stopping: StoppingReport, start: Date, processes: Int
    ) -> RunMetadata {
        RunMetadata(
            scenarioName: prepared.base.name, resolvedScenario: prepared.inputs.loaded.canonicalText,
            seed: prepared.base.seed, stopping: .init(stopping), programVersion: DixianVersion.current,
            gslVersion: GSL.version, generator: prepared.base.rng, threads: prepared.threads, processes: processes,
            startTime: start, endTime: Date(), commandLine: CommandLine.arguments,
            householdFileSHA256: prepared.inputs.householdFileSHA256)
    }

    /// Writes the results of a run and describes it.
    private static func finish(
        result: RunResult, stopping: StoppingReport, prepared: Prepared, options: RunOptions, start: Date, processes: Int,
        writtenBefore: [(name: String, bytes: Int)] = [], staged: AtomicFile.Staging? = nil
    ) throws -> ScenarioRun {
        let (inputs, variants, baselines, base, directory) = (
            prepared.inputs, prepared.variants, prepared.baselines, prepared.base, prepared.directory)
        let metadata = metadata(prepared, stopping: stopping, start: start, processes: processes)
        let files: [String]
        do {
            let report = ReportSettings(language: options.lang ?? base.outputs.language, scenarios: variants.map(\.scenario))
            // A shard keeps its archive; any other run removes one an earlier shard left here,
            // which would otherwise pair with this run's manifest as a shard.
            files = try RunWriter.write(
                result, population: inputs.population, metadata: metadata, formats: Set(base.outputs.formats),
                report: report, baselines: baselines, drillStart: base.drillStartMonth ?? 0,
                otherOutputs: options.shard == nil ? [MergeCommand.archiveName] : [], earlierRun: prepared.earlierRun,
                writtenBefore: writtenBefore, staged: staged, to: directory)
        } catch {
            Terminal.error("error: could not write the results to \(directory): \(OutputGuard.reason(error))")
            throw ExitCode(ExitStatus.runFailed)
        }
        let geography = inputs.population.geography
        let villageNames = geography.villages.map { v in
            let t = geography.townships[Int(v.township)]
            return "\(t.county.rawValue)/\(t.code)/\(v.code)"
        }
        return ScenarioRun(
            result: result, stopping: stopping, base: base, scenarios: variants.map(\.scenario), baselines: baselines,
            directory: directory, files: files, villageNames: villageNames,
            villageExited: VillagesTable.exitedHouseholds(inputs.population),
            villageOrder: VillagesTable.order(geography))
    }
}

extension ScenarioRun {
    /// Notes for a drill's hazard events that hit no village: `round(villages × the county's
    /// villages)` is 0 (a small share, or a small population), so the event changes nothing.
    /// `fromFile`: the population is a household file (whose scale is 1).
    static func emptyHazardEvents(_ drill: Drill, geography: Geography, fromFile: Bool) -> [String] {
        drill.events.compactMap { event in
            guard case let .hazard(name, county, year, month, share, _) = event else { return nil }
            let villages = geography.villages.indices.filter { geography.county(ofVillage: Int32($0)) == county }.count
            guard (share * Double(villages)).rounded() == 0 else { return nil }
            let what = "note: the drill's \(name) in \(county.rawValue) (\(year)-\(month < 10 ? "0" : "")\(month)) hits no village: "
            guard villages > 0 else {
                return what + "the population has no village in \(county.rawValue), so it changes nothing"
            }
            return what + "\(share) of its \(villages) village\(villages == 1 ? "" : "s") rounds to none, so it changes nothing; "
                + (fromFile ? "raise its `villages`" : "raise its `villages` or the population's scale")
        }
    }

    /// A note for a scaled built-in population: the posts, funds and budgets any variant
    /// has in force are the scenario's amounts, not scaled with the households (docs/model.md
    /// §4), so each household's share of them differs from what it is at scale 1 — which a
    /// small-scale try of a drill's budgets, or of breaches the funds prevent, would miss.
    static func unscaledAmounts(_ scenarios: [Scenario]) -> String? {
        guard let scale = scenarios.first?.population.scale, scale != 1,
            case .builtin = scenarios.first?.population.origin
        else { return nil }
        var keys: [String] = []
        func note(_ key: String, _ inForce: (Policies) -> Bool) {
            if scenarios.contains(where: { inForce($0.policies) }) { keys.append(key) }
        }
        note("policies.employment.posts_per_county") { $0.employment.enabled }
        note("policies.risk_fund.yearly_per_county") { $0.riskFund.enabled }
        note("policies.consumption_help.yearly") { $0.consumptionHelp.enabled }
        note("policies.budgets") { !$0.budgets.isEmpty }
        guard !keys.isEmpty else { return nil }
        return "note: population.scale is \(NumberFormat.plain(scale, places: 6)) but posts, funds and budgets are not scaled with it "
            + "(\(keys.joined(separator: ", "))): each household's share of them is \(NumberFormat.plain(1 / scale, places: 2)) times what it is "
            + "at scale 1 (docs/model.md §4)"
    }

    /// A note for variants over a household file that differ in who binding or agricultural
    /// insurance covers: the file's `bound` and `insured` columns say it, whatever the shares
    /// (docs/population.md), so those differences change nothing.
    static func coverageFromFile(_ scenarios: [Scenario]) -> String? {
        guard let first = scenarios.first, first.population.isFile else { return nil }
        var keys: [String] = []
        if scenarios.contains(where: { $0.policies.binding.share != first.policies.binding.share }) {
            keys.append("policies.binding.share")
        }
        if scenarios.contains(where: { $0.policies.agriInsurance.coverage != first.policies.agriInsurance.coverage }) {
            keys.append("policies.agri_insurance.coverage")
        }
        guard !keys.isEmpty else { return nil }
        return "note: the variants differ in \(keys.joined(separator: " and ")), but over a household file its `bound` "
            + "and `insured` columns say who is covered (docs/population.md): those differences change nothing"
    }

    /// A note for variants of which some have budgets (`policies.budgets`): budgets are
    /// granted at the year's end, and the households' decisions within the year follow the
    /// payments as claimed (docs/model.md §5), so a tight budget can rank a variant below one
    /// without the instrument — which a comparison would otherwise leave unexplained.
    static func budgetsGrantedAtYearEnd(_ scenarios: [Scenario]) -> String? {
        guard scenarios.count > 1, scenarios.contains(where: { !$0.policies.budgets.isEmpty }) else { return nil }
        return "note: some variants have budgets (policies.budgets), granted at each year's end: within the year, households' "
            + "detection, 低保 enrolment and help follow the payments as claimed, and a claim a budget denies is not made up "
            + "by other help, so a variant with a tight budget can show more relapses than one without the instrument "
            + "(docs/model.md §5)"
    }

    /// What `run`, `compare` and `drill` say of a scenario with a `sweep:` section, which they
    /// do not run: `dixian batch` does, point by point.
    static func sweepNote(_ sweep: Sweep, file: String, command: String) -> String {
        let points = (try? SweepDesign(sweep).count).map { " (\($0) point\($0 == 1 ? "" : "s"))" } ?? ""
        return "note: the `sweep:` section of \(file) is run by `dixian batch \(file)`\(points); "
            + "`dixian \(command)` runs the scenario's own values, without it"
    }

    /// The keys whose values a scenario and its population may disagree on (``EngineError/setup(_:)``).
    static let setupKeys = ["shocks.prices.commodities", "shocks.prices.correlation", "years"]

    /// A problem found when scenario and population meet, placed at the key it names — where
    /// the file gives it, else at the top of the file.
    static func setupDiagnostic(_ message: String, in loaded: LoadedScenario) -> Diagnostic {
        let key = setupKeys.first { message.contains($0) || ($0 == "years" && message.contains("changes years")) }
        var node: YAMLNode? = key == nil ? nil : loaded.tree
        for part in key?.split(separator: ".") ?? [] { node = node?[String(part)] }
        return Diagnostic(
            location: node?.location ?? SourceLocation(file: loaded.file, line: 1, column: 1), path: key ?? "",
            message: message)
    }

    /// Under MPI: every rank reports whether its step failed (collective). When any did, the
    /// failing rank's error is reported once (rank 0's when it failed too: the ranks run the
    /// same inputs) and every rank stops; none is left waiting for the others.
    static func settle(_ error: (any Error)?) throws {
        let (any, root) = MPIJob.agree(failed: error != nil)
        guard any else { return }
        if let error {
            if MPIJob.rank == 0 { throw error }
            if root { MPIJob.exit(error is BadRequest || error is InputErrors ? ExitStatus.badInput : ExitStatus.runFailed) }
            Terminal.error("MPI rank \(MPIJob.rank) of \(MPIJob.size):")
            throw error
        }
        if MPIJob.rank == 0 {
            Terminal.error("error: another MPI rank failed (see its message); nothing was written")
            throw ExitCode(ExitStatus.runFailed)
        }
        MPIJob.exit(ExitStatus.runFailed)
    }
}

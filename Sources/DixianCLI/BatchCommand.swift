import ArgumentParser
import DixianBatch
import DixianEngine
import DixianModel
import DixianReports
import DixianScenario
import Foundation
import GSL

/// `dixian batch FILE_OR_DIR…`: many scenarios and parameter sweeps into one SQLite catalog.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many scenarios and parameter sweeps into one SQLite results catalog.",
        usage: "dixian batch [<options>] <file-or-dir> ...",
        discussion: """
            Each scenario file given (or each .yaml of a folder, sorted) is one run; a scenario with a \
            `sweep:` is one run per design point (grid: every combination; sobol: Saltelli's design, \
            samples·(k+2) runs for k parameters), with first-order and total-effect sensitivity indices \
            of relapse_households, any_village_breach and spending_total, drawn as bars in a page \
            next to the catalog (results.sqlite → results.html). Every file and point is \
            checked before anything runs. Runs already in the catalog (same scenario SHA-256) are \
            skipped, so an interrupted batch continues where it stopped. docs/batch.md has the schema \
            and example queries for sqlite3, pandas and R.

            Examples:
              dixian batch sweep.yaml --replications 2 --catalog sweep.sqlite
              dixian batch my-scenarios/ --catalog results.sqlite --out runs
            """)

    @Argument(help: ArgumentHelp("Scenario files, or folders of them.", valueName: "file-or-dir"))
    var paths: [String]

    @Option(help: ArgumentHelp("The SQLite results catalog (created if missing).", valueName: "file"))
    var catalog = "results.sqlite"

    @Option(parsing: .unconditional, help: "Replications per run, replacing each scenario's `replications`.")
    var replications: Int?

    @Option(parsing: .unconditional, help: "Seed of every run, replacing each scenario's `seed`.")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Worker threads per run (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(help: ArgumentHelp(
        "Also write each run's output files under this folder (<name>/ or <name>/point-NNNN/).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp(
        "Language of the sensitivity page, of the runs' report.html and of the terminal: zh or en "
            + "(default: the scenario's outputs.language for the pages, the locale for the terminal).",
        valueName: "zh|en"))
    var lang: Outputs.Language?

    @Flag(help: "No progress or tables on the terminal.")
    var quiet = false

    @Flag(help: "Print the machine-readable result on stdout instead of the tables.")
    var json = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let seed, seed > RunOptions.largestSeed {
            throw ValidationError("--seed must be at most \(RunOptions.largestSeed) (2^53), the largest the scenario file keeps exactly")
        }
    }

    func run() throws {
        var overrides: [LoadedScenario.Override] = []
        if let seed { overrides.append(.init(keyPath: "seed", value: .number(Double(seed)))) }
        if let replications { overrides.append(.init(keyPath: "replications", value: .number(Double(replications)))) }

        // Everything is checked before anything runs: files, every sweep point, household files.
        // (The points' populations of the sound files are checked with the others' problems.)
        var (plan, problems) = BatchPlan.checked(paths: paths, overrides: overrides, generators: GSL.generatorNames)
        if !quiet { for note in plan.entries.flatMap(\.loaded.notes) { Terminal.error(note.description) } }
        if out != nil { problems += plan.nameClashes }
        var checked = Set<PopulationSource>()
        // Each population is read once, here: the runs simulate the bytes whose SHA-256 the
        // catalog and the manifests record.
        var householdFiles: [String: String] = [:]
        var populations: [PopulationSource: Population] = [:]
        for point in plan.points where checked.insert(point.loaded.scenario.population).inserted {
            if ScenarioInputs.scaleProblem(point.loaded) != nil {
                // With the commodity list's problem, if it has one, as `run` and `validate` say them.
                for problem in ScenarioInputs.populationProblems(of: point.loaded) where !problems.contains(problem) {
                    problems.append(problem)
                }
                continue
            }
            do {
                let (population, sha256, notes) = try ScenarioInputs.populationAndHash(of: point.loaded.scenario)
                if !quiet { for note in notes { Terminal.error(note.description) } }
                populations[point.loaded.scenario.population] = population
                if case .file(let path) = point.loaded.scenario.population.origin { householdFiles[path] = sha256 }
            } catch let e as InputErrors {
                problems += e.diagnostics
            }
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        plan.identifyHouseholdFiles(householdFiles)
        // Warnings (a design too small to trust) are printed even with --quiet.
        for warning in plan.warnings { Terminal.error("warning: \(warning)") }
        if let out {
            try OutputGuard.checkWritable(out)
            try OutputLock.shared.hold(out)
        }

        // The catalog is made where --catalog says, its folder too (as --out's is); one that
        // cannot be made or opened is a bad argument.
        let store: Catalog
        do {
            let folder = URL(fileURLWithPath: catalog).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            store = try Catalog(path: catalog)
        } catch {
            let why = error is CocoaError ? OutputGuard.reason(error) : "\(error)"
            throw BadRequest("cannot open or make the catalog \(catalog): \(why); choose another --catalog")
        }
        // Refused before the first run when the runs still to make would not fit where they go
        // (their rows in the catalog; with --out, their files): a full disk would stop the batch
        // part-way, as `run` refuses a run whose files would not fit.
        let done = Set(((try? store.knownRuns()) ?? [:]).keys)
        if let problem = Self.spaceProblem(
            plan: plan, populations: populations, done: done, out: out, catalog: catalog, free: DiskSpace.available(at:))
        {
            throw BadRequest(problem)
        }
        let language = TerminalLanguage.resolve(explicit: lang)
        let t = TerminalText(language)
        let progress = BatchProgressLine(enabled: !quiet && Terminal.stderrIsTerminal, language: language)
        var runner = BatchRunner(
            catalog: store, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            population: { [populations] in try populations[$0.population] ?? ScenarioInputs.population(of: $0) },
            programVersion: DixianVersion.current,
            outputDirectory: out, language: lang, sensitivityReport: BatchRunner.sensitivityReportPath(catalog: catalog),
            progress: { progress.update($0) })
        // A long run's figures spill next to its output files, or else next to the catalog.
        runner.figureStorage = try FigureStorage.forRun(
            in: out ?? URL(fileURLWithPath: catalog).deletingLastPathComponent().path)
        // SIGINT and SIGTERM stop the batch cleanly after the run in progress (each run is
        // recorded in one transaction); a second signal stops it at once.
        let stop = StopSignal.install(
            pending: "the run in progress", kept: "the runs finished before this one are in \(catalog)")
        defer { stop.uninstall() }
        runner.stopRequested = { stop.received }
        let report: BatchRunner.Report
        do {
            report = try runner.run(plan)
        } catch BatchError.interrupted(let stopped) {
            progress.finish()
            let sweeps = plan.entries.contains { $0.design?.saltelliBlocks != nil }
            let held = stopped.done == 0
                ? "the batch stopped before its first run; \(catalog) holds none of its runs. "
                : "the batch stopped after \(stopped.done) of \(stopped.total) runs, each complete in \(catalog) "
                    + "(\(stopped.ran) run now, \(stopped.skipped) skipped as already there). "
            Terminal.error(
                "\(stopped.reason): " + held + "Run the same command again to continue: the runs in the catalog are skipped"
                    + (sweeps ? ", and the sensitivity indices are computed once every run is done." : "."))
            throw ExitCode(ExitStatus.runFailed)
        } catch let error as BatchError {
            progress.finish()
            // A catalog holding a point's run by another version: the catalog given is at
            // fault (checked before anything runs), not a run.
            guard case .otherVersion = error else {
                Terminal.error("error: the batch stopped: \(error)")
                throw ExitCode(ExitStatus.runFailed)
            }
            Terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.badInput)
        } catch {
            progress.finish()
            Terminal.error("error: the batch stopped: \(error is CocoaError ? OutputGuard.reason(error) : "\(error)")")
            throw ExitCode(ExitStatus.runFailed)
        }
        progress.finish()
        // What was removed from --out is said even with --quiet: files went.
        if let out, !report.removedEarlierOutputs.isEmpty {
            let removed = report.removedEarlierOutputs
            let shown = removed.prefix(3).joined(separator: ", ") + (removed.count > 3 ? " and \(removed.count - 3) more" : "")
            Terminal.error("note: removed from \(out) what an earlier start of the batch left there and this one does not have: \(shown)")
        }
        if json {
            print(HeadlineTable.text(ofJSON: Self.jsonObject(report, catalog: catalog, out: out)))
            return
        }
        guard !quiet else { return }
        print(t.batchCounts(
            batch: report.batchID, total: report.total, ran: report.ran, skipped: report.skipped, catalog: catalog,
            repeated: report.repeated, rewritten: report.rewritten).joined(separator: "\n"))
        for (file, rows) in report.sensitivity {
            print("")
            print(SensitivityTableText.text(file: file, rows: rows, language: language))
        }
        if let page = report.sensitivityReport { print("\n" + t.sensitivityCharts(page)) }
    }
}

extension BatchCommand {
    /// Why the runs of `plan` still to make would not fit, or nil: the points not in `done`
    /// (the catalog's runs) and not repeating another, each adding its summary rows and
    /// scenario to the catalog and, with `out`, its output files there (``RunWriter``'s
    /// estimates, upper bounds), against the space `free` at each place (nil: unknown, no
    /// check); on one file system, against their sum.
    static func spaceProblem(
        plan: BatchPlan, populations: [PopulationSource: Population], done: Set<String>, out: String?, catalog: String,
        free: (String) -> Int?
    ) -> String? {
        var seen = done
        var runs = 0
        var rows = 0
        var files = 0
        for point in plan.points where seen.insert(point.sha256).inserted {
            guard let population = populations[point.loaded.scenario.population] else { continue }
            let scenario = point.loaded.scenario
            let names = (try? point.loaded.variants().map(\.name)) ?? [scenario.name]
            let n = scenario.replications.maximum
            func sizes(_ formats: Set<OutputFormat>) -> [(name: String, bytes: Int)] {
                RunWriter.estimatedSizes(
                    variants: names, years: scenario.years.years, replications: n, lastReplication: max(n - 1, 0),
                    population: population, formats: formats, drill: !(scenario.drill?.events.isEmpty ?? true),
                    resolvedScenario: point.loaded.canonicalText)
            }
            runs += 1
            let summary = sizes([.csv]).first { $0.name == "summary.csv" }?.bytes ?? 0
            rows += summary + point.loaded.canonicalText.utf8.count
            if out != nil {
                let written: [(name: String, bytes: Int)] = sizes(Set(scenario.outputs.formats))
                files += written.reduce(0) { $0 + $1.bytes }
            }
        }
        guard runs > 0 else { return nil }
        let catalogFolder = URL(fileURLWithPath: catalog).deletingLastPathComponent().path
        // The file system of a path, or of its nearest folder that exists.
        func fileSystem(_ path: String) -> Int? {
            var url = URL(fileURLWithPath: path).standardizedFileURL
            while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" { url.deleteLastPathComponent() }
            return (try? FileManager.default.attributesOfFileSystem(forPath: url.path))?[.systemNumber] as? Int
        }
        let runsText = "the \(runs) run\(runs == 1 ? "" : "s") still to make"
        let advice = "; free some space, choose another --out or --catalog, or run fewer points or replications"
        if let out, let outFree = free(out) {
            let together = fileSystem(out).map { $0 == fileSystem(catalogFolder) } ?? false
            let need = files + (together ? rows : 0)
            if need > outFree {
                return "\(runsText) would write about \(MemorySize.format(need)) to \(out)"
                    + (together ? " (\(MemorySize.format(files)) of files, \(MemorySize.format(rows)) in \(catalog))" : "")
                    + ", more than the \(MemorySize.format(outFree)) free on its file system" + advice
            }
            if together { return nil }
        }
        if let catalogFree = free(catalogFolder), rows > catalogFree {
            return "\(runsText) would add about \(MemorySize.format(rows)) to \(catalog), more than the "
                + "\(MemorySize.format(catalogFree)) free on its file system" + advice
        }
        return nil
    }

    /// The result of a batch for `--json` (docs/batch.md): its id, catalog and output folder,
    /// the counts of runs, what was removed from the output folder, the sensitivity page, and
    /// each Sobol sweep's indices with their intervals (null when undefined).
    static func jsonObject(_ report: BatchRunner.Report, catalog: String, out: String?) -> [String: Any] {
        func value(_ x: Double?) -> Any { x.map { $0 as Any } ?? NSNull() }
        let sensitivity: [[String: Any]] = report.sensitivity.map { file, rows in
            [
                "scenario_file": file,
                "indices": rows.map { row -> [String: Any] in
                    let i = row.index
                    return [
                        "metric": row.metric, "parameter": i.parameter,
                        "first_order": value(i.firstOrder), "first_order_low": value(i.firstOrderLow),
                        "first_order_high": value(i.firstOrderHigh), "total_effect": value(i.totalEffect),
                        "total_effect_low": value(i.totalEffectLow), "total_effect_high": value(i.totalEffectHigh),
                    ]
                },
            ]
        }
        return [
            "batch_id": report.batchID, "catalog": catalog, "output_dir": out as Any? ?? NSNull(),
            "runs": report.total, "ran": report.ran, "skipped": report.skipped, "repeated": report.repeated,
            "rewritten": report.rewritten, "removed": report.removedEarlierOutputs,
            "sensitivity_report": report.sensitivityReport as Any? ?? NSNull(), "sensitivity": sensitivity,
        ]
    }
}

/// The sensitivity indices of one Sobol sweep as a terminal table.
enum SensitivityTableText {
    /// The table in `language` (``TerminalLanguage``); both languages carry the same figures.
    static func text(file: String, rows: [Catalog.Sensitivity], language: Outputs.Language = .en) -> String {
        let t = TerminalText(language)
        let width = max(9, rows.map(\.index.parameter.terminalWidth).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.terminalWidth >= n ? s : s.padded(to: n) }
        // A missing index: an ASCII dash (a CJK terminal may draw `–` two columns wide).
        func f(_ x: Double?) -> String { x.map { String(format: "%6.3f", $0) } ?? "     -" }
        func ci(_ lo: Double?, _ hi: Double?) -> String { "[\(f(lo)), \(f(hi))]" }
        var lines = t.sensitivityTitle(file: file)
        var metric = ""
        for r in rows {
            if r.metric != metric {
                metric = r.metric
                lines.append("  " + t.sensitivityMetric(metric))
                let columns = t.sensitivityColumns
                lines.append("    " + pad(columns.parameter, width) + columns.indices)
            }
            let i = r.index
            lines.append(
                "    " + pad(i.parameter, width) + " " + f(i.firstOrder) + "  " + ci(i.firstOrderLow, i.firstOrderHigh)
                    + "  " + f(i.totalEffect) + "  " + ci(i.totalEffectLow, i.totalEffectHigh))
        }
        return lines.joined(separator: "\n")
    }
}

/// The progress line of a batch on stderr: runs done/total, the run in progress, time left;
/// in the terminal's language (``TerminalLanguage``).
final class BatchProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let text: TerminalText
    private let start = Date()
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    init(enabled: Bool, language: Outputs.Language) {
        self.enabled = enabled
        self.text = TerminalText(language)
    }

    func update(_ p: BatchRunner.Progress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.2 || p.done == p.total else { return }
        lastDrawn = now
        drawn = true
        // The rate counts runs actually run (skipped ones are instant), including the
        // fraction of the one in progress.
        let executed = Double(p.done - p.skipped)
            + (p.replications > 0 ? Double(p.replicationsDone) / Double(p.replications) : 0)
        let elapsed = now.timeIntervalSince(start)
        let remaining = Double(p.total - p.done)
            - (p.replications > 0 ? Double(p.replicationsDone) / Double(p.replications) : 0)
        let left = executed > 0 ? Progress.duration(remaining * elapsed / executed) : "–"
        var line = text.runsProgress(done: p.done, total: p.total, skipped: p.skipped)
        if p.replications > 0 {
            line += text.runInProgress(number: p.done + 1, done: p.replicationsDone, replications: p.replications)
        }
        line += text.timeLeft(left) + "\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

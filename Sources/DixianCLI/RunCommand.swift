import ArgumentParser
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
            With no scenario, the embedded Lincang baseline. Results go to --out, or the scenario's
            outputs.dir: manifest.json (written last), summary.csv/json, replications.csv,
            exceedance.csv, villages.csv, causes.csv, spending.csv, and report.html (in Chinese, or
            English with --lang en). docs/outputs.md and docs/report.md describe them.
            """)

    @Argument(help: "Scenario file (default: the embedded Lincang baseline).")
    var scenario: String?

    @OptionGroup var options: RunOptions

    func run() throws {
        let start = Date()
        var inputs = try ScenarioInputs.load(scenario)
        var variants = try inputs.loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
        for i in variants.indices {
            if let seed = options.seed { variants[i].scenario.seed = seed }
            if let n = options.replications { variants[i].scenario.replications = .fixed(n) }
        }
        let base = variants[0].scenario
        if options.shard != nil, case .adaptive = base.replications {
            throw ValidationError("--shard needs a fixed number of replications; give --replications N")
        }
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let simulator: Simulator
        do {
            simulator = try Simulator(variants: variants, population: inputs.population)
        } catch let error as EngineError {
            throw InputErrors([Diagnostic(location: SourceLocation(file: inputs.loaded.file, line: 0, column: 0),
                                          message: error.description)])
        }

        let progress = Progress(total: base.replications.maximum, enabled: !options.quiet && Terminal.stderrIsTerminal)
        let (result, stopping): (RunResult, StoppingReport)
        if let shard = options.shard {
            let total = base.replications.maximum
            let range = shard.range(of: total)
            let r = try simulator.run(replications: range, threads: threads) { progress.update($0) }
            (result, stopping) = (r, StoppingReport(requested: total, run: range.count, relativeSETarget: nil, relativeSE: nil))
        } else {
            (result, stopping) = try simulator.run(plan: base.replications, threads: threads) { progress.update($0) }
        }
        progress.finish()

        if options.seed != nil || options.replications != nil {
            // The manifest records the scenario as run.
            var overrides: [LoadedScenario.Override] = []
            if let seed = options.seed { overrides.append(.init(keyPath: "seed", value: .number(Double(seed)))) }
            if let n = options.replications { overrides.append(.init(keyPath: "replications", value: .number(Double(n)))) }
            inputs.loaded = try inputs.loaded.applying(overrides)
        }
        let directory = options.out ?? base.outputDirectory
        let metadata = RunMetadata(
            scenarioName: base.name, resolvedScenario: inputs.loaded.canonicalText, seed: base.seed,
            stopping: .init(
                requested: stopping.requested, stoppedEarly: stopping.stoppedEarly,
                relativeSETarget: stopping.relativeSETarget, targetMet: stopping.targetMet),
            programVersion: DixianVersion.current, gslVersion: GSL.version, generator: base.rng, threads: threads,
            startTime: start, endTime: Date(), commandLine: CommandLine.arguments)
        let formats = Set(base.outputs.formats)
        do {
            let report = ReportSettings(language: options.lang ?? base.outputs.language, scenarios: variants.map(\.scenario))
            try RunWriter.write(
                result, population: inputs.population, metadata: metadata, formats: formats, report: report, to: directory)
        } catch {
            Terminal.error("error: could not write the results to \(directory): \(error)")
            throw ExitCode(ExitStatus.runFailed)
        }

        if options.json {
            print(HeadlineTable.json(result, stopping: stopping, directory: directory))
        } else if !options.quiet {
            print(HeadlineTable.text(result, stopping: stopping, scenario: base, directory: directory))
        }
    }
}

import ArgumentParser
import DixianBatch
import DixianModel
import DixianScenario
import GSL

/// `dixian validate SCENARIO…`: checks files and prints every problem, running nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and the household files they name; print every problem.",
        discussion: """
            Each problem is printed as FILE:LINE:COL: message. Variants, sweeps and the household \
            file a scenario names are checked too; a folder stands for its .yaml and .yml files, as \
            for batch. Exit status 2 when any file has a problem.

            Examples:
              dixian validate scenarios/my-test.yaml
              dixian validate scenarios/ --quiet    # a folder; print only the problems
            """)

    @Argument(help: ArgumentHelp("Scenario files (YAML), or folders of them.", valueName: "file-or-dir"))
    var scenarios: [String]

    @Flag(help: "Print nothing for files without problems.")
    var quiet = false

    @Flag(help: "Print the result on stdout as JSON: each file, whether it is ok, and every problem.")
    var json = false

    func run() throws {
        var (files, problems) = ScenarioLoader.scenarioFiles(scenarios)
        var checked: [(file: String, ok: Bool)] = []
        for path in files {
            // Notes (a list that drops some of its base's hazards, a line table carried past its
            // last year) are printed with the problems they may explain: the loaded scenario's,
            // or, when it does not load, those of its `extends:` chain.
            if !quiet {
                let notes = (try? ScenarioLoader.load(file: path, generators: GSL.generatorNames))?.notes
                    ?? ScenarioLoader.notes(of: path)
                for note in notes { Terminal.error(note.description) }
            }
            var found = ScenarioLoader.validate(files: [path], generators: GSL.generatorNames)
            if !found.isEmpty {
                // The scenario has problems; those it has with its population (and its household
                // file's own) are reported in the same pass.
                found += ScenarioInputs.problemsBeside(found, ofScenario: path)
            } else if let loaded = try? ScenarioLoader.load(file: path, generators: GSL.generatorNames) {
                let population = ScenarioInputs.populationCheck(of: loaded)
                found += population.problems
                // Every point of a sweep, and the population of each, as `batch` checks them
                // before it runs; with its warnings (a Sobol design's sample size).
                if loaded.scenario.sweep != nil {
                    do {
                        let entry = try BatchPlan.entry(file: path, loaded: loaded)
                        var checked: Set<PopulationSource> = [loaded.scenario.population]
                        for point in entry.points where checked.insert(point.loaded.scenario.population).inserted {
                            for problem in ScenarioInputs.populationProblems(of: point.loaded) where !found.contains(problem) {
                                found.append(problem)
                            }
                        }
                        if found.isEmpty && !quiet { for warning in entry.warnings { Terminal.error("warning: \(warning)") } }
                    } catch {
                        found += error.diagnostics
                    }
                }
                // The household file's notes (no income, 低保 with 特困), as `run` prints them.
                if found.isEmpty && !quiet { for note in population.notes { Terminal.error(note.description) } }
                // A drill's hazard event that hits no village of the population, noted as `drill` notes it.
                if found.isEmpty, !quiet, let drill = loaded.scenario.drill,
                    drill.events.contains(where: { if case .hazard = $0 { true } else { false } }),
                    let population = try? ScenarioInputs.population(of: loaded.scenario)
                {
                    for note in ScenarioRun.emptyHazardEvents(
                        drill, geography: population.geography, fromFile: loaded.scenario.population.isFile)
                    {
                        Terminal.error(note)
                    }
                }
            }
            if found.isEmpty && !quiet && !json { print("\(path): ok") }
            checked.append((path, found.isEmpty))
            problems += found
        }
        if json { print(HeadlineTable.text(ofJSON: Self.jsonObject(checked, problems: InputErrors(problems)))) }
        if !problems.isEmpty { throw InputErrors(problems) }
    }

    /// The result for `--json`: each scenario file checked and whether it is ok, and every
    /// problem (of those files, of the household files they name, of paths that are none),
    /// in file order, with its place (line and column 0 for a whole file).
    static func jsonObject(_ files: [(file: String, ok: Bool)], problems: InputErrors) -> [String: Any] {
        [
            "files": files.map { ["file": $0.file, "ok": $0.ok] as [String: Any] },
            "problems": problems.diagnostics.map { d -> [String: Any] in
                ["file": d.location.file, "line": d.location.line, "column": d.location.column, "path": d.path,
                 "message": d.message]
            },
        ]
    }
}

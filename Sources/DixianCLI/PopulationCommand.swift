import ArgumentParser
import DixianEngine
import DixianModel
import DixianPopulation
import Foundation

/// `dixian population [SCENARIO]`: the population against its calibration targets.
struct PopulationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "population",
        abstract: "Summarise a scenario's population against the calibration targets of MODEL.md §2.",
        usage: "dixian population [<options>] [<scenario>]",
        discussion: """
            With no scenario, the built-in lincang-2020 population of the embedded baseline. \
            --export writes the population as a household file, which `population: {file: …}` \
            reads back to the same population. For the built-in population its `bound` and \
            `insured` columns are the households the scenario's binding.share and \
            agri_insurance.coverage reach (with its seed), as a run covers them: a household \
            file's flags are taken as they are, so the file then runs as the scenario does \
            (its variants, though, all take the file's flags: shares no longer apply). A \
            household file's counts are compared with the targets scaled by its share of \
            Lincang's 94,195 registered exited households.

            Examples:
              dixian population                          # calibration figures and targets
              dixian population --json                   # the same as JSON
              dixian population --lang zh                # the table in Chinese
              dixian population --export households.csv  # as a household file
            """)

    @Argument(help: "Scenario file (default: the embedded Lincang baseline).")
    var scenario: String?

    @Option(help: ArgumentHelp("Write the population as a household file (CSV).", valueName: "file.csv"))
    var export: String?

    @Flag(help: "Print the calibration table as JSON.")
    var json = false

    @Flag(help: "No notes on the household file on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp(
        "Language of the table: zh or en (default: the locale, LC_ALL, LC_MESSAGES or LANG).", valueName: "zh|en"))
    var lang: Outputs.Language?

    func run() throws {
        let inputs = try ScenarioInputs.load(scenario)
        let population = inputs.population
        if !quiet { for note in inputs.populationNotes { Terminal.error(note.description) } }
        // A household file may hold any share of Lincang (an export at a scale, a sample): its
        // counts are compared with the targets at the share its exited households make.
        let fromFile = inputs.scenario.population.isFile
        let scale = fromFile ? try LincangPopulation.scale(ofFile: population) : inputs.scenario.population.scale
        let report = try LincangPopulation.calibrationReport(for: population, scale: scale)
        let language = TerminalLanguage.resolve(explicit: lang)
        let t = TerminalText(language)
        if let export {
            let covered: Population
            do {
                covered = try Simulator.withCoverage(population, of: inputs.scenario)
            } catch let EngineError.setup(message) {
                throw InputErrors([ScenarioRun.setupDiagnostic(message, in: inputs.loaded)])
            }
            do {
                try HouseholdFile.write(covered, to: export)
            } catch let error as HouseholdFileWriteError {
                throw BadRequest("cannot write \(export): \(Self.reason(error, export)); choose another --export")
            } catch {
                // A place that cannot take the file is a bad argument, as an --out folder is.
                throw BadRequest("cannot write \(export): \(OutputGuard.reason(error)); choose another --export")
            }
            if !json { Terminal.error(t.wroteHouseholds(population.count, to: export)) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(t.population(households: population.count, villages: population.geography.villages.count))
            if fromFile && !population.status.contains(.exited) {
                print(t.fileWithoutExited)
            } else if fromFile && scale != 1 {
                print(t.fileScale(scale))
            }
            print(report.table(language: language))
            print(t.calibrationVerdict(failing: report.rows.filter { !$0.withinTolerance }.count))
        }
    }

    /// Why `path` could not take the exported file, in the words of a folder the user named.
    private static func reason(_ error: HouseholdFileWriteError, _ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a folder; give a file's path"
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            return "no folder \(folder)"
        }
        if !isDirectory.boolValue { return "\(folder) is a file, not a folder" }
        return error.reason.prefix(1).lowercased() + error.reason.dropFirst()
    }
}

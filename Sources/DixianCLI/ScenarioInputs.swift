import DixianEngine
import DixianModel
import DixianPopulation
import DixianReports
import DixianScenario
import Foundation
import GSL

/// The inputs of a command: a scenario (a file, or the embedded Lincang baseline) and
/// the population it names, each validated in full before anything runs.
struct ScenarioInputs {
    var loaded: LoadedScenario
    var population: Population
    /// SHA-256 of the household file's bytes, as read (nil: the built-in population).
    var householdFileSHA256: String?
    /// Notes on the household file (``HouseholdFile/parseNoting(_:file:)``), printed with the scenario's.
    var populationNotes: [Diagnostic] = []

    var scenario: Scenario { loaded.scenario }

    /// Loads `path`, or the embedded baseline when nil. Throws ``InputErrors`` listing every problem.
    static func loadScenario(_ path: String?) throws -> LoadedScenario {
        guard let path else { return ScenarioLoader.loadBaseline() }
        return try ScenarioLoader.load(file: path, generators: GSL.generatorNames)
    }

    static func load(_ path: String?) throws -> ScenarioInputs {
        let loaded: LoadedScenario
        do {
            loaded = try loadScenario(path)
        } catch let errors as InputErrors {
            guard let path else { throw errors }
            throw InputErrors(errors.diagnostics + problemsBeside(errors.diagnostics, ofScenario: path))
        }
        // A scale too small, or a household file with problems: each with the commodity
        // list's problem if it has one.
        if scaleProblem(loaded) != nil { throw InputErrors(populationProblems(of: loaded)) }
        let population: Population
        let householdFileSHA256: String?
        let notes: [Diagnostic]
        do {
            (population, householdFileSHA256, notes) = try populationAndHash(of: loaded.scenario)
        } catch let errors as InputErrors {
            // The household file's problems, with the price list's against its sound rows.
            let problems = populationProblems(of: loaded)
            throw problems.isEmpty ? errors : InputErrors(problems)
        }
        return ScenarioInputs(
            loaded: loaded, population: population, householdFileSHA256: householdFileSHA256, populationNotes: notes)
    }

    /// What scenario and population bring to light together: the built-in population's scale,
    /// the household file's own problems, a commodity the population produces without a price.
    static func populationProblems(of loaded: LoadedScenario) -> [Diagnostic] {
        populationCheck(of: loaded).problems
    }

    /// ``populationProblems(of:)``, with the household file's notes when it reads.
    static func populationCheck(of loaded: LoadedScenario) -> (problems: [Diagnostic], notes: [Diagnostic]) {
        var found: [Diagnostic] = []
        var notes: [Diagnostic] = []
        // The built-in population produces the standard nine.
        var produced = Commodity.standard
        if let problem = scaleProblem(loaded) { found.append(problem) }
        if case .file(let households) = loaded.scenario.population.origin {
            // A file with problems of its own: the commodities its sound rows grow.
            let file = HouseholdFile.check(path: households)
            found += file.problems
            produced = file.grown
            notes = file.notes
        }
        if let problem = Simulator.unlisted(produced: produced, listed: loaded.scenario.shocks.prices.commodities) {
            found.append(ScenarioRun.setupDiagnostic(problem, in: loaded))
        }
        return (found, notes)
    }

    /// The problems the scenario at `path`, which has `problems` of its own, has with its
    /// population, for one pass to report them all: `populationProblems` when the settings
    /// they read are sound, else the household file's own.
    static func problemsBeside(_ problems: [Diagnostic], ofScenario path: String) -> [Diagnostic] {
        guard let partial = ScenarioLoader.populationSettings(of: path, generators: GSL.generatorNames) else {
            return householdFileProblems(ofScenario: path)
        }
        return populationProblems(of: partial).filter { !problems.contains($0) }
    }

    /// The problems of the household file the scenario at `path` names, read even when the
    /// scenario has problems of its own, so that one pass reports both (none when it names
    /// no file that exists).
    static func householdFileProblems(ofScenario path: String) -> [Diagnostic] {
        guard let households = ScenarioLoader.householdFile(of: path), FileManager.default.fileExists(atPath: households)
        else { return [] }
        do {
            _ = try HouseholdFile.read(path: households)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// A `population.scale` too small for the built-in population's structure, at the key;
    /// for a sweep point whose scale a sweep parameter sets, at the parameter's value (a
    /// grid's) or key, said as the sweep's other problems are.
    static func scaleProblem(_ loaded: LoadedScenario) -> Diagnostic? {
        guard case .builtin = loaded.scenario.population.origin, loaded.scenario.population.scale != 1 else { return nil }
        let scale = loaded.scenario.population.scale
        do {
            try LincangPopulation.checkScale(scale)
            return nil
        } catch let error as LincangDataError {
            var node = loaded.tree["population"]?["scale"]
            var prefix = ""
            // A sweep point's scale is patched in at the parameter's key.
            if let parameter = loaded.tree["sweep"]?["parameters"]?.entries?.first(where: { $0.key == "population.scale" }),
                node?.location == parameter.keyLocation
            {
                prefix = "in sweep parameter `population.scale`: "
                node = parameter.value.items?.first { $0.number == scale } ?? parameter.value
            }
            let smallest = smallestScale(above: scale)
            return Diagnostic(
                location: node?.location ?? SourceLocation(file: loaded.file, line: 1, column: 1), path: "population.scale",
                message: prefix + error.message + "; choose a larger scale" + (smallest.map { " (at least \($0))" } ?? ""))
        } catch {
            return Diagnostic(location: SourceLocation(file: loaded.file, line: 1, column: 1), message: "\(error)")
        }
    }

    /// The smallest scale of the built-in population above `scale`, in thousandths up to 1, whose
    /// structure holds (every county keeps a township, every site its households: 0.098);
    /// nil when none does.
    static func smallestScale(above scale: Double) -> Double? {
        guard scale < 1, let data = try? LincangData.embedded() else { return nil }
        for thousandths in Int((scale * 1000).rounded(.up))...1000 {
            let s = Double(thousandths) / 1000
            if (try? LincangPopulation.checkScale(s, data: data)) != nil { return s }
        }
        return nil
    }

    /// The scenario's population: the built-in one at its scale, or its household file.
    static func population(of scenario: Scenario) throws -> Population {
        try populationAndHash(of: scenario).population
    }

    /// The scenario's population, the SHA-256 of its household file's bytes (nil: built in)
    /// and the file's notes.
    static func populationAndHash(of scenario: Scenario) throws
        -> (population: Population, sha256: String?, notes: [Diagnostic])
    {
        switch scenario.population.origin {
        case .builtin:
            return (try LincangPopulation.build(scale: scenario.population.scale), nil, [])
        case .file(let path):
            let bytes = try HouseholdFile.contents(path: path)
            let (population, notes) = try HouseholdFile.parseNoting(bytes, file: path)
            return (population, SHA256.hex(ofBytes: bytes), notes)
        }
    }
}

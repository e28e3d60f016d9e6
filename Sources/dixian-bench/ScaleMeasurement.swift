import DixianEngine
import DixianModel
import DixianPopulation
import DixianReports
import DixianScenario
import Foundation
import GSL

/// `dixian-bench measure --scale S --replications R --threads T`: one run of the Lincang
/// baseline at population scale S in this process, step by step as `dixian run` takes
/// them — build the population, prepare the simulator, run, write the outputs — with the
/// time and memory of each step, printed as one JSON object (read by ``ScaleBench``).
///
/// Memory is Linux's resident set size: the peak of each step is `VmHWM` after resetting
/// it at the step's start (`/proc/self/clear_refs`), what a step keeps is the difference
/// of `VmRSS` before and after.
struct ScaleMeasurement: Codable {
    var scale: Double
    var households: Int
    var villages: Int
    var years: Int
    var replications: Int
    var threads: Int
    /// Seconds of each step (the run's CPU seconds too: user + system, every thread).
    var populationSeconds = 0.0
    var setupSeconds = 0.0
    var runSeconds = 0.0
    var runCPUSeconds = 0.0
    /// Seconds to set up one worker (copying the columns it reads, allocating its state),
    /// part of every `Simulator.run` call: timed after the run with a run of no replication.
    var workerSetUpSeconds = 0.0
    var writeSeconds = 0.0
    /// Resident bytes at the start (the program and its libraries).
    var startBytes = 0
    /// Resident bytes each step adds and keeps.
    var populationBytes = 0
    var simulatorBytes = 0
    /// Resident bytes when the outputs start to be written (what the run's workers left).
    var writeStartBytes = 0
    /// Peak resident bytes of the process during each step.
    var populationPeakBytes = 0
    var setupPeakBytes = 0
    var runPeakBytes = 0
    var writePeakBytes = 0
    /// The process's peak: the largest of the steps' peaks.
    var processPeakBytes = 0
    /// Bytes of output files written.
    var outputBytes = 0
    /// The engine's own estimate of the run's memory, by part (``Simulator/memoryEstimate(replications:threads:)``).
    var estimate: [String: Int] = [:]

    var householdYears: Double { Double(households * years * replications) }

    static func main() throws {
        let scale = Double(option("--scale") ?? "") ?? 1
        let replications = Int(option("--replications") ?? "") ?? 4
        let threads = Int(option("--threads") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let out = option("--out") ?? NSTemporaryDirectory() + "dixian-bench-scale-\(ProcessInfo.processInfo.processIdentifier)"
        let keep = CommandLine.arguments.contains("--keep-outputs")

        var loaded = ScenarioLoader.loadBaseline()
        loaded = try loaded.applying([
            .init(keyPath: "population.scale", value: .number(scale)),
            .init(keyPath: "replications", value: .number(Double(replications))),
        ])
        let scenario = loaded.scenario
        var m = ScaleMeasurement(
            scale: scale, households: 0, villages: 0, years: scenario.years.end - scenario.years.start + 1,
            replications: replications, threads: threads)
        m.startBytes = ProcessMemory.resident

        var started = Date()
        ProcessMemory.resetPeak()
        let population = try LincangPopulation.build(scale: scale)
        m.populationSeconds = Date().timeIntervalSince(started)
        m.populationPeakBytes = ProcessMemory.peak
        m.populationBytes = ProcessMemory.resident - m.startBytes
        m.households = population.count
        m.villages = population.geography.villages.count

        started = Date()
        ProcessMemory.resetPeak()
        let simulator = try Simulator(variants: [.init(name: scenario.name, scenario: scenario)], population: population)
        m.setupSeconds = Date().timeIntervalSince(started)
        m.setupPeakBytes = ProcessMemory.peak
        m.simulatorBytes = ProcessMemory.resident - m.startBytes - m.populationBytes

        started = Date()
        let cpuStart = cpuSeconds()
        ProcessMemory.resetPeak()
        let result = try simulator.run(replications: 0..<replications, threads: threads)
        m.runSeconds = Date().timeIntervalSince(started)
        m.runCPUSeconds = cpuSeconds() - cpuStart
        m.runPeakBytes = ProcessMemory.peak
        started = Date()
        _ = try simulator.run(replications: 0..<0, threads: 1)
        m.workerSetUpSeconds = Date().timeIntervalSince(started)

        started = Date()
        m.writeStartBytes = ProcessMemory.resident
        ProcessMemory.resetPeak()
        let metadata = RunMetadata(
            scenarioName: scenario.name, resolvedScenario: loaded.canonicalText, seed: scenario.seed,
            programVersion: "bench", gslVersion: GSL.version, generator: scenario.rng, threads: threads,
            startTime: started, endTime: Date(), commandLine: CommandLine.arguments)
        try RunWriter.write(
            result, population: population, metadata: metadata, formats: Set(scenario.outputs.formats),
            report: ReportSettings(language: scenario.outputs.language, scenarios: [scenario]), to: out)
        m.writeSeconds = Date().timeIntervalSince(started)
        m.writePeakBytes = ProcessMemory.peak
        m.outputBytes = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: out + "/" + name)
            return total + ((attributes?[.size] as? Int) ?? 0)
        }
        if !keep { try? FileManager.default.removeItem(atPath: out) }
        // getrusage's peak follows the resets above: the process's peak is the largest step's.
        m.processPeakBytes = [m.populationPeakBytes, m.setupPeakBytes, m.runPeakBytes, m.writePeakBytes].max()!
        m.estimate = simulator.memoryEstimate(replications: replications, threads: threads).bytesByPart

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(m), as: UTF8.self))
    }
}

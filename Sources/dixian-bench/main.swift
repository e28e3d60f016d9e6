// `make bench`: engine throughput and peak memory on the Lincang baseline, with every
// policy on and with every policy off (issue: the engine's speed targets). Not a test:
// timings are measured here and written to docs/performance.md, never asserted.
import DixianEngine
import DixianModel
import DixianPopulation
import DixianScenario
import Foundation

struct Case {
    var name: String
    var scenario: Scenario
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let replications = Int(option("--replications") ?? "") ?? 200
let threads = Int(option("--threads") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
let output = option("--write")

/// Peak resident memory of this process so far, bytes (getrusage reports kilobytes on Linux).
func peakMemory() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) * 1024
}

/// CPU time used by this process so far, seconds (user + system, every thread). On a
/// shared machine wall time includes waiting for a core; CPU time does not.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func shell(_ command: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try? process.run()
    process.waitUntilExit()
    return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

let baseline = ScenarioLoader.loadBaseline().scenario
var policiesOff = baseline
policiesOff.policies.monitoring.enabled = false
policiesOff.policies.dibao.enabled = false
policiesOff.policies.medical.enabled = false
policiesOff.policies.employment.enabled = false
policiesOff.policies.agriInsurance.enabled = false
policiesOff.policies.binding.enabled = false
policiesOff.policies.consumptionHelp.enabled = false
policiesOff.policies.riskFund.enabled = false
policiesOff.policies.relapseInsurance.enabled = false
policiesOff.policies.disasterRelief.enabled = false

let populationStart = Date()
let population = try LincangPopulation.build(scale: baseline.population.scale)
let populationSeconds = Date().timeIntervalSince(populationStart)
var rows: [String] = []
print("population: \(population.count) households in \(String(format: "%.2f", populationSeconds)) s")
for benchCase in [Case(name: "baseline, every policy on", scenario: baseline), Case(name: "every policy off", scenario: policiesOff)] {
    let simulator = try Simulator(variants: [.init(name: "baseline", scenario: benchCase.scenario)], population: population)
    let start = Date()
    let cpuStart = cpuSeconds()
    let result = try simulator.run(replications: 0..<replications, threads: threads)
    let seconds = Date().timeIntervalSince(start)
    let cpu = cpuSeconds() - cpuStart
    let householdYears = Double(population.count * result.layout.years.count * replications)
    let perCore = householdYears / seconds / Double(threads) / 1e6
    let perCPUSecond = householdYears / cpu / 1e6
    let line = String(
        format: "| %@ | %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f |", benchCase.name, replications, threads, seconds,
        perCore, cpu, perCPUSecond, peakMemory() / 1e6)
    rows.append(line)
    print(line)
}

// Common random numbers: K policy variants share one shock tape per replication, so they
// should cost far less than K separate runs (issue 4).
let variantReplications = max(2, replications / 5)
let variantFile = "scenarios/lincang-policy-variants.yaml"
var variantLine = ""
if FileManager.default.fileExists(atPath: variantFile) {
    let loaded = try ScenarioLoader.load(file: variantFile)
    let variants = try loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
    func cpuOf(_ variants: [Simulator.Variant]) throws -> Double {
        let simulator = try Simulator(variants: variants, population: population)
        let start = cpuSeconds()
        _ = try simulator.run(replications: 0..<variantReplications, threads: threads)
        return cpuSeconds() - start
    }
    let together = try cpuOf(variants)
    var separately = 0.0
    for variant in variants { separately += try cpuOf([variant]) }
    variantLine = String(
        format: "| %d variants of `%@` | %d | %.1f | %.1f | %.2f |", variants.count, variantFile, variantReplications,
        together, separately, together / separately)
    print(variantLine)
}

if let output {
    let cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")
    let commit = shell("git rev-parse --short HEAD")
    let measured = """
        <!-- bench:begin (written by make bench) -->
        Machine: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores. Commit \(commit). \(Date().formatted(.iso8601)).

        | case | replications | threads | wall time (s) | M household-years/s/core | CPU time (s) | M household-years/CPU-s | peak memory (MB) |
        |---|---|---|---|---|---|---|---|
        \(rows.joined(separator: "\n"))

        Policy variants with common random numbers against separate runs (CPU seconds):

        | case | replications | together | separately | ratio |
        |---|---|---|---|---|
        \(variantLine)
        <!-- bench:end -->
        """
    // Keep the rest of the document; replace only the measured part.
    var text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    if let begin = text.range(of: "<!-- bench:begin"), let end = text.range(of: "<!-- bench:end -->") {
        text.replaceSubrange(begin.lowerBound..<end.upperBound, with: measured)
    } else {
        text = """
            # Performance

            Measured by `make bench` (`Sources/dixian-bench`).

            \(measured)

            """
    }
    try text.write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}

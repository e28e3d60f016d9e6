import DixianEngine
import DixianModel
import DixianPopulation
import DixianScenario
import Foundation

/// `make bench`: engine throughput and peak memory on the Lincang baseline, with every
/// policy on and with every policy off, and policy variants with common random numbers
/// against separate runs (issues 3 and 4). Written between `<!-- bench:begin` and
/// `<!-- bench:end -->` of docs/performance.md.
enum ThroughputBench {
    struct Case {
        var name: String
        var scenario: Scenario
    }

    static func run() throws {
        let replications = Int(option("--replications") ?? "") ?? 200
        let threads = Int(option("--threads") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let output = option("--write")

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
        // `--only variants`: just the variants' comparison (a quick look while working on it).
        let cases = option("--only") == "variants" ? [] : [
            Case(name: "baseline, every policy on", scenario: baseline), Case(name: "every policy off", scenario: policiesOff),
        ]
        for benchCase in cases {
            let simulator = try Simulator(
                variants: [.init(name: "baseline", scenario: benchCase.scenario)], population: population)
            let start = Date()
            let cpuStart = cpuSeconds()
            let result = try simulator.run(replications: 0..<replications, threads: threads)
            let seconds = Date().timeIntervalSince(start)
            let cpu = cpuSeconds() - cpuStart
            let householdYears = Double(population.count * result.layout.years.count * replications)
            let perCore = householdYears / seconds / Double(threads) / 1e6
            let perCPUSecond = householdYears / cpu / 1e6
            let line = String(
                format: "| %@ | %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f |", benchCase.name, replications, threads,
                seconds, perCore, cpu, perCPUSecond, peakMemory() / 1e6)
            rows.append(line)
            print(line)
        }

        // Common random numbers: K policy variants share one shock tape per replication, so they
        // should cost far less than K separate runs (issue 4).
        let variantReplications = Int(option("--variant-replications") ?? "") ?? max(2, replications / 5)
        let variantFile = "scenarios/lincang-policy-variants.yaml"
        var variantLine = ""
        if FileManager.default.fileExists(atPath: variantFile) {
            let loaded = try ScenarioLoader.load(file: variantFile)
            let variants = try loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
            var shared = 0
            let years = variants[0].scenario.years.end - variants[0].scenario.years.start + 1
            func cpuOf(_ variants: [Simulator.Variant], sharesPasses: Bool = true) throws -> Double {
                let simulator = try Simulator(variants: variants, population: population)
                simulator.sharesPasses = sharesPasses
                let start = cpuSeconds()
                _ = try simulator.run(replications: 0..<variantReplications, threads: threads)
                shared = simulator.sharedPasses
                return cpuSeconds() - start
            }
            let together = try cpuOf(variants)
            let sharedShare = Double(shared)
                / Double(population.count * years * variantReplications * (variants.count - 1))
            let tapeOnly = try cpuOf(variants, sharesPasses: false)
            var separately = 0.0
            for variant in variants { separately += try cpuOf([variant]) }
            variantLine = String(
                format: "| %d variants of `%@` | %d | %.1f | %.1f (%.2f) | %.1f (%.0f%%) | %.2f |", variants.count,
                variantFile, variantReplications, separately, tapeOnly, tapeOnly / separately, together,
                100 * sharedShare, together / separately)
            print(variantLine)
        }

        let drawCosts = try drawCostLine()
        print(drawCosts)
        if let output {
            let measured = """
                <!-- bench:begin (written by make bench) -->
                \(machineLine())
                \(drawCosts)

                | case | replications | threads | wall time (s) | M household-years/s/core | CPU time (s) | M household-years/CPU-s | peak memory (MB) |
                |---|---|---|---|---|---|---|---|
                \(rows.joined(separator: "\n"))

                Policy variants with common random numbers against separate runs (CPU seconds): run one by
                one; together sharing only the shock tape (ratio to separately); together also sharing the
                passes of the households a variant's differences do not touch (the default; in brackets the
                share of the other variants' household-years taken from the first variant).

                | case | replications | separately | together, tape shared (ratio) | together, passes shared (share) | ratio |
                |---|---|---|---|---|---|
                \(variantLine)
                <!-- bench:end -->
                """
            try writeBetweenMarkers("bench", measured, to: output)
            print("wrote \(output)")
        }
    }
}

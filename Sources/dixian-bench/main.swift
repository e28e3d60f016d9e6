import DixianEngine
import DixianModel
import DixianPopulation
import DixianScenario
import Foundation

let replications = Int(CommandLine.arguments.dropFirst().first ?? "20") ?? 20
let threads = Int(CommandLine.arguments.dropFirst(2).first ?? "1") ?? 1
let population = try LincangPopulation.build()
var scenario = ScenarioLoader.loadBaseline().scenario
let t0 = Date()
let simulator = try Simulator(variants: [.init(name: "baseline", scenario: scenario)], population: population)
let t1 = Date()
let result = try simulator.run(replications: 0..<replications, threads: threads)
let t2 = Date()
let hy = Double(population.count * result.layout.years.count * replications)
print("setup \(t1.timeIntervalSince(t0)) s; run \(t2.timeIntervalSince(t1)) s; \(hy / t2.timeIntervalSince(t1) / Double(threads) / 1e6) M household-years/s/core")
for y in 0...result.layout.years.count {
    let v = result.outcomes[0].map { $0.value(.relapseHouseholds, period: y) }
    let a = result.outcomes[0].map { $0.value(.atRiskHouseholds, period: y) }
    let m = result.outcomes[0].map { $0.value(.monitoredHouseholds, period: y) }
    let s = result.outcomes[0].map { $0.value(.spendingTotal, period: y) }
    let b = result.outcomes[0].map { $0.value(.villageBreaches, period: y) }
    print(result.layout.periodName(y), "relapse", v.reduce(0,+)/Double(v.count), "atRisk", a.reduce(0,+)/Double(a.count), "monitored", m.reduce(0,+)/Double(m.count), "spending", s.reduce(0,+)/Double(s.count), "breaches", b.reduce(0,+)/Double(b.count))
}

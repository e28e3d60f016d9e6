import DixianEngine
import DixianModel
import Foundation
import Testing

/// Helpers for the policy-instrument and reproducibility tests: fixed drill events,
/// spending and figures of single replications, bit-exact comparison of outcomes.
extension EngineFixtures {
    /// A hazard that never happens by itself (rate 0 everywhere) and affects every
    /// household of a village it hits, with no house damage or injury unless given: drills
    /// place its events at fixed times and places.
    static func drillHazard(
        name: String = "flood", houseDamage: Hazard.HouseDamage = Hazard.HouseDamage(),
        commodities: Hazard.Commodities = .all
    ) -> Hazard {
        Hazard(
            name: name, rate: Keyed(0), footprint: .fixed(value: 0), affectedShare: 1, loss: .fixed(value: 0),
            commodities: commodities, houseDamage: houseDamage)
    }

    /// A drill disaster hitting every village of `county` in `year`, `month` (1…12), destroying
    /// the share `loss` of the year's production of the hazard's commodities.
    static func drillDisaster(
        _ name: String = "flood", county: County = .cangyuan, year: Int, month: Int, loss: Double
    ) -> Drill.Event {
        .hazard(name: name, county: county, year: year, month: month, villages: 1, loss: loss)
    }

    /// Every household insured against relapse (coverage 1, share 0.8), and a drill flood in
    /// 沧源 in March 2022 destroying 63.85% of the year's output: a household with 10,000 of
    /// tea falls to 3,615, below M = 6,000, and is paid 0.8·(6,000 − 3,615) = 1,908.
    static func insuredFlood(replications: Int = 1) -> Scenario {
        var scenario = quietScenario(replications: replications)
        scenario.shocks.disasters = [drillHazard()]
        scenario.drill = Drill(events: [drillDisaster(year: 2022, month: 3, loss: 0.6385)])
        scenario.policies.relapseInsurance.enabled = true
        scenario.policies.relapseInsurance.coverage = 1
        scenario.policies.relapseInsurance.share = 0.8
        return scenario
    }

    /// Period index of a year.
    static func period(_ result: RunResult, _ year: Int) -> Int {
        result.layout.years.firstIndex(of: year)!
    }

    /// Spending on `item` in `county` in `year` of replication `replication`.
    static func spending(
        _ result: RunResult, _ item: SpendingItem, county: County = .cangyuan, year: Int, replication: Int = 0,
        variant: Int = 0
    ) -> Double {
        result.materializedOutcomes[variant][replication].spending(item, county: county, period: period(result, year))
    }

    /// A figure of one replication for the whole population in `year`.
    static func value(
        _ result: RunResult, _ metric: Metric, year: Int, replication: Int = 0, variant: Int = 0
    ) -> Double {
        result.materializedOutcomes[variant][replication].value(metric, period: period(result, year))
    }

    /// Whether two amounts agree to rounding: the engine sums a few dozen products of
    /// yuan amounts, each with a relative rounding error of at most 2⁻⁵³ ≈ 1.1e-16, so a
    /// relative difference above 1e-12 is a wrong amount, not rounding.
    static func same(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
    }

    /// Spending `a` equals `b` up to the rounding of its `payments` payments to whole
    /// spending units (10^-6 yuan, each rounded by at most half a unit: MODEL.md §7 as
    /// implemented, docs/model.md).
    static func sameSpending(_ a: Double, _ b: Double, payments: Int) -> Bool {
        abs(a - b) <= Double(payments) * 5e-7 + 1e-12 * max(1, abs(b))
    }

    /// Bit-for-bit equality of two outcomes. `ReplicationOutcome ==` compares doubles with
    /// `==`, under which the NaNs marking undefined figures never equal each other; the
    /// reproducibility promise of MODEL.md §7 is about bits.
    static func identical(_ a: ReplicationOutcome, _ b: ReplicationOutcome) -> Bool {
        func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
        return a.layout == b.layout && bits(a.values) == bits(b.values) && bits(a.spending) == bits(b.spending)
            && bits(a.causes) == bits(b.causes)
    }

    static func identical(_ a: [ReplicationOutcome], _ b: [ReplicationOutcome]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { identical($0, $1) }
    }

    /// Runs several variants (each a full scenario) on one population.
    static func run(
        variants: [(String, Scenario)], _ population: Population, replications: Range<Int>? = nil, threads: Int = 2
    ) throws -> RunResult {
        let simulator = try Simulator(
            variants: variants.map { .init(name: $0.0, scenario: $0.1) }, population: population)
        return try simulator.run(
            replications: replications ?? 0..<variants[0].1.replications.maximum, threads: threads)
    }

    /// A mixed population of `count` households over two counties with every kind of
    /// household the engine distinguishes (migrants, producers, monitored, 低保, 特困,
    /// bound, insured, statuses), drawn from a fixed linear congruential sequence so that
    /// it never changes.
    static func mixedPopulation(_ count: Int = 240) -> Population {
        var population = Population()
        var state: UInt64 = 2_385
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let statuses: [HouseholdStatus] = [.exited, .exited, .exited, .edge, .hardship, .other]
        for i in 0..<count {
            let county: County = i % 3 == 0 ? .gengma : .cangyuan
            let size = 1 + next(5)
            let laborers = next(size + 1)
            let migrants = laborers > 0 ? next(laborers + 1) : 0
            var h = Household(
                id: "m\(i)", county: county, township: "t\(i % 4)", village: "v\(i % 24)", size: size,
                laborers: laborers, migrants: migrants, status: statuses[next(statuses.count)])
            h.wageLocal = laborers > migrants ? Double(2_000 + next(9_000)) : 0
            h.wageMigrant = migrants > 0 ? Double(6_000 * migrants + next(12_000)) : 0
            h.transfer = Double(next(3_000))
            h.property = Double(next(300))
            if next(3) > 0 { h.production["tea"] = Double(1_000 + next(12_000)) }
            if next(3) == 0 { h.production["sugarcane"] = Double(1_000 + next(8_000)) }
            h.monitored = next(8) == 0
            h.tekun = laborers == 0 && next(4) == 0
            h.dibao = !h.tekun && next(6) == 0
            h.bound = !h.production.isEmpty && next(2) == 0
            if h.production["tea"] != nil && next(2) == 0 { h.insured.insert("tea") }
            population.append(h)
        }
        return population
    }
}

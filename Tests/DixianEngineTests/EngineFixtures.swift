import DixianEngine
import DixianModel
import DixianTestSupport

/// Small populations and scenarios with known answers.
enum EngineFixtures {
    /// A scenario with every shock and every policy switched off, flat lines (poverty 4,000,
    /// monitoring 6,000, 低保 4,620 in every year) and no income growth: tests switch on
    /// exactly what they examine.
    static func quietScenario(replications: Int = 20, seed: UInt64 = 2_385) -> Scenario {
        TestScenarios.quiet(replications: replications, seed: seed)
    }

    /// `count` one-person exited households, each alone in its own village of `county`
    /// (so that village-level shocks hit them independently).
    static func households(
        _ count: Int, county: County = .cangyuan, size: Int = 1, laborers: Int = 0, migrants: Int = 0,
        status: HouseholdStatus = .exited, configure: (inout Household) -> Void = { _ in }
    ) -> Population {
        var population = Population()
        for i in 0..<count {
            var h = Household(
                id: "h\(i)", county: county, township: "t\(i / 100)", village: "v\(i)", size: size,
                laborers: laborers, migrants: migrants, status: status)
            configure(&h)
            population.append(h)
        }
        return population
    }

    static func run(_ scenario: Scenario, _ population: Population, threads: Int = 2) throws -> RunResult {
        let simulator = try Simulator(variants: [.init(name: "baseline", scenario: scenario)], population: population)
        return try simulator.run(replications: 0..<scenario.replications.maximum, threads: threads)
    }

    /// Mean over replications of a figure for the whole population.
    static func mean(_ result: RunResult, _ metric: Metric, year: Int, variant: Int = 0) -> Double {
        let period = result.layout.years.firstIndex(of: year)!
        let values = result.materializedOutcomes[variant].map { $0.value(metric, period: period) }
        return values.reduce(0, +) / Double(values.count)
    }
}

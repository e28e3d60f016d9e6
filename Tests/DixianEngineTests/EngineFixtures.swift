import DixianEngine
import DixianModel

/// Small populations and scenarios with known answers.
enum EngineFixtures {
    /// A scenario with every shock and every policy switched off, flat lines (poverty 4,000,
    /// monitoring 6,000, 低保 4,620 in every year) and no income growth: tests switch on
    /// exactly what they examine.
    static func quietScenario(replications: Int = 20, seed: UInt64 = 2_385) -> Scenario {
        var s = Scenario()
        s.seed = seed
        s.replications = .fixed(replications)
        s.lines.poverty = .indexed(value: 4_000, growth: 0)
        s.lines.monitoring = .multiple(1.5)
        s.lines.dibao = .indexed(value: 4_620, growth: 0)
        s.income.growth.wage = 0
        s.income.growth.production = 0
        s.income.growth.property = 0
        s.income.growth.transfer = 0
        s.income.volatility.wage = 0
        s.income.volatility.production = 0
        s.shocks.prices.sd = Keyed(0)
        s.shocks.prices.drift = Keyed(0)
        s.shocks.prices.crashProbability = Keyed(0)
        s.shocks.disasters = []
        s.shocks.labor.jobLossMonthly = 0
        s.shocks.labor.downturn.probability = 0
        s.shocks.labor.epidemic.probability = 0
        s.shocks.illness.ratePerPerson = 0
        s.shocks.illness.disabilityPerLaborer = 0
        s.policies.monitoring.enabled = false
        s.policies.dibao.enabled = false
        s.policies.medical.enabled = false
        s.policies.employment.enabled = false
        s.policies.agriInsurance.enabled = false
        s.policies.binding.enabled = false
        s.policies.consumptionHelp.enabled = false
        s.policies.riskFund.enabled = false
        s.policies.relapseInsurance.enabled = false
        s.policies.disasterRelief.enabled = false
        return s
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
        let values = result.outcomes[variant].map { $0.value(metric, period: period) }
        return values.reduce(0, +) / Double(values.count)
    }
}

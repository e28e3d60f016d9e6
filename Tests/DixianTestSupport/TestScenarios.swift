import DixianModel

/// Scenarios shared by the test targets.
public enum TestScenarios {
    /// Twenty-one key paths under `policies` that each take a number in 0.1…0.2: one more
    /// than a Sobol sweep may vary.
    public static let sobolKeys = [
        "monitoring.cadre_monthly", "monitoring.self_report_monthly", "monitoring.gap_coverage",
        "monitoring.screening.sensitivity", "monitoring.exit.margin", "medical.basic.rate", "medical.catastrophic.rate",
        "medical.aid.rate", "medical.tilted_aid.rate", "medical.catastrophic.low_income_threshold_cut",
        "medical.catastrophic.low_income_rate_bonus", "employment.reemployment_boost", "agri_insurance.deductible",
        "agri_insurance.indemnity", "agri_insurance.price_insurance.trigger", "binding.share", "binding.floor",
        "risk_fund.share", "relapse_insurance.coverage", "relapse_insurance.share", "disaster_relief.housing_subsidy",
    ].map { "policies." + $0 }

    /// A scenario with every shock and every policy switched off, flat lines (poverty 4,000,
    /// monitoring 1.5 × 4,000 = 6,000, 低保 4,620 in every year) and no income growth: tests
    /// switch on exactly what they examine, so that answers can be derived by hand.
    public static func quiet(replications: Int = 20, seed: UInt64 = 2_385) -> Scenario {
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
}

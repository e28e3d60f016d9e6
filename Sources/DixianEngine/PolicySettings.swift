import DixianModel
import Foundation

/// The policy side of a scenario, compiled for the year pass: lines and growth per year,
/// every instrument's settings as plain numbers, budgets per county (MODEL.md §1, §4).
struct PolicySettings: Sendable, Equatable {
    var years: [Int]
    /// Poverty line P_t, monitoring line M_t and 低保 standard D_t, yuan per person-year.
    var povertyLine: [Double]
    var monitoringLine: [Double]
    var dibaoStandard: [Double]
    /// Growth factors (1 + g)^(t − base_year) per year.
    var wageGrowth: [Double]
    var productionGrowth: [Double]
    var propertyGrowth: [Double]
    var transferGrowth: [Double]

    var rigidExpenditure: Bool
    var localWageCut: Double
    var reemploymentMonthly: Double

    var monitoring: MonitoringPolicy
    /// Bit m set when month m (0-based) has data screening.
    var screeningMonths: UInt16
    var dibao: DibaoPolicy
    var medical: MedicalPolicy
    var takeUp: [Double]
    var employment: EmploymentPolicy
    var posts: [Int]
    var agriInsurance: AgriInsurancePolicy
    var binding: BindingPolicy
    var consumptionHelp: ConsumptionHelpPolicy
    /// Bit c set when consumption help buys commodity c.
    var consumptionMask: UInt32
    var riskFund: RiskFundPolicy
    var riskFundBudget: [Double]
    var relapseInsurance: RelapseInsurancePolicy
    var disasterRelief: DisasterReliefPolicy
    /// Yearly budget per county of each instrument (in `Instrument.allCases` order), or nil
    /// when unlimited. One budget covers every spending item of its instrument (低保 and 特困 share one).
    var budget: [[Double]?]
    /// The budget (index into `budget`) that limits each spending item, or nil.
    var budgetPool: [Int?]
    var largeScale: LargeScaleThresholds

    init(scenario: Scenario) {
        years = Array(scenario.years.start...scenario.years.end)
        povertyLine = years.map { scenario.povertyLine(in: $0) }
        monitoringLine = years.map { scenario.monitoringLine(in: $0) }
        dibaoStandard = years.map { scenario.dibaoStandard(in: $0) }
        let growth = scenario.income.growth
        let base = scenario.baseYear
        let years = self.years
        let factors = { (g: Double) in years.map { pow(1 + g, Double($0 - base)) } }
        wageGrowth = factors(growth.wage)
        productionGrowth = factors(growth.production)
        propertyGrowth = factors(growth.property)
        transferGrowth = factors(growth.transfer)

        rigidExpenditure = scenario.accounting.rigidExpenditure
        localWageCut = scenario.shocks.labor.epidemic.localWageCut
        reemploymentMonthly = scenario.shocks.labor.reemploymentMonthly

        let policies = scenario.policies
        monitoring = policies.monitoring
        screeningMonths = policies.monitoring.screening.months.reduce(0) { $0 | 1 << UInt16($1 - 1) }
        dibao = policies.dibao
        medical = policies.medical
        takeUp = years.map { policies.medical.takeUp[$0] }
        employment = policies.employment
        posts = County.allCases.map { policies.employment.postsPerCounty[$0] }
        agriInsurance = policies.agriInsurance
        binding = policies.binding
        consumptionHelp = policies.consumptionHelp
        let commodities = scenario.shocks.prices.commodities
        consumptionMask = commodities.enumerated().reduce(0) { mask, item in
            policies.consumptionHelp.commodities.contains(item.element) ? mask | 1 << UInt32(item.offset) : mask
        }
        riskFund = policies.riskFund
        riskFundBudget = County.allCases.map { policies.riskFund.yearlyPerCounty[$0] }
        relapseInsurance = policies.relapseInsurance
        disasterRelief = policies.disasterRelief
        budget = Instrument.allCases.map { instrument in
            let general = policies.budgets[instrument]
            if instrument == .riskFund {
                // The fund's own yearly amount, or a tighter general budget.
                return County.allCases.map {
                    min(policies.riskFund.yearlyPerCounty[$0], general?[$0] ?? .infinity)
                }
            }
            return general.map { b in County.allCases.map { b[$0] } }
        }
        budgetPool = SpendingItem.allCases.map { item in
            item.budgetInstrument.flatMap { instrument in
                let pool = Instrument.allCases.firstIndex(of: instrument)!
                return policies.budgets[instrument] != nil || instrument == .riskFund ? pool : nil
            }
        }
        largeScale = scenario.largeScale
    }
}

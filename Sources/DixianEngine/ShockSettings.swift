import DixianModel
import Foundation
import GSL

/// The shock side of a scenario, compiled for the tape generator (MODEL.md §3).
///
/// Two variants whose `ShockSettings` are equal see the very same shock tape in every
/// replication; only their policies differ (common random numbers, MODEL.md §6).
struct ShockSettings: Sendable {
    /// One hazard of §3.2 with per-county arrays and prepared distributions.
    struct HazardSettings: Sendable {
        var name: String
        /// Poisson rate of events per county-year, indexed like `County.allCases`.
        var rate: [Double]
        /// Month of an event (0-based), drawn from the seasonality weights.
        var month: DiscreteSampler
        var footprint: PreparedDistribution
        var affectedShare: Double
        var loss: PreparedDistribution
        /// Bit c set when the hazard destroys commodity c's production.
        var commodityMask: UInt32
        var houseDamageProbability: Double
        var repairCost: PreparedDistribution
        var injuryProbability: Double
        var injuryMonths: Int
    }

    /// A drill's fixed event (MODEL.md §6), placed on top of the random shocks.
    enum DrillEvent: Sendable {
        case hazard(hazard: Int, county: Int, yearIndex: Int, month: Int, villageShare: Double, loss: Double)
        case price(commodity: Int, yearIndex: Int, change: Double)
        case epidemic(yearIndex: Int, month: Int, months: Int)
    }

    var years: [Int]
    var rngName: String
    var seed: UInt64
    var commodities: [Commodity]

    // §3.1 prices
    /// Years from `base_year` (x = 0) to the first simulated year: 0 when that year is the
    /// base year itself (π = 1), 1 when it follows it, more when years lie between, whose
    /// price shocks are drawn before the first (MODEL.md §3.1).
    var priceYearsBeforeStart: Int
    var persistence: Double
    var drift: [Double]
    var priceSD: [Double]
    /// Lower-triangular factor of the correlation matrix, row-major, rows of length n.
    var correlationFactor: [Double]
    var crashProbability: [Double]
    var crashSize: PreparedDistribution

    // §3.2 disasters
    var hazards: [HazardSettings]

    // §3.3 labour market
    var jobLossMonthly: Double
    var downturnProbability: Double
    var downturnMultiplier: Double
    var epidemicProbability: Double
    var epidemicMonths: Int
    var epidemicMultiplier: Double

    // §3.4 illness and accidents
    var illnessRatePerPerson: Double
    var illnessCost: PreparedDistribution
    var illnessLostMonths: Int
    /// Cumulative hazard of permanent disability per laborer-year, `−log(1 − p)`.
    var disabilityHazard: Double

    // §3.5 volatility
    var sigmaWage: Double
    var sigmaProduction: Double

    var drillEvents: [DrillEvent]
    /// The month of the drill's first event from January of the first year (0 without a drill).
    var drillStart: Int

    /// The parts of a scenario the tape is drawn from: two variants whose keys are equal
    /// can share a tape. (Compared by value: a text rendering would depend on the
    /// iteration order of the scenario's dictionaries.)
    struct Key: Hashable, Sendable {
        var years: YearRange
        var baseYear: Int
        var seed: UInt64
        var rng: String
        var shocks: Shocks
        var volatility: IncomeSettings.Volatility
        var drill: Drill?
        var population: PopulationSource
    }

    /// The key that decides whether two variants can share a tape.
    let identity: Key

    init(scenario: Scenario) throws {
        years = Array(scenario.years.start...scenario.years.end)
        rngName = scenario.rng
        seed = scenario.seed
        let prices = scenario.shocks.prices
        commodities = prices.commodities
        priceYearsBeforeStart = max(0, scenario.years.start - scenario.baseYear)
        persistence = prices.persistence
        drift = commodities.map { prices.drift[$0] }
        priceSD = commodities.map { prices.sd[$0] }
        correlationFactor = try Self.choleskyFactor(prices.correlationMatrix)
        crashProbability = commodities.map { prices.crashProbability[$0] }
        crashSize = try PreparedDistribution(prices.crashSize)

        let commodities = self.commodities
        hazards = try scenario.shocks.disasters.map { hazard in
            var mask: UInt32 = 0
            for (c, commodity) in commodities.enumerated() where hazard.commodities.contains(commodity) {
                mask |= 1 << UInt32(c)
            }
            return HazardSettings(
                name: hazard.name,
                rate: County.allCases.map { hazard.rate[$0] },
                month: try DiscreteSampler(weights: hazard.seasonality.monthProbabilities),
                footprint: try PreparedDistribution(hazard.footprint),
                affectedShare: hazard.affectedShare,
                loss: try PreparedDistribution(hazard.loss),
                commodityMask: mask,
                houseDamageProbability: hazard.houseDamage.probability,
                repairCost: try PreparedDistribution(hazard.houseDamage.cost),
                injuryProbability: hazard.injury.probability,
                injuryMonths: hazard.injury.months)
        }

        let labor = scenario.shocks.labor
        jobLossMonthly = labor.jobLossMonthly
        downturnProbability = labor.downturn.probability
        downturnMultiplier = labor.downturn.multiplier
        epidemicProbability = labor.epidemic.probability
        epidemicMonths = labor.epidemic.months
        epidemicMultiplier = labor.epidemic.multiplier

        let illness = scenario.shocks.illness
        illnessRatePerPerson = illness.ratePerPerson
        illnessCost = try PreparedDistribution(illness.cost)
        illnessLostMonths = illness.lostMonths
        disabilityHazard = -log1p(-min(illness.disabilityPerLaborer, Self.almostOne))

        sigmaWage = scenario.income.volatility.wage
        sigmaProduction = scenario.income.volatility.production

        let startYear = scenario.years.start
        drillStart = scenario.drillStartMonth ?? 0
        let hazardNames = scenario.shocks.disasters.map(\.name)
        drillEvents = (scenario.drill?.events ?? []).compactMap { event in
            switch event {
            case .hazard(let name, let county, let year, let month, let villages, let loss):
                guard let h = hazardNames.firstIndex(of: name) else { return nil }
                return .hazard(
                    hazard: h, county: County.allCases.firstIndex(of: county)!, yearIndex: year - startYear,
                    month: month - 1, villageShare: villages, loss: loss)
            case .price(let commodity, let year, let change):
                guard let c = commodities.firstIndex(of: commodity) else { return nil }
                return .price(commodity: c, yearIndex: year - startYear, change: change)
            case .epidemic(let year, let month, let months):
                return .epidemic(yearIndex: year - startYear, month: month - 1, months: months)
            }
        }

        // Everything above comes from these parts of the scenario and nothing else.
        identity = Key(
            years: scenario.years, baseYear: scenario.baseYear, seed: scenario.seed, rng: scenario.rng, shocks: scenario.shocks,
            volatility: scenario.income.volatility, drill: scenario.drill, population: scenario.population)
    }

    /// The largest probability treated as less than certain when taking `log(1 − p)`.
    static let almostOne = 1 - 1e-15

    /// Cholesky factor L (row-major) of a positive semi-definite matrix, L·Lᵀ = A; columns of
    /// a singular direction are zero (so a correlation of exactly 1 is allowed).
    static func choleskyFactor(_ a: [[Double]]) throws -> [Double] {
        let n = a.count
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > -1e-10 else { throw EngineError.setup("the price correlation matrix is not positive semi-definite") }
            let root = d > 0 ? d.squareRoot() : 0
            l[j * n + j] = root
            for i in (j + 1)..<n {
                var s = a[i][j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = root > 0 ? s / root : 0
            }
        }
        return l
    }
}

/// A run that cannot start or cannot go on, with a message for the user.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    /// The scenario and population do not fit together (e.g. a commodity the prices do not cover).
    case setup(String)
    /// A resource limit or an interrupted run.
    case run(String)

    public var description: String {
        switch self {
        case .setup(let message), .run(let message): message
        }
    }
}

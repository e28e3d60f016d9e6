/// One kind of natural hazard (MODEL.md §3.2): Poisson events per county and year, each
/// hitting a random share of a county's villages and, in them, a share of households.
public struct Hazard: Hashable, Sendable {
    /// Months of the year in which events happen.
    public enum Seasonality: Hashable, Sendable {
        /// Every month equally likely.
        case uniform
        /// Twelve non-negative weights, January first, not all zero.
        case weights([Double])

        /// The probability of each month, January first, summing to 1.
        public var monthProbabilities: [Double] {
            switch self {
            case .uniform: return Array(repeating: 1.0 / 12, count: 12)
            case .weights(let w):
                let total = w.reduce(0, +)
                return w.map { $0 / total }
            }
        }
    }

    /// Which commodities' production an event destroys.
    public enum Commodities: Hashable, Sendable {
        /// Every commodity.
        case all
        /// Only these.
        case only([Commodity])

        /// Whether an event hits `commodity`.
        public func contains(_ commodity: Commodity) -> Bool {
            switch self {
            case .all: true
            case .only(let list): list.contains(commodity)
            }
        }
    }

    /// Damage to houses of affected households.
    public struct HouseDamage: Hashable, Sendable {
        /// Probability that an affected household's house is damaged.
        public var probability: Double
        /// Repair cost in yuan (base-year prices), out of pocket less any housing subsidy.
        public var cost: Distribution
        public init(probability: Double = 0, cost: Distribution = .lognormal(mean: 30_000, sd: 20_000)) {
            self.probability = probability
            self.cost = cost
        }
    }

    /// Injury of a laborer of an affected household.
    public struct Injury: Hashable, Sendable {
        /// Probability that one laborer of an affected household is injured.
        public var probability: Double
        /// Months of wage the injured laborer loses.
        public var months: Int
        public init(probability: Double = 0, months: Int = 6) {
            self.probability = probability
            self.months = months
        }
    }

    /// Name, e.g. `earthquake`; unique within a scenario; drills refer to it.
    public var name: String
    /// Events per county and year (Poisson rate λ).
    public var rate: Keyed<County, Double>
    /// Months of the events.
    public var seasonality: Seasonality = .uniform
    /// Footprint `f`: fraction of the county's villages hit by an event, on [0, 1].
    public var footprint: Distribution
    /// Share `q` of the households of a hit village that are affected.
    public var affectedShare: Double
    /// Severity `s`: fraction of the year's production of the hazard's commodities lost, on [0, 1].
    public var loss: Distribution
    /// Commodities whose production the hazard destroys.
    public var commodities: Commodities = .all
    /// House damage; probability 0 when the scenario does not give it.
    public var houseDamage: HouseDamage = HouseDamage()
    /// Injury; probability 0 when the scenario does not give it.
    public var injury: Injury = Injury()

    public init(
        name: String, rate: Keyed<County, Double>, seasonality: Seasonality = .uniform,
        footprint: Distribution, affectedShare: Double, loss: Distribution,
        commodities: Commodities = .all, houseDamage: HouseDamage = HouseDamage(),
        injury: Injury = Injury()
    ) {
        self.name = name
        self.rate = rate
        self.seasonality = seasonality
        self.footprint = footprint
        self.affectedShare = affectedShare
        self.loss = loss
        self.commodities = commodities
        self.houseDamage = houseDamage
        self.injury = injury
    }

    /// The settings a hazard listed in a scenario starts from before its own keys apply.
    /// Rate 0 everywhere, footprint beta(2, 8), every household of a hit village affected,
    /// loss beta(2, 5): assumptions, so that a hazard must at least be given a rate.
    public static func template(named name: String) -> Hazard {
        Hazard(
            name: name, rate: Keyed(0), footprint: .beta(a: 2, b: 8), affectedShare: 1,
            loss: .beta(a: 2, b: 5))
    }

    /// The four hazards of the Lincang baseline (DATA.md §5).
    public static let lincangDefaults: [Hazard] = [
        // Earthquake. DATA.md §5: Lincang M≥5 hitting a county ~0.3–0.5 a year for the city
        // (GUESS), i.e. ~0.05 a county, doubled in 沧源 and 耿马 (1988 澜沧–耿马 M7, 2015 沧源 M5.5);
        // "~5–10% of rural households seriously affected per event" (GUESS) is footprint
        // mean 0.2 × affected share 0.35 = 7%. Loss, house damage and cost: assumptions;
        // injury 0.001 rounds up 2015 沧源's 20 injured among ~62,000 affected.
        Hazard(
            name: "earthquake", rate: Keyed(0.05, [.cangyuan: 0.10, .gengma: 0.10]),
            footprint: .beta(a: 1.5, b: 6), affectedShare: 0.35, loss: .beta(a: 2, b: 5),
            houseDamage: HouseDamage(probability: 0.3, cost: .lognormal(mean: 30_000, sd: 20_000)),
            injury: Injury(probability: 0.001, months: 6)),
        // Drought. DATA.md §5 suggested yearly household risk 0.25–0.33, severe 0.1 (GUESS):
        // 0.3 events × footprint mean 0.4 × affected 0.8 ≈ 0.1 severe a year. Dry season
        // December–May (assumption). Loss mean 0.25 (2010: Lincang sugarcane yield 5 → 3 t/ha).
        Hazard(
            name: "drought", rate: Keyed(0.3),
            seasonality: .weights([0.15, 0.2, 0.25, 0.2, 0.1, 0, 0, 0, 0, 0, 0, 0.1]),
            footprint: .beta(a: 2, b: 3), affectedShare: 0.8, loss: .beta(a: 2, b: 6),
            commodities: .only(["tea", "sugarcane", "nuts", "coffee", "fruit", "vegetables", "herbs", "grain"])),
        // Flood and landslide. DATA.md §5 suggested household risk 0.03–0.05 (GUESS):
        // 0.5 events × footprint mean 0.2 × affected 0.4 = 0.04. Rainy season May–September.
        Hazard(
            name: "flood", rate: Keyed(0.5),
            seasonality: .weights([0, 0, 0, 0, 0.05, 0.2, 0.3, 0.3, 0.15, 0, 0, 0]),
            footprint: .beta(a: 2, b: 8), affectedShare: 0.4, loss: .beta(a: 2, b: 5),
            houseDamage: HouseDamage(probability: 0.1, cost: .lognormal(mean: 20_000, sd: 15_000)),
            injury: Injury(probability: 0.001, months: 3)),
        // Frost. DATA.md §5 suggested household risk 0.05 (GUESS): 0.25 × 0.25 × 0.8 = 0.05.
        // November–February; tree and leaf crops (2013 frost, 2017 coffee frost).
        Hazard(
            name: "frost", rate: Keyed(0.25),
            seasonality: .weights([0.35, 0.15, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.4]),
            footprint: .beta(a: 2, b: 6), affectedShare: 0.8, loss: .beta(a: 2, b: 6),
            commodities: .only(["tea", "coffee", "nuts", "fruit", "vegetables"])),
    ]
}

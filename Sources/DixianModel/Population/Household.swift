/// One household, as a row of a household file (MODEL.md §2, INTERFACE.md).
///
/// This is the convenient, allocating form used for input, output and tests. The engine
/// reads the same facts from ``Population``'s columns, which hold millions of households
/// compactly; `population[i]` and `population.append(_:)` convert between the two.
///
/// Money is yuan per year in the base year (CNY, nominal).
public struct Household: Hashable, Sendable {
    /// Unique key within a population.
    public var id: String
    public var county: County
    /// Township code (乡镇), unique within its county.
    public var township: String
    /// Village code (行政村), unique within its township.
    public var village: String
    /// Persons, ≥ 1.
    public var size: Int
    /// Able working-age members, 0…size.
    public var laborers: Int
    /// Laborers working away from home (外出务工), 0…laborers.
    public var migrants: Int
    public var status: HouseholdStatus
    /// A monitoring object (监测对象) at the start.
    public var monitored: Bool = false
    /// Receives the minimum living guarantee (低保) at the start.
    public var dibao: Bool = false
    /// Receives support for persons in extreme poverty (特困供养) at the start.
    public var tekun: Bool = false
    /// Moved under poverty-alleviation relocation (易地扶贫搬迁).
    public var relocated: Bool = false
    /// Code of the relocation site; empty when none or unknown.
    public var site: String = ""
    /// Lives in a border village (沿边行政村).
    public var border: Bool = false
    /// Members with a disability (count).
    public var disabled: Int = 0
    /// Members with a chronic illness (count).
    public var chronic: Int = 0
    /// Wages earned locally, yuan per year.
    public var wageLocal: Double = 0
    /// Wages of migrant members (外出务工收入), yuan per year.
    public var wageMigrant: Double = 0
    /// Rents, dividends and other property income, yuan per year.
    public var property: Double = 0
    /// Pensions, eco-ranger posts, subsidies, 特困 support — not 低保; yuan per year.
    public var transfer: Double = 0
    /// 低保 received in the base year, yuan.
    public var dibaoAmount: Double = 0
    /// Bound to a cooperative or leading enterprise (双绑).
    public var bound: Bool = false
    /// Net production income per commodity, yuan per year; absent means 0.
    public var production: [Commodity: Double] = [:]
    /// Commodities with agricultural insurance.
    public var insured: Set<Commodity> = []

    public init(
        id: String, county: County, township: String, village: String,
        size: Int, laborers: Int, migrants: Int, status: HouseholdStatus
    ) {
        self.id = id
        self.county = county
        self.township = township
        self.village = village
        self.size = size
        self.laborers = laborers
        self.migrants = migrants
        self.status = status
    }

    /// Wages, local and migrant, yuan per year.
    public var wages: Double { wageLocal + wageMigrant }

    /// Production income over all commodities, yuan per year.
    public var productionTotal: Double { production.values.reduce(0, +) }

    /// All income of the base year including 低保 received, yuan per year:
    /// the numerator of the calibration's per-capita net income (MODEL.md §2).
    public var income: Double { wages + productionTotal + property + transfer + dibaoAmount }

    /// `income / size`, yuan per person per year.
    public var perCapitaIncome: Double { income / Double(size) }
}

/// Trend growth and idiosyncratic volatility of household income (MODEL.md §3.5).
public struct IncomeSettings: Hashable, Sendable {
    /// Yearly trend growth rates of each income component, as fractions.
    public struct Growth: Hashable, Sendable {
        /// Wages, local and migrant. Default 0.046: DATA.md §6, migrant monthly income
        /// 3,962 (2019) → ~4,961 (2024) is 4.6% a year.
        public var wage: Double = 0.046
        /// Production income before price shocks. Default 0.04: assumption.
        public var production: Double = 0.04
        /// Property income. Default 0.03: assumption.
        public var property: Double = 0.03
        /// Transfers other than 低保 (pensions, eco-ranger posts). Default 0.03: assumption.
        public var transfer: Double = 0.03
        public init() {}
    }

    /// Standard deviations σ of the mean-one log-normal factors `exp(σz − σ²/2)`.
    public struct Volatility: Hashable, Sendable {
        /// Production income, all commodities together. Default 0.25: assumption.
        public var production: Double = 0.25
        /// Wages, local and migrant together. Default 0.10: assumption.
        public var wage: Double = 0.10
        public init() {}
    }

    public var growth: Growth = Growth()
    public var volatility: Volatility = Volatility()

    public init() {}
}

/// Migrant job loss and re-employment (农村劳动力失业), MODEL.md §3.3.
public struct LaborShocks: Hashable, Sendable {
    /// A yearly macro factor on the job-loss hazard.
    public struct Downturn: Hashable, Sendable {
        /// Probability of a downturn year. Default 0.15: assumption.
        public var probability: Double = 0.15
        /// Multiplier on `h` all year. Default 2: assumption.
        public var multiplier: Double = 2
        public init() {}
    }

    /// An epidemic closing work (2020-style), starting in a uniformly drawn month.
    public struct Epidemic: Hashable, Sendable {
        /// Probability per year. Default 0.05: assumption (one such year in twenty).
        public var probability: Double = 0.05
        /// Length in months, running on into the next year if needed. Default 3
        /// (DATA.md §6, 2020 spells 3–6 months: GUESS).
        public var months: Int = 3
        /// Multiplier on `h` while it lasts. Default 4: assumption (DATA.md §6: 30–50 M
        /// migrants lost jobs in early 2020).
        public var multiplier: Double = 4
        /// Fraction of local wages lost while it lasts. Default 0.17 (DATA.md §6: migrant wage
        /// 3,680 yuan in Q1 2020, −17%).
        public var localWageCut: Double = 0.17
        public init() {}
    }

    /// Monthly job-loss hazard `h` of an employed migrant. Default 0.014: DATA.md §6,
    /// non-local agricultural-hukou unemployment 4.5% = h / (h + r) with r = 0.30.
    public var jobLossMonthly: Double = 0.014
    /// Monthly re-employment probability `r`. Default 0.30: DATA.md §6, mean spell
    /// 2–4 months (GUESS), 1/0.30 ≈ 3.3 months.
    public var reemploymentMonthly: Double = 0.30
    public var downturn: Downturn = Downturn()
    public var epidemic: Epidemic = Epidemic()

    public init() {}
}

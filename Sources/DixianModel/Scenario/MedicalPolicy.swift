/// Medical security, the three tiers (三重制度) applied in order to each illness event (MODEL.md §4).
public struct MedicalPolicy: Hashable, Sendable {
    /// Basic medical insurance (基本医保).
    public struct Basic: Hashable, Sendable {
        /// Reimbursed share above the deductible. Default 0.70: DATA.md §2 (~70% in scope).
        public var rate: Double = 0.70
        /// Deductible, yuan per event. Default 500: assumption.
        public var deductible: Double = 500
        /// Cap, yuan per year. Default 150,000: assumption.
        public var cap: Double = 150_000
        public init() {}
    }

    /// Catastrophic-illness insurance (大病保险).
    public struct Catastrophic: Hashable, Sendable {
        /// Out-of-pocket threshold, yuan per year. Default 10,000: assumption after DATA.md §2
        /// (≤50% of prior-year local per-capita disposable income).
        public var threshold: Double = 10_000
        /// Reimbursed share of out-of-pocket above the threshold. Default 0.60: DATA.md §2 (≥60%).
        public var rate: Double = 0.60
        /// Fraction by which the threshold is cut for low-income households. Default 0.5:
        /// DATA.md §2 (低保/特困: deductible cut 50%).
        public var lowIncomeThresholdCut: Double = 0.5
        /// Rate bonus for low-income households. Default 0.05: DATA.md §2 (+5 pp).
        public var lowIncomeRateBonus: Double = 0.05
        public init() {}
    }

    /// Medical assistance (医疗救助) for monitored, 低保 and 特困 households.
    public struct Aid: Hashable, Sendable {
        /// Share of the remaining out-of-pocket paid. Default 0.70: DATA.md §2 (≥70%).
        public var rate: Double = 0.70
        /// Cap, yuan per household per year. Default 30,000: DATA.md §2 (GUESS 30,000–100,000,
        /// the low end).
        public var cap: Double = 30_000
        public init() {}
    }

    /// Tilted assistance (倾斜救助) when yearly out-of-pocket still exceeds `M_t`.
    public struct TiltedAid: Hashable, Sendable {
        public var enabled = true
        /// Share of out-of-pocket above `M_t` paid. Default 0.5: assumption.
        public var rate: Double = 0.5
        /// Cap, yuan per household per year. Default 20,000: assumption.
        public var cap: Double = 20_000
        public init() {}
    }

    public var enabled = true
    public var basic = Basic()
    public var catastrophic = Catastrophic()
    public var aid = Aid()
    public var tiltedAid = TiltedAid()
    /// Share of persons insured, by calendar year (the premium subsidy of 180/135/90/45/0
    /// yuan in 2021–2025 may lower it). Default 0.97 every year: assumption.
    public var takeUp: Keyed<Int, Double> = Keyed(0.97)

    public init() {}
}

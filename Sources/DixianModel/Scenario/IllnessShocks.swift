/// Major illness and disabling accidents (因病因意外), MODEL.md §3.4.
public struct IllnessShocks: Hashable, Sendable {
    /// Major illness events per person and year (Poisson λ). Default 0.02: DATA.md §7,
    /// household chance 0.06–0.10 a year (GUESS); 1 − 0.98^3.9 ≈ 0.075 for 3.9 persons.
    public var ratePerPerson: Double = 0.02
    /// Total cost of one event in yuan (base-year prices), before reimbursement.
    /// Default log-normal, mean 15,000, sd 15,000: assumption, between a secondary (6,822)
    /// and a tertiary hospital stay (14,017) plus follow-up (DATA.md §7).
    public var cost: Distribution = .lognormal(mean: 15_000, sd: 15_000)
    /// Laborer-months of wage lost when the patient is a laborer. Default 3: assumption.
    public var lostMonths: Int = 3
    /// Probability per laborer and year of a permanent disability ending that laborer's
    /// wage. Default 0.002: assumption.
    public var disabilityPerLaborer: Double = 0.002

    public init() {}
}

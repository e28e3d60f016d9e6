/// Industry risk fund (产业发展风险保障金), MODEL.md §4.
public struct RiskFundPolicy: Hashable, Sendable {
    public var enabled = true
    /// Yuan per county and year. Default 2,000,000: assumption.
    public var yearlyPerCounty: Keyed<County, Double> = Keyed(2_000_000)
    /// Share of a bound household's production loss reimbursed. Default 0.5: assumption.
    public var share: Double = 0.5

    public init() {}
}

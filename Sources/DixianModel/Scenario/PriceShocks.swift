/// Correlated AR(1) log-price changes with crashes (MODEL.md §3.1):
/// `x_t = φ·x_{t−1} + ε_t`, `ε_t ~ MVN(μ, Σ)`, plus a crash `x_t,c += log(1 − d)`
/// with probability `p_crash` per commodity and year.
public struct PriceShocks: Hashable, Sendable {
    /// The commodities with their own price, in the order of the correlation matrix.
    /// Default the nine of Lincang (DATA.md §4). Every per-commodity setting of the
    /// scenario must name one of these.
    public var commodities: [Commodity] = Commodity.standard
    /// Persistence φ of log prices, in [0, 1). Default 0.5: assumption.
    public var persistence: Double = 0.5
    /// Mean μ of the yearly log-price innovation, per commodity. Default 0: assumption.
    public var drift: Keyed<Commodity, Double> = Keyed(0)
    /// Standard deviation σ of the yearly log-price innovation, per commodity.
    /// DATA.md §4, "suggested shock distribution" (GUESS): sugarcane 0.08, tea 0.15, nuts
    /// (walnut, macadamia) 0.25, coffee 0.35; cattle 0.15, grain 0.05 and the default 0.12
    /// (fruit, vegetables, herbs) are assumptions.
    public var sd: Keyed<Commodity, Double> = Keyed(
        0.12, ["sugarcane": 0.08, "tea": 0.15, "nuts": 0.25, "coffee": 0.35, "cattle": 0.15, "grain": 0.05])
    /// Correlation of the innovations across commodities. Default 0.2 for every pair: assumption.
    public var correlation: Correlation = .uniform(0.2)
    /// Yearly probability of a price crash, per commodity. DATA.md §4: nuts 0.10 (GUESS,
    /// "10%/yr chance of a −0.5 jump"); coffee 0.08 (assumption, after the 2012–13 fall from
    /// 40 to 15 yuan/kg); tea 0.05 (assumption, after 2008); default 0.03: assumption.
    public var crashProbability: Keyed<Commodity, Double> = Keyed(
        0.03, ["nuts": 0.10, "coffee": 0.08, "tea": 0.05])
    /// Size `d` of a crash (fraction of the price lost). Default uniform on [0.2, 0.5]:
    /// assumption, spanning DATA.md §4's falls (walnut −20% in 2020, tea sales −50% in 2008).
    public var crashSize: Distribution = .uniform(min: 0.2, max: 0.5)

    public init() {}

    /// The full correlation matrix over `commodities`, in their order.
    public var correlationMatrix: [[Double]] { correlation.matrix(size: commodities.count) }
}

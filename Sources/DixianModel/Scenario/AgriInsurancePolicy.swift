/// Agricultural insurance: yield (disaster) cover and optional price cover, MODEL.md §4.
public struct AgriInsurancePolicy: Hashable, Sendable {
    /// Price (or income) insurance paying when the price index falls below a trigger.
    public struct PriceInsurance: Hashable, Sendable {
        public var enabled = false
        /// Pays when `π_{c,t}` is below this. Default 0.8: assumption.
        public var trigger: Double = 0.8
        /// Share of the shortfall below the trigger paid. Default 0.7: assumption.
        public var indemnity: Double = 0.7
        public init() {}
    }

    public var enabled = true
    /// Share of households insured per commodity, used by the built-in population (a
    /// household file carries its own `insured` column). Default 0.3, sugarcane 0.6: assumption.
    public var coverage: Keyed<Commodity, Double> = Keyed(0.3, ["sugarcane": 0.6])
    /// Deductible as a fraction of the production lost. Default 0.2: assumption.
    public var deductible: Double = 0.2
    /// Share of the loss above the deductible paid. Default 0.7: assumption.
    public var indemnity: Double = 0.7
    public var priceInsurance = PriceInsurance()

    public init() {}
}

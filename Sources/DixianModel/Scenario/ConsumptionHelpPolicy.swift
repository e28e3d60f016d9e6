/// Consumption help (消费帮扶): a yearly purchase at base-year price, spread over the
/// affected households of the listed commodities, MODEL.md §4.
public struct ConsumptionHelpPolicy: Hashable, Sendable {
    public var enabled = true
    /// Yuan per year, whole city (base year). Default 150,000,000: assumption.
    public var yearly: Double = 150_000_000
    /// Commodities bought. Default tea, coffee, nuts, fruit: assumption.
    public var commodities: [Commodity] = ["tea", "coffee", "nuts", "fruit"]

    public init() {}
}

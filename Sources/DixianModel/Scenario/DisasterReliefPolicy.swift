/// Disaster relief: temporary assistance (临时救助) and housing reconstruction subsidy
/// (危房改造), MODEL.md §4.
public struct DisasterReliefPolicy: Hashable, Sendable {
    public var enabled = true
    /// Temporary assistance, yuan per affected household per event. Default 2,000: assumption.
    public var temporary: Double = 2_000
    /// Share of the repair cost paid for low-income households. Default 0.6: assumption.
    public var housingSubsidy: Double = 0.6

    public init() {}
}

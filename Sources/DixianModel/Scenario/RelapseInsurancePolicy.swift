/// Anti-relapse insurance (防止返贫保险), MODEL.md §4. Off in the baseline.
public struct RelapseInsurancePolicy: Hashable, Sendable {
    public var enabled = false
    /// Share of exited and monitored households insured. Default 0.5: assumption.
    public var coverage: Double = 0.5
    /// Premium, yuan per insured household per year (a cost). Default 100: assumption.
    public var premium: Double = 100
    /// Share of the shortfall below `M_t` paid. Default 0.8: assumption.
    public var share: Double = 0.8
    /// Cap, yuan per household per year. Default 10,000: assumption.
    public var cap: Double = 10_000

    public init() {}
}

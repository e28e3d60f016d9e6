/// When relapse counts as large-scale (规模性返贫) in a village or a township (MODEL.md §5).
/// Both thresholds are assumptions, printed in every report.
public struct LargeScaleThresholds: Hashable, Sendable {
    /// A breach: relapse rate among the unit's exited households at least `rate`, and at
    /// least `minHouseholds` of them relapsed.
    public struct Threshold: Hashable, Sendable {
        public var rate: Double
        public var minHouseholds: Int
        public init(rate: Double, minHouseholds: Int) {
            self.rate = rate
            self.minHouseholds = minHouseholds
        }
    }

    /// Village: 10% and 5 households: assumption.
    public var village = Threshold(rate: 0.10, minHouseholds: 5)
    /// Township: 5% and 20 households: assumption.
    public var township = Threshold(rate: 0.05, minHouseholds: 20)

    public init() {}
}

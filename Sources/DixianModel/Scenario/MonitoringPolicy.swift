/// Monitoring and early help (防止返贫动态监测和帮扶), MODEL.md §4.
public struct MonitoringPolicy: Hashable, Sendable {
    /// Data screening (数据比对) in given months.
    public struct Screening: Hashable, Sendable {
        /// Months (1…12) in which screening runs. Default quarterly: assumption.
        public var months: [Int] = [3, 6, 9, 12]
        /// Probability that screening finds an at-risk household. Default 0.5: assumption.
        public var sensitivity: Double = 0.5
        public init() {}
    }

    /// Risk elimination (风险消除).
    public struct Exit: Hashable, Sendable {
        /// A household leaves at or above `M_t·(1 + margin)`. Default 0.1: assumption.
        public var margin: Double = 0.1
        /// …for this many consecutive year ends. Default 1: assumption (DATA.md §8: ~70%
        /// of monitored people had their risk eliminated by the end of 2021).
        public var stableYears: Int = 1
        public init() {}
    }

    public var enabled = true
    /// Monthly probability that cadre visits find an at-risk household (政府找群众).
    /// Default 0.15: assumption.
    public var cadreMonthly: Double = 0.15
    /// Monthly probability that an at-risk household reports itself (群众找政府).
    /// Default 0.05: assumption.
    public var selfReportMonthly: Double = 0.05
    public var screening = Screening()
    /// Share of the projected shortfall below `M_t` covered by targeted help. Default 0.6: assumption.
    public var gapCoverage: Double = 0.6
    /// Cap of targeted help, yuan per household per year. Default 5,000: assumption.
    public var cap: Double = 5_000
    public var exit = Exit()

    public init() {}
}

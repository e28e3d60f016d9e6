import DixianModel

extension Simulator {
    /// Bytes of engine state per household and worker: the shock tape of a year (volatility
    /// factors, clocks, able laborers) and each variant's state (resources, monitoring, 低保,
    /// losses, flags) — an upper bound measured on the Lincang baseline, rounded up.
    static let workerBytesPerHousehold = 64
    static let variantBytesPerHousehold = 96

    /// An upper estimate of the memory a run needs, in bytes: the population and its engine
    /// table, every worker's tape and variant states, and every replication's figures
    /// (kept until the end for quantiles and exceedance curves).
    public func estimatedMemory(replications: Int, threads: Int) -> Int {
        let households = table.count
        let populationBytes = Int(population.bytesPerHousehold * Double(households)) * 2
        let perWorker = households * (Self.workerBytesPerHousehold + Self.variantBytesPerHousehold * variants.count)
        let perReplication = 8 * (layout.valueCount + layout.spendingCount + layout.causeCount) * variants.count
        return populationBytes + perWorker * max(1, threads) + perReplication * replications
    }
}

import DixianModel

extension Simulator {
    /// Bytes of engine state per household and worker: the shock tape of a year (volatility
    /// factors, clocks, able laborers) and each variant's state (resources, monitoring, 低保,
    /// losses, flags) — an upper bound measured on the Lincang baseline, rounded up.
    static let workerBytesPerHousehold = 64
    static let variantBytesPerHousehold = 96
    /// Bytes a kept replication takes per variant besides its figures: the headers of its
    /// three arrays (32 bytes each), the allocator's chunk overhead and rounding, and its
    /// slot in the result (twice, while the array grows) — `make soak` measured 254 bytes
    /// beyond the figures (docs/reliability.md), rounded up.
    static let replicationOverheadBytes = 320
    /// The program itself before the run: code, Foundation, GSL, the parsed scenario
    /// (`make soak`: 59 MB resident one second into a small run), rounded up.
    static let programBytes = 64 << 20

    /// An upper estimate of the memory a run needs, in bytes: the program, the population and
    /// its engine table, every worker's tape and variant states, and every replication's
    /// figures (kept until the end for quantiles and exceedance curves).
    public func estimatedMemory(replications: Int, threads: Int) -> Int {
        let households = table.count
        let populationBytes = Int(population.bytesPerHousehold * Double(households)) * 2
        let perWorker = households * (Self.workerBytesPerHousehold + Self.variantBytesPerHousehold * variants.count)
        let perReplication = (8 * (layout.valueCount + layout.spendingCount + layout.causeCount)
            + Self.replicationOverheadBytes) * variants.count
        return Self.programBytes + populationBytes + perWorker * max(1, threads) + perReplication * replications
    }
}

/// One household's shock in one month of the tape.
struct ShockEvent: Sendable {
    enum Kind: UInt8, Sendable {
        /// Hit by hazard event `index` (of ``ShockYear/hazardEvents``): production of the
        /// hazard's commodities lost by `severity`, `amount` repair cost (0 when the house
        /// was spared), `months` of one laborer's wage lost to injury (0 when none).
        case disaster
        /// A major illness costing `amount`; `months` of wage lost (0 when the patient is not a laborer).
        case illness
        /// A laborer disabled for good: migrant `index` of the migrant table, or −1 for a local laborer.
        case disability
        /// Migrant `index` may lose the job this month (if employed); `amount` is the
        /// exponential budget that decides the length of the spell (MODEL.md §3.3).
        case jobLoss
    }

    var household: Int32
    var month: UInt8
    var kind: Kind
    var months: UInt16
    var index: Int32
    var amount: Double
}

/// A hazard event of a year: where, when and how hard (MODEL.md §3.2).
struct HazardEvent: Sendable {
    var hazard: Int32
    var county: UInt8
    var month: UInt8
    var severity: Double
    var footprint: Double
    /// Whether a drill placed it.
    var isDrill: Bool
}

/// Every shock of one replication-year, drawn before any policy acts: the shock tape that
/// all variants of a replication read (common random numbers, MODEL.md §6).
struct ShockYear: Sendable {
    /// Price index π_c of each commodity (1 in the base year).
    var priceIndex: [Double]
    /// Whether the year is a downturn.
    var downturn = false
    /// Bit m set when month m (0-based) is under an epidemic.
    var epidemicMonths: UInt16 = 0
    /// Idiosyncratic mean-one factors on wages and production, per household (§3.5).
    var wageFactor: [Float]
    var productionFactor: [Float]
    /// Hazard events of the year.
    var hazardEvents: [HazardEvent] = []
    /// Household shocks, ordered by household, then month.
    var events: [ShockEvent] = []

    init(households: Int, commodities: Int) {
        priceIndex = [Double](repeating: 1, count: commodities)
        wageFactor = [Float](repeating: 1, count: households)
        productionFactor = [Float](repeating: 1, count: households)
    }

    /// Number of epidemic months this year.
    var epidemicMonthCount: Int { epidemicMonths.nonzeroBitCount }

    func isEpidemic(month: Int) -> Bool { epidemicMonths & (1 << UInt16(month)) != 0 }
}

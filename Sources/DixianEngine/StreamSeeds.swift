/// Seeds for the random streams of a run (MODEL.md §7).
///
/// Every replication has its own streams, one per purpose, seeded from
/// `(scenario seed, replication, purpose)` alone. A replication's numbers therefore do
/// not depend on which thread or process runs it, nor on how many replications there
/// are: adding replications leaves the earlier ones unchanged. Shocks and policies draw
/// from different streams, so that a policy can never shift the shocks a replication
/// sees — the basis of common random numbers between variants. Each family of shocks has
/// its own stream too (disasters one per hazard and county), so that a variant changing
/// one shock's settings leaves the draws of the others as they were.
public enum StreamPurpose: UInt64, CaseIterable, Sendable {
    /// Commodity prices: their innovations and crashes.
    case prices = 1
    /// Detection, take-up and other draws made by policy instruments.
    case policies = 2
    /// Where the fixed events of a drill land (villages hit by a drill's earthquake).
    case drill = 3
    /// Prices of the years between `base_year` and the first simulated year: drawn apart,
    /// so that `base_year` shifts no shock of the simulated years.
    case priceHistory = 4
    /// Downturns and epidemics.
    case macro = 5
    /// Disaster events of one hazard in one county, and whom they hit (`index`: the
    /// hazard's name and the county).
    case disasters = 6
    /// The households' volatility factors.
    case volatility = 7
    /// The households' clocks: illness, disability and job events (a stream of its own for
    /// each household and year, ``StreamSeeds/household(_:_:part:)``).
    case clocks = 8
}

public enum StreamSeeds {
    /// The seed of one stream: SplitMix64 (Steele, Lea & Flood 2014) applied to a mix of
    /// the inputs. Distinct inputs give well-separated seeds even for adjacent
    /// replication numbers. The streams take all 64 bits (`RandomGenerator.reseed(allBits:)`:
    /// `mt19937` by its reference `init_by_array`); the high half is also folded into the
    /// low half, for generators a scenario may choose whose seed keeps only the low 32 bits.
    /// `index` tells apart the streams of one purpose (nil: the only one).
    public static func seed(
        scenarioSeed: UInt64, replication: Int, purpose: StreamPurpose, index: UInt64? = nil
    ) -> UInt64 {
        var state = scenarioSeed
        state = splitMix(state ^ 0x6469_7869_616e_0000)  // "dixian"
        state = splitMix(state ^ UInt64(truncatingIfNeeded: replication))
        state = splitMix(state ^ purpose.rawValue)
        if let index { state = splitMix(state ^ index) }
        return state ^ (state >> 32)
    }

    /// The seed of household h's own stream `part` within the stream seeded `seed`: its
    /// clock draws of one year (part 1 + the year's index; part 0, its clock's first budget).
    /// One household's draws then never move another's: a shock that changes when one
    /// household's clock fires leaves every other household's events as they were.
    public static func household(_ seed: UInt64, _ h: Int, part: Int) -> UInt64 {
        splitMix(splitMix(seed ^ UInt64(truncatingIfNeeded: h)) ^ UInt64(truncatingIfNeeded: part))
    }

    /// The index of a hazard's stream in a county: FNV-1a of the hazard's name, then the
    /// county, so that adding, removing or reordering hazards moves no other's stream.
    public static func hazardIndex(name: String, county: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return splitMix(hash) ^ UInt64(county)
    }

    /// One step of SplitMix64's output function.
    static func splitMix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

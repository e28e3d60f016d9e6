import DixianModel

/// The memory a run needs, part by part: what is held once (the population, the engine's
/// household table, each variant's policy selections), what each worker thread holds (shock
/// tape generators, the tape of a year, one simulation state per variant), and the
/// replications' figures — all of them while they fit in the figures' memory budget, else
/// the blocks being filled and the reorder window (``FigureStorage``). docs/performance.md
/// compares it with measured resident memory.
public struct MemoryEstimate: Sendable {
    /// One part: `bytes` held `copies` times.
    public struct Part: Sendable {
        public var name: String
        public var bytes: Int
        public var copies: Int
        /// Held from the set-up on (population, household table, selections), rather than
        /// allocated by the run's workers or for its replications.
        public var isSetUp = false
    }

    public var households: Int
    public var parts: [Part]

    /// Bytes of every part with its copies.
    public var total: Int { parts.reduce(0) { $0 + $1.bytes * $1.copies } }

    /// Bytes of the parts held from the set-up on.
    public var setUp: Int { parts.filter(\.isSetUp).reduce(0) { $0 + $1.bytes * $1.copies } }

    /// Bytes by part name (copies included).
    public var bytesByPart: [String: Int] {
        Dictionary(parts.map { ($0.name, $0.bytes * $0.copies) }, uniquingKeysWith: +)
    }
}

extension Simulator {
    /// Lists that grow with the shocks of a year, in elements per household: the tape's
    /// events (the Lincang baseline draws 0.5 to 0.75 a household-year), the disaster hits
    /// a generator sorts (0.15 to 0.2), a variant's payment claims (about 0.9) and post
    /// claims (about 0.33). Measured at scale 10 with room for the lists' doubling growth
    /// (docs/performance.md); a scenario with more shocks or policies needs more.
    static let tapeEventsPerHousehold = 1.1
    static let disasterHitsPerHousehold = 0.55
    static let claimsPerHousehold = 1.0
    static let postClaimsPerHousehold = 0.35
    /// Payments a reference variant keeps per household while variants share its passes
    /// (about 2 in a year of low prices), with room for the list's doubling growth.
    static let paymentsPerHousehold = 4.0
    /// Bytes a replication waiting in the reorder window takes per variant besides its
    /// figures: its outcome's four array headers (32 bytes each), the allocator's chunks,
    /// its entry in the window.
    static let replicationOverheadBytes = 320

    /// The memory of a run of `replications` replications on `threads` workers, by part,
    /// its figures kept as `storage` says.
    ///
    /// Counts the engine's columns as allocated (see ``HouseholdTable``, `ShockTapeGenerator`,
    /// `VariantSimulation`); heap overhead, the program itself (about 50 MB) and the output
    /// files' transient buffers are left out. Keep it in step with those types' buffers.
    public func memoryEstimate(
        replications: Int, threads: Int, storage: FigureStorage = FigureStorage()
    ) -> MemoryEstimate {
        let n = table.count
        let m = table.migrantCount
        let villages = table.villageCount
        // A run starts no more workers than it has replications (`run(replications:threads:)`).
        let workers = max(1, min(threads, replications))
        let variantCount = variants.count

        // ShockTapeGenerator: clock (Double), able laborers and migrants (UInt8); one able
        // flag per migrant; the year's disaster hits (order and event, 32 bytes); its random
        // streams (one per hazard and county, and seven more; mt19937's state is 5 KB).
        let streams = (variants.first.map { $0.scenario.shocks.disasters.count } ?? 0) * County.allCases.count + 7
        let generator = n * (8 + 1 + 1) + m + Int(Double(n) * Self.disasterHitsPerHousehold) * 32 + streams * 5_048
        // ShockYear: wage and production factors (Float) and the year's events.
        let tape = n * (4 + 4) + Int(Double(n) * Self.tapeEventsPerHousehold) * MemoryLayout<ShockEvent>.stride
        // VariantSimulation: the policy selections it copies (bound, insured, relapse-insured),
        // the state carried across years, a year's scratch, per migrant employment state,
        // per village and township tallies. The household columns it reads are shared.
        let copied = n * (1 + 4 + 1)
        let state = n * (4 + 1 + 4 + 1 + 8 + 2 + 1 + 1 + 1 + 1 + 2 + 2 + 16)
        // A year's scratch: resources, denied, three losses, flags, lag; uncounted, the list to
        // count and where each household's events start.
        let scratch = n * (8 + 8 + 4 + 4 + 4 + 1 + 2 + 1 + 4 + 4)
        let perMigrant = m * (1 + 8 + 4 + 1)
        let perVillage = villages * (8 + 4 + 1 + 4 + 1) + table.townshipCount * (4 + 8 + 4 + 1)
        // Payment claims (household, month, item, amount: 16 bytes) and post claims (8 bytes).
        let claims = Int(Double(n) * Self.claimsPerHousehold) * 16 + Int(Double(n) * Self.postClaimsPerHousehold) * 8
        let simulation = copied + state + scratch + perMigrant + perVillage + claims
        // Variants sharing passes (docs/model.md §6): each tape group's first variant keeps
        // what each pass read (2 bytes), where its payments end (4), the state at the start
        // of a changed pass (48, and 16 per migrant) and its payments (16 bytes each); every
        // other variant a diverged flag (1) and its own payments.
        let sharing = variants.count > tapeCount
        let references = sharing ? tapeCount : 0
        let sharingVariants = sharing ? variants.count - tapeCount : 0
        let payments = Int(Double(n) * Self.paymentsPerHousehold) * 16
        let referenceRecords = n * (2 + 4 + 48) + m * 16 + payments
        let variantRecords = n + payments / 4
        // The figures: all of them in memory, or one block per variant being filled (and the
        // last one written, kept for reuse) when they spill. Either way the replications in
        // the reorder window, and while the files are written a pass of columns, a column
        // sorted for its quantiles and a block read back.
        let figures = layout.recordCount(monthly: isDrill)
        let record = 8 * figures
        let block = 8 * figures * max(1, storage.blockBytes / record)
        let stored = storage.spills(replications: replications, figures: figures, variants: variantCount)
            ? 2 * block : record * replications + block
        let waiting = (record + Self.replicationOverheadBytes) * Self.reorderWindowPerWorker * workers
        let reading = min(RunResult.columnPassBytes, 8 * figures * replications) + 2 * 8 * replications + block

        return MemoryEstimate(
            households: n,
            parts: [
                .init(name: "population", bytes: population.columnBytes, copies: 1, isSetUp: true),
                .init(name: "household table", bytes: table.ownBytes, copies: 1, isSetUp: true),
                .init(name: "shared household columns", bytes: columns.bytes, copies: 1, isSetUp: true),
                .init(name: "policy selections", bytes: n * (1 + 4 + 1), copies: variantCount, isSetUp: true),
                .init(name: "shock tape generators", bytes: generator, copies: workers * tapeCount),
                .init(name: "shock tape", bytes: tape, copies: workers),
                .init(name: "variant simulations", bytes: simulation, copies: workers * variantCount),
                .init(name: "shared passes, reference records", bytes: referenceRecords, copies: workers * references),
                .init(name: "shared passes, variant records", bytes: variantRecords, copies: workers * sharingVariants),
                .init(name: "village and township tallies", bytes: (villages + table.townshipCount) * 12, copies: (workers + 1) * variantCount),
                .init(name: "replication figures", bytes: stored, copies: variantCount),
                .init(name: "replications in the reorder window", bytes: waiting, copies: variantCount),
                .init(name: "figures read while writing the files", bytes: reading, copies: 1),
            ])
    }

    /// An upper estimate of the memory a run needs, in bytes (``memoryEstimate(replications:threads:)``
    /// with a tenth more for the heap and the program).
    public func estimatedMemory(replications: Int, threads: Int, storage: FigureStorage = FigureStorage()) -> Int {
        let total = memoryEstimate(replications: replications, threads: threads, storage: storage).total
        return total + total / 10 + Self.programBytes
    }

    /// The part of ``estimatedMemory(replications:threads:)`` already held once the
    /// simulator is built (population, household table, selections, the program).
    public var estimatedSetUpMemory: Int {
        let setUp = memoryEstimate(replications: 0, threads: 1).setUp
        return setUp + setUp / 10 + Self.programBytes
    }

    /// The program, its libraries and the scenario: resident before the population is built.
    static let programBytes = 64 << 20
}

extension Population {
    /// Bytes of the population's column storage (``bytesPerHousehold`` × households, plus
    /// the geography's codes).
    var columnBytes: Int {
        let geography = geography.villages.count * (MemoryLayout<Geography.Village>.stride + 16)
            + geography.townships.count * (MemoryLayout<Geography.Township>.stride + 16)
        return Int(bytesPerHousehold * Double(count)) + geography
    }
}

extension HouseholdTable {
    /// Bytes of the arrays the table holds itself (columns it shares with the population
    /// are counted there).
    var ownBytes: Int {
        func size<T>(_ a: [T]) -> Int { a.count * MemoryLayout<T>.stride }
        var bytes = size(migrantStart) + size(villageMembers) + size(villageStart) + size(villageCounty)
        bytes += size(villageTownship) + countyVillages.reduce(0) { $0 + size($1) } + size(exitedPerVillage)
        bytes += size(exitedPerTownship) + 256 * MemoryLayout<UInt16>.stride + villageCount * MemoryLayout<UInt16>.stride
        if remapsCommodities {
            bytes += size(productionStart) + size(productionCommodity) + size(productionAmount) + size(insuredInFile)
        }
        return bytes
    }
}

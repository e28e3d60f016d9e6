/// Everything a run produced, in replication order: each variant's figures in a
/// ``ReplicationStore`` (in memory, or spilled to disk for long runs) and its village and township tallies.
///
/// Output code reads figures as columns — one figure across every replication, in order —
/// so that summaries sum the same values in the same order whether the figures were kept in
/// memory or spilled. Copies share their stores until one of them appends (then it copies).
public struct RunResult: Sendable {
    public var variantNames: [String]
    public var layout: OutcomeLayout
    public var replications: Range<Int>
    /// Whether the replications carry a drill's month-by-month figures.
    public let hasMonthly: Bool
    /// Per variant, the figures of replications `replications` (store index 0 is `replications.lowerBound`).
    public private(set) var stores: [ReplicationStore]
    /// Per variant, the villages' and townships' relapses and breaches.
    public var places: [PlaceTally]

    /// An empty result starting at replication `start`, ready for ``append(replication:)`` and
    /// ``append(_:)``: its stores spill when `expected` replications of every variant would not
    /// fit in `storage`'s memory budget. Throws when the spill file cannot be made.
    public init(
        variantNames: [String], layout: OutcomeLayout, start: Int, monthly: Bool, villages: Int, townships: Int, expected: Int,
        storage: FigureStorage
    ) throws(ReplicationStore.SpillError) {
        self.variantNames = variantNames
        self.layout = layout
        replications = start..<start
        hasMonthly = monthly
        let figures = layout.recordCount(monthly: monthly)
        let spills = storage.spills(replications: expected, figures: figures, variants: variantNames.count)
        var stores: [ReplicationStore] = []
        for _ in variantNames {
            stores.append(
                try ReplicationStore(figures: figures, expected: expected, spills: spills, storage: storage))
        }
        self.stores = stores
        self.places = variantNames.map { _ in PlaceTally(villages: villages, townships: townships) }
    }

    /// A result in memory from every replication's outcome: `outcomes[variant][i]` is
    /// replication `replications.lowerBound + i` (tests, small results).
    public init(
        variantNames: [String], layout: OutcomeLayout, replications: Range<Int>, outcomes: [[ReplicationOutcome]],
        places: [PlaceTally]
    ) {
        precondition(outcomes.count == variantNames.count && outcomes.allSatisfy { $0.count == replications.count })
        self.variantNames = variantNames
        self.layout = layout
        self.replications = replications
        let monthly = outcomes.first?.first?.monthly.isEmpty == false
        hasMonthly = monthly
        stores = outcomes.map { Self.inMemory($0, layout: layout, monthly: monthly) }
        self.places = places
    }

    private static func inMemory(
        _ outcomes: [ReplicationOutcome], layout: OutcomeLayout, monthly: Bool
    ) -> ReplicationStore {
        // In memory nothing can fail: no spill file is made or written.
        let store = try! ReplicationStore(
            figures: layout.recordCount(monthly: monthly), expected: outcomes.count, spills: false,
            storage: .inMemory)
        for outcome in outcomes { try! store.append(outcome) }
        return store
    }

    /// Appends the next replication: its outcome in each variant.
    public mutating func append(replication outcomes: [ReplicationOutcome]) throws(ReplicationStore.SpillError) {
        precondition(outcomes.count == stores.count, "one outcome per variant")
        try makeStoresUnique()
        for (store, outcome) in zip(stores, outcomes) { try store.append(outcome) }
        replications = replications.lowerBound..<replications.upperBound + 1
    }

    /// Appends the replications of another result that directly follows this one (its
    /// figures are copied block by block; its village and township tallies added).
    public mutating func append(_ next: RunResult) throws(ReplicationStore.SpillError) {
        precondition(next.replications.lowerBound == replications.upperBound, "results must be contiguous")
        precondition(next.stores.count == stores.count && next.hasMonthly == hasMonthly, "results of one run")
        try makeStoresUnique()
        for v in stores.indices {
            try stores[v].append(contentsOf: next.stores[v])
            places[v].add(next.places[v])
        }
        replications = replications.lowerBound..<next.replications.upperBound
    }

    /// Copies the stores another result shares before this one appends to them.
    private mutating func makeStoresUnique() throws(ReplicationStore.SpillError) {
        for v in stores.indices where !isKnownUniquelyReferenced(&stores[v]) {
            stores[v] = try stores[v].copy()
        }
    }

    /// Whether the figures went to spill files.
    public var isSpilled: Bool { stores.contains { $0.isSpilled } }
}

// MARK: Reading figures

extension RunResult {
    /// Bytes of columns a ``ColumnCursor`` reads in one pass: a pass costs one read per
    /// block, so reading several consecutive figures at once saves passes; the bound keeps
    /// the memory of writing the files modest (10^5 replications: 20 figures a pass).
    public static let columnPassBytes = 16 << 20

    /// Figure `figure` of variant `variant` in every replication, in replication order.
    public func column(_ variant: Int, _ figure: Int) -> [Double] { stores[variant].column(figure) }

    /// Figures `figures` of variant `variant`, each in every replication: one pass.
    public func columns(_ variant: Int, _ figures: Range<Int>) -> [[Double]] { stores[variant].columns(figures) }

    /// Calls `body(i, outcome)` for every replication of variant `variant` in order (`i`
    /// counted from `replications.lowerBound` = 0), rebuilding one outcome at a time from the
    /// stored blocks.
    public func forEachOutcome(_ variant: Int, _ body: (Int, ReplicationOutcome) throws -> Void) rethrows {
        let store = stores[variant]
        var outcome = ReplicationOutcome(layout: layout, monthly: hasMonthly)
        let (values, spending, causes) = (outcome.values.count, outcome.spending.count, outcome.causes.count)
        let months = values + spending + causes
        try store.forEachBlock(figures: 0..<store.figures) { first, n, stride, block in
            for i in 0..<n {
                for f in 0..<values { outcome.values[f] = block[f * stride + i] }
                for f in 0..<spending { outcome.spending[f] = block[(values + f) * stride + i] }
                for f in 0..<causes { outcome.causes[f] = block[(values + spending + f) * stride + i] }
                for f in outcome.monthly.indices { outcome.monthly[f] = block[(months + f) * stride + i] }
                try body(first + i, outcome)
            }
        }
    }

    /// Replication `i` (counted from `replications.lowerBound` = 0) of variant `variant`.
    public func outcome(_ variant: Int, _ i: Int) -> ReplicationOutcome {
        let record = stores[variant].record(i)
        var outcome = ReplicationOutcome(layout: layout, monthly: hasMonthly)
        let (values, spending, causes) = (outcome.values.count, outcome.spending.count, outcome.causes.count)
        outcome.values = Array(record[0..<values])
        outcome.spending = Array(record[values..<values + spending])
        outcome.causes = Array(record[values + spending..<values + spending + causes])
        outcome.monthly = Array(record[(values + spending + causes)...])
        return outcome
    }

    /// Every replication's outcome, `[variant][i]`, rebuilt in memory; setting it replaces the
    /// figures (kept in memory). For tests and small results: output code reads columns.
    public var materializedOutcomes: [[ReplicationOutcome]] {
        get {
            stores.indices.map { v in
                var list: [ReplicationOutcome] = []
                forEachOutcome(v) { _, outcome in list.append(outcome) }
                return list
            }
        }
        set {
            self = RunResult(
                variantNames: variantNames, layout: layout, replications: replications, outcomes: newValue,
                places: places)
        }
    }
}

/// Reads the columns of one variant in passes of consecutive figures
/// (``RunResult/columnPassBytes``): asking for figures in increasing order, as the tables
/// walk them, reads each stored block once per pass rather than once per figure.
public struct ColumnCursor {
    let result: RunResult
    let variant: Int
    private var chunk = 0..<0
    private var columns: [[Double]] = []

    init(result: RunResult, variant: Int) {
        self.result = result
        self.variant = variant
    }

    /// Figure `figure` in every replication, in order.
    public mutating func column(_ figure: Int) -> [Double] {
        if !chunk.contains(figure) {
            let figures = result.stores[variant].figures
            let perPass = max(1, RunResult.columnPassBytes / max(8 * result.replications.count, 1))
            chunk = figure..<min(figure + perPass, figures)
            columns = result.columns(variant, chunk)
        }
        return columns[figure - chunk.lowerBound]
    }
}

extension RunResult {
    /// A cursor over the columns of variant `variant`.
    public func columnCursor(_ variant: Int) -> ColumnCursor { ColumnCursor(result: self, variant: variant) }
}

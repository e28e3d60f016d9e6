import DixianModel
import GSL
import Foundation

/// Runs the replications of a scenario and its policy variants (MODEL.md §5–§7).
///
/// Replication r of every variant is computed from streams seeded by (seed, r) alone, on
/// whichever worker picks it up, and its figures are stored in slot r: results are the
/// same bits for any number of threads, and replications run in shards or on MPI ranks
/// combine into exactly the same figures. Variants whose shock settings agree share one
/// shock tape per replication: their shocks are drawn once and only the policy pass is
/// repeated (common random numbers).
public final class Simulator: @unchecked Sendable {
    /// One variant: its name and its scenario (the base scenario with the variant's patch applied).
    public struct Variant: Sendable {
        public var name: String
        public var scenario: Scenario
        public init(name: String, scenario: Scenario) {
            self.name = name
            self.scenario = scenario
        }
    }

    public let variants: [Variant]
    public let population: Population
    public let layout: OutcomeLayout
    let table: HouseholdTable
    /// The columns every worker's generators and simulations read (built once, shared read-only).
    let columns: HouseholdColumns
    private let shockSettings: [ShockSettings]
    private let policySettings: [PolicySettings]
    private let selections: [PolicySelections]
    /// Variants sharing a tape: groups of variant indices with equal shock settings.
    private let tapeGroups: [[Int]]
    /// Whether the variants of a tape group take the first variant's pass of the households
    /// their differences do not touch (``PolicyFeatures``). The results are the same bits
    /// either way; off only to check that.
    public var sharesPasses = true
    /// Household-years of the last run whose pass a variant took from its reference
    /// instead of simulating it (a measure of the sharing, for tests and benchmarks).
    public var sharedPasses: Int {
        sharedPassesLock.lock()
        defer { sharedPassesLock.unlock() }
        return sharedPassesCount
    }
    private let sharedPassesLock = NSLock()
    private var sharedPassesCount = 0

    /// The problem when a population produces commodities (`produced`) that the scenario's
    /// `shocks.prices.commodities` (`listed`) leaves out: they would have no price.
    public static func unlisted(produced: [Commodity], listed: [Commodity]) -> String? {
        let missing = produced.filter { !listed.contains($0) }.map(\.rawValue)
        guard !missing.isEmpty else { return nil }
        // A household file's `prod_` column misspelling a commodity names a new one (a
        // standard commodity left out of the list is no misspelling).
        let known = (listed + Commodity.standard).map(\.rawValue).filter { !missing.contains($0) }
        let misspelt = missing.filter { name in !Commodity.standard.contains { $0.rawValue == name } }.compactMap { name in
            DidYouMean.suggestion(for: name, among: known).map { "`prod_\(name)` for `prod_\($0)`" }
        }
        return "the population produces \(missing.joined(separator: ", ")), which shocks.prices.commodities does not "
            + "list; add \(missing.count == 1 ? "it" : "them") to the list"
            + (misspelt.isEmpty ? "" : " (or, if the household file misspells a column, correct it: "
                + misspelt.joined(separator: ", ") + ")")
    }

    /// Prepares a run. Throws ``EngineError/setup(_:)`` when scenario and population do not fit.
    public init(variants: [Variant], population: Population) throws {
        precondition(!variants.isEmpty, "a run needs at least one variant")
        self.variants = variants
        self.population = population
        let base = variants[0].scenario
        for v in variants {
            guard v.scenario.years == base.years else {
                throw EngineError.setup("variant \(v.name) changes years; every variant must simulate the same years")
            }
            guard v.scenario.seed == base.seed, v.scenario.rng == base.rng else {
                throw EngineError.setup(
                    "variant \(v.name) changes seed or rng; every variant must draw the same random numbers")
            }
            guard v.scenario.shocks.prices.commodities == base.shocks.prices.commodities else {
                throw EngineError.setup("variant \(v.name) changes shocks.prices.commodities; variants must share them")
            }
        }
        layout = OutcomeLayout(years: Array(base.years.start...base.years.end))
        table = try HouseholdTable(population: population, commodities: base.shocks.prices.commodities)
        columns = HouseholdColumns(table: table)
        shockSettings = try variants.map { try ShockSettings(scenario: $0.scenario) }
        policySettings = variants.map { PolicySettings(scenario: $0.scenario) }
        let table = self.table
        selections = zip(variants, policySettings).map { variant, settings in
            PolicySelections(
                table: table, settings: settings, commodities: variant.scenario.shocks.prices.commodities,
                seed: variant.scenario.seed, flagsFromFile: variant.scenario.population.isFile)
        }
        var groups: [[Int]] = []
        let identities = shockSettings.map(\.identity)
        for (i, identity) in identities.enumerated() {
            if let g = groups.firstIndex(where: { identities[$0[0]] == identity }) {
                groups[g].append(i)
            } else {
                groups.append([i])
            }
        }
        tapeGroups = groups
        _ = try RandomGenerator(name: base.rng, seed: 0)
    }

    /// `population` with its `bound` and `insured` flags as a run of `scenario` covers it:
    /// for the built-in population, the households `binding.share` and
    /// `agri_insurance.coverage` reach (``PolicySelections``); a household file's flags are
    /// its own. `dixian population --export` writes this population, so that a scenario
    /// reading the file back — whose flags are taken as they are — simulates the same coverage
    /// (for the scenario itself: its variants then all take the file's flags).
    public static func withCoverage(_ population: Population, of scenario: Scenario) throws -> Population {
        guard !scenario.population.isFile else { return population }
        let commodities = scenario.shocks.prices.commodities
        let selections = PolicySelections(
            table: try HouseholdTable(population: population, commodities: commodities),
            settings: PolicySettings(scenario: scenario), commodities: commodities, seed: scenario.seed,
            flagsFromFile: false)
        // The selections' bits follow the scenario's commodities; the population's, its own columns.
        let column = commodities.map { population.commodities.firstIndex(of: $0) }
        let insured = selections.insured.map { HouseholdTable.remap($0, column) }
        var covered = population
        covered.setCoverage(bound: selections.bound, insured: insured)
        return covered
    }

    /// For each variant, the features of its policies that differ from the first variant
    /// of its tape group (``PolicyFeatures``; empty for that first variant).
    func differingFeatures() -> [PolicyFeatures] {
        var features = [PolicyFeatures](repeating: [], count: variants.count)
        for group in tapeGroups {
            for v in group.dropFirst() {
                features[v] = policySettings[v].features(
                    selections[v], differingFrom: policySettings[group[0]], selections[group[0]])
            }
        }
        return features
    }

    /// Whether the run is a drill (fixed events), with month-by-month figures.
    public var isDrill: Bool { !shockSettings[0].drillEvents.isEmpty }

    /// How many shock tapes a replication draws (fewer than variants when variants share shocks).
    public var tapeCount: Int { tapeGroups.count }

    /// Runs replications `replications` on `threads` workers. `progress` is called (from
    /// any thread, serialised) with the number of replications finished so far. The result's
    /// figures stay in memory or spill to `storage.directory` (``FigureStorage``).
    public func run(
        replications: Range<Int>, threads: Int, storage: FigureStorage = FigureStorage(),
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> RunResult {
        var result = try emptyResult(start: replications.lowerBound, expected: replications.count, storage: storage)
        try run(replications: replications, threads: threads, appendingTo: &result, progress: progress)
        return result
    }

    /// An empty result of this run's variants starting at replication `start`, expecting
    /// `expected` replications (``RunResult/init(variantNames:layout:start:monthly:villages:townships:expected:storage:)``).
    public func emptyResult(start: Int, expected: Int, storage: FigureStorage) throws -> RunResult {
        try RunResult(
            variantNames: variants.map(\.name), layout: layout, start: start, monthly: isDrill,
            villages: table.villageCount, townships: table.townshipCount, expected: expected, storage: storage)
    }

    /// Runs replications `replications` and appends them to `result`, which must end where
    /// they start. Workers finish replications out of order; they are appended in order
    /// through a reorder window of ``reorderWindowPerWorker`` replications a worker (a worker
    /// that runs that far ahead of the oldest unfinished replication waits), so the figures
    /// waiting in memory stay bounded however long the run. After an error `result` is of no use.
    public func run(
        replications: Range<Int>, threads: Int, appendingTo result: inout RunResult,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws {
        precondition(result.replications.upperBound == replications.lowerBound, "replications must follow the result's")
        let count = replications.count
        let workers = max(1, min(threads, count))
        sharedPassesLock.lock()
        sharedPassesCount = 0
        sharedPassesLock.unlock()
        // The collector holds the only reference to the result's stores while it appends.
        let collector = Collector(result: result, workers: workers, window: Self.reorderWindowPerWorker * workers)
        result = RunResult(variantNames: [], layout: layout, replications: 0..<0, outcomes: [], places: [])

        DispatchQueue.concurrentPerform(iterations: workers) { w in
            do {
                let worker = try Worker(simulator: self)
                var r = w
                while r < count && collector.waitForRoom(slot: r) {
                    let outcomes = worker.replicate(replications.lowerBound + r)
                    let done = collector.store(outcomes, slot: r)
                    progress?(done)
                    r += workers
                }
                collector.store(worker.placeTallies(), worker: w)
                sharedPassesLock.lock()
                sharedPassesCount += worker.simulations.reduce(0) { $0 + $1.sharedPasses }
                sharedPassesLock.unlock()
            } catch {
                collector.fail(error)
            }
        }
        if let error = collector.firstError { throw error }

        result = collector.result
        for workerTallies in collector.tallies {
            for (v, tally) in workerTallies.enumerated() { result.places[v].add(tally) }
        }
    }

    /// Replications a worker may run ahead of the oldest unfinished one: slack for
    /// replications of uneven length, while at most `workers × 8` finished replications
    /// (13 KB a variant each for five years) wait to be appended.
    public static let reorderWindowPerWorker = 8

    /// One worker's generators, tapes and variant states, reused from replication to replication.
    private final class Worker {
        let simulator: Simulator
        let generators: [ShockTapeGenerator]
        let simulations: [VariantSimulation]
        /// The variant simulations of each tape group.
        let groups: [[VariantSimulation]]
        var tape: ShockYear

        init(simulator s: Simulator) throws {
            simulator = s
            generators = try s.tapeGroups.map {
                try ShockTapeGenerator(settings: s.shockSettings[$0[0]], table: s.table, columns: s.columns)
            }
            let simulations = try s.variants.indices.map { v in
                try VariantSimulation(
                    settings: s.policySettings[v], shocks: s.shockSettings[v], table: s.table, columns: s.columns,
                    selections: s.selections[v], layout: s.layout)
            }
            tape = ShockYear(households: s.table.count, commodities: s.table.commodityCount)
            self.simulations = simulations
            groups = s.tapeGroups.map { group in group.map { simulations[$0] } }
            if s.sharesPasses {
                for group in groups { for variant in group.dropFirst() { variant.share(with: group[0]) } }
            }
        }

        func replicate(_ replication: Int) -> [ReplicationOutcome] {
            var outcomes = simulator.variants.map { _ in ReplicationOutcome(layout: simulator.layout, monthly: simulator.isDrill) }
            for (g, group) in simulator.tapeGroups.enumerated() {
                generators[g].start(replication: replication)
                VariantSimulation.start(group: groups[g], replication: replication)
                for y in 0..<simulator.layout.years.count {
                    generators[g].draw(yearIndex: y, into: &tape)
                    VariantSimulation.simulate(group: groups[g], yearIndex: y, tape: tape, into: &outcomes, at: group)
                }
                for v in group { simulations[v].finish(into: &outcomes[v]) }
            }
            return outcomes
        }

        func placeTallies() -> [PlaceTally] { simulations.map(\.places) }
    }
}

/// What the workers of a run hand back: replications, appended to the result in order
/// through a reorder buffer; the workers' village and township tallies; the first error. Guarded by a lock.
private final class Collector: @unchecked Sendable {
    private let condition = NSCondition()
    private(set) var result: RunResult
    private(set) var tallies: [[PlaceTally]]
    private(set) var firstError: Error?
    private var finished = 0
    /// Finished replications waiting for an earlier one, by slot (0-based in the run).
    private var pending: [Int: [ReplicationOutcome]] = [:]
    /// The slot appended next.
    private var next = 0
    private let window: Int

    init(result: RunResult, workers: Int, window: Int) {
        self.result = result
        self.window = max(window, 1)
        tallies = Array(repeating: [], count: workers)
    }

    /// Waits until slot `slot` is within the reorder window of the next slot to append;
    /// false when the run has failed (the worker stops).
    func waitForRoom(slot: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while slot >= next + window && firstError == nil { condition.wait() }
        return firstError == nil
    }

    /// Stores one replication's outcomes (one per variant), appending every replication now
    /// in order; returns how many replications are done.
    func store(_ replication: [ReplicationOutcome], slot: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        finished += 1
        guard firstError == nil else { return finished }
        pending[slot] = replication
        while let outcomes = pending.removeValue(forKey: next) {
            do {
                try result.append(replication: outcomes)
            } catch {
                firstError = error
                break
            }
            next += 1
        }
        condition.broadcast()
        return finished
    }

    func store(_ workerTallies: [PlaceTally], worker: Int) {
        condition.lock()
        tallies[worker] = workerTallies
        condition.unlock()
    }

    func fail(_ error: Error) {
        condition.lock()
        if firstError == nil { firstError = error }
        condition.broadcast()
        condition.unlock()
    }
}

/// Per-village and per-township tallies of a set of replications (integers, so that the
/// tallies of workers, shards and MPI ranks add up exactly).
public struct PlaceTally: Sendable, Equatable {
    /// Relapsed household-years per village.
    public var villageRelapsed: [Int64]
    /// Replications in which the village breached in at least one year.
    public var villageBreaches: [Int32]
    /// Relapsed household-years per township.
    public var townshipRelapsed: [Int64]
    /// Replications in which the township breached in at least one year.
    public var townshipBreaches: [Int32]

    public init(villages: Int, townships: Int) {
        villageRelapsed = [Int64](repeating: 0, count: villages)
        villageBreaches = [Int32](repeating: 0, count: villages)
        townshipRelapsed = [Int64](repeating: 0, count: townships)
        townshipBreaches = [Int32](repeating: 0, count: townships)
    }

    public mutating func add(_ other: PlaceTally) {
        for v in villageRelapsed.indices {
            villageRelapsed[v] += other.villageRelapsed[v]
            villageBreaches[v] += other.villageBreaches[v]
        }
        for t in townshipRelapsed.indices {
            townshipRelapsed[t] += other.townshipRelapsed[t]
            townshipBreaches[t] += other.townshipBreaches[t]
        }
    }
}

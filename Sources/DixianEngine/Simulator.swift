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
    /// any thread, serialised) with the number of replications finished so far.
    public func run(
        replications: Range<Int>, threads: Int, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> RunResult {
        let count = replications.count
        let workers = max(1, min(threads, count))
        sharedPassesLock.lock()
        sharedPassesCount = 0
        sharedPassesLock.unlock()
        let collector = Collector(variants: variants.count, count: count, workers: workers, layout: layout)

        DispatchQueue.concurrentPerform(iterations: workers) { w in
            do {
                let worker = try Worker(simulator: self)
                var r = w
                while r < count {
                    let outcomes = worker.replicate(replications.lowerBound + r)
                    let done = collector.store(outcomes, slot: r)
                    progress?(done)
                    r += workers
                }
                collector.store(worker.villageTallies(), worker: w)
                sharedPassesLock.lock()
                sharedPassesCount += worker.simulations.reduce(0) { $0 + $1.sharedPasses }
                sharedPassesLock.unlock()
            } catch {
                collector.fail(error)
            }
        }
        if let error = collector.firstError { throw error }

        var villages = (0..<variants.count).map { _ in VillageTally(villages: table.villageCount) }
        for workerTallies in collector.tallies {
            for (v, tally) in workerTallies.enumerated() { villages[v].add(tally) }
        }
        return RunResult(
            variantNames: variants.map(\.name), layout: layout, replications: replications,
            outcomes: collector.outcomes, villages: villages)
    }

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

        func villageTallies() -> [VillageTally] {
            simulations.map {
                VillageTally(relapsed: $0.villageRelapsed, breachReplications: $0.villageBreachReplications)
            }
        }
    }
}

/// What the workers of a run hand back: every replication's outcomes in its slot, the
/// workers' village tallies, the first error. Guarded by a lock.
private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var outcomes: [[ReplicationOutcome]]
    private(set) var tallies: [[VillageTally]]
    private(set) var firstError: Error?
    private var finished = 0

    init(variants: Int, count: Int, workers: Int, layout: OutcomeLayout) {
        outcomes = Array(repeating: Array(repeating: ReplicationOutcome(layout: layout), count: count), count: variants)
        tallies = Array(repeating: [], count: workers)
    }

    /// Stores one replication's outcomes (one per variant); returns how many replications are done.
    func store(_ replication: [ReplicationOutcome], slot: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        for (v, outcome) in replication.enumerated() { outcomes[v][slot] = outcome }
        finished += 1
        return finished
    }

    func store(_ workerTallies: [VillageTally], worker: Int) {
        lock.lock()
        tallies[worker] = workerTallies
        lock.unlock()
    }

    func fail(_ error: Error) {
        lock.lock()
        if firstError == nil { firstError = error }
        lock.unlock()
    }
}

/// Per-village tallies of a set of replications (integers: they add up exactly).
public struct VillageTally: Sendable, Equatable {
    /// Relapsed household-years per village.
    public var relapsed: [Int64]
    /// Replications in which the village breached in at least one year.
    public var breachReplications: [Int32]

    public init(villages: Int) {
        relapsed = [Int64](repeating: 0, count: villages)
        breachReplications = [Int32](repeating: 0, count: villages)
    }

    public init(relapsed: [Int64], breachReplications: [Int32]) {
        self.relapsed = relapsed
        self.breachReplications = breachReplications
    }

    public mutating func add(_ other: VillageTally) {
        for v in relapsed.indices {
            relapsed[v] += other.relapsed[v]
            breachReplications[v] += other.breachReplications[v]
        }
    }
}

/// Everything a run produced, in replication order.
public struct RunResult: Sendable {
    public var variantNames: [String]
    public var layout: OutcomeLayout
    public var replications: Range<Int>
    /// `outcomes[variant][i]` is replication `replications.lowerBound + i`.
    public var outcomes: [[ReplicationOutcome]]
    public var villages: [VillageTally]

    /// Appends the replications of another result that directly follows this one.
    public mutating func append(_ next: RunResult) {
        precondition(next.replications.lowerBound == replications.upperBound, "results must be contiguous")
        for v in outcomes.indices {
            outcomes[v] += next.outcomes[v]
            villages[v].add(next.villages[v])
        }
        replications = replications.lowerBound..<next.replications.upperBound
    }
}

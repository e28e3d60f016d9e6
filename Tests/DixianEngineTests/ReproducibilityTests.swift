import DixianEngine
import DixianModel
import DixianReports
import Foundation
import Testing

/// MODEL.md §7: the same scenario, seed and version give the same numbers to the last bit
/// whatever the number of threads; shards reduce exactly; adding replications does not
/// change earlier ones; another seed gives other numbers. MODEL.md §6: variants see the
/// same shocks (common random numbers). MODEL.md §5: whole-horizon counts count each
/// household once.
@Suite struct ReproducibilityTests {
    typealias F = EngineFixtures

    /// The Lincang baseline's shocks and policies, all on (plus anti-relapse and price
    /// insurance, a drill and tight budgets, so that every random stream and the budget
    /// ordering are exercised), on a small mixed population.
    static func busyScenario(seed: UInt64 = 2_385, replications: Int = 10) -> Scenario {
        var s = Scenario()
        s.seed = seed
        s.replications = .fixed(replications)
        s.policies.relapseInsurance.enabled = true
        s.policies.agriInsurance.priceInsurance.enabled = true
        s.policies.budgets[.disasterRelief] = Budget(yearlyPerCounty: Keyed(3_000))
        s.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(20_000))
        s.shocks.illness.ratePerPerson = 0.08  // more events in a small population
        s.drill = Drill(events: [
            .hazard(name: "earthquake", county: .cangyuan, year: 2023, month: 5, villages: 0.4, loss: 0.5),
            .price(commodity: "tea", year: 2022, change: -0.3),
            .epidemic(year: 2024, month: 11, months: 3),
        ])
        return s
    }

    static let population = F.mixedPopulation()

    static func run(
        _ scenario: Scenario = busyScenario(), replications: Range<Int> = 0..<10, threads: Int
    ) throws -> RunResult {
        let simulator = try Simulator(variants: [.init(name: "baseline", scenario: scenario)], population: population)
        return try simulator.run(replications: replications, threads: threads)
    }

    static func expectIdentical(
        _ a: RunResult, _ b: RunResult, _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(a.replications == b.replications, "\(label)", sourceLocation: sourceLocation)
        #expect(a.materializedOutcomes.count == b.materializedOutcomes.count, "\(label)", sourceLocation: sourceLocation)
        for (x, y) in zip(a.materializedOutcomes, b.materializedOutcomes) {
            #expect(F.identical(x, y), "\(label): outcomes differ", sourceLocation: sourceLocation)
        }
        #expect(a.places == b.places, "\(label): village and township tallies differ", sourceLocation: sourceLocation)
    }

    @Test func threadCountDoesNotChangeABit() throws {
        let one = try Self.run(threads: 1)
        #expect(one.materializedOutcomes[0].contains { $0.value(.relapseHouseholds, period: one.layout.allPeriod) > 0 },
                "the busy scenario has relapses at all")
        Self.expectIdentical(one, try Self.run(threads: 2), "threads 1 vs 2")
        Self.expectIdentical(one, try Self.run(threads: 3), "threads 1 vs 3")
        Self.expectIdentical(one, try Self.run(threads: 1), "a repeat")
    }

    @Test func anotherSeedDiffers() throws {
        let a = try Self.run(threads: 2)
        let b = try Self.run(Self.busyScenario(seed: 2_386), threads: 2)
        for r in 0..<10 { #expect(!F.identical(a.materializedOutcomes[0][r], b.materializedOutcomes[0][r]), "replication \(r)") }
    }

    @Test func shardsReduceExactly() throws {
        let whole = try Self.run(replications: 0..<10, threads: 2)
        var shards = try Self.run(replications: 0..<5, threads: 1)
        try shards.append(Self.run(replications: 5..<10, threads: 3))
        Self.expectIdentical(whole, shards, "0..<10 vs 0..<5 + 5..<10")
        // Adding replications does not change earlier ones; a shard alone is the same slice.
        let fewer = try Self.run(Self.busyScenario(replications: 4), replications: 0..<4, threads: 2)
        #expect(F.identical(fewer.materializedOutcomes[0], Array(whole.materializedOutcomes[0][0..<4])))
        let late = try Self.run(replications: 7..<10, threads: 2)
        #expect(F.identical(late.materializedOutcomes[0], Array(whole.materializedOutcomes[0][7..<10])))
    }

    @Test func writtenFilesAreTheSameBytes() throws {
        let metadata = RunMetadata(
            scenarioName: "repro", resolvedScenario: "{\"name\":\"repro\"}", seed: 2_385,
            programVersion: "0.0.0-test", gslVersion: "2.7", generator: "mt19937", threads: 2,
            startTime: Date(timeIntervalSince1970: 1_700_000_000), endTime: Date(timeIntervalSince1970: 1_700_000_001),
            commandLine: ["dixian", "run"])
        func write(_ result: RunResult) throws -> String {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("dixian-engine-repro-\(UUID().uuidString)").path
            try RunWriter.write(
                result, population: Self.population, metadata: metadata, formats: [.csv, .json], to: folder)
            return folder
        }
        let folders = try [
            write(Self.run(threads: 1)), write(Self.run(threads: 3)), write(Self.run(threads: 2)),
        ]
        var shards = try Self.run(replications: 0..<6, threads: 2)
        try shards.append(Self.run(replications: 6..<10, threads: 1))
        let all = folders + [try write(shards)]
        defer { for folder in all { try? FileManager.default.removeItem(atPath: folder) } }

        // The manifest carries the times of the metadata, which are the same here, so every
        // file including the manifest must be the same bytes.
        let names = RunWriter.fileNames(for: [.csv, .json]) + [RunWriter.manifestName]
        for name in names {
            let reference = try Data(contentsOf: URL(fileURLWithPath: all[0] + "/" + name))
            #expect(!reference.isEmpty, "\(name)")
            for folder in all.dropFirst() {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
                #expect(bytes == reference, "\(name) differs")
            }
        }
    }

    // MARK: - Common random numbers

    @Test func identicalVariantsGiveIdenticalOutcomes() throws {
        let scenario = Self.busyScenario(replications: 6)
        let simulator = try Simulator(
            variants: [.init(name: "a", scenario: scenario), .init(name: "b", scenario: scenario)],
            population: Self.population)
        #expect(simulator.tapeCount == 1)
        let result = try simulator.run(replications: 0..<6, threads: 2)
        #expect(F.identical(result.materializedOutcomes[0], result.materializedOutcomes[1]))
        #expect(result.places[0] == result.places[1])
        // …and the same as the scenario run alone.
        let alone = try Self.run(scenario, replications: 0..<6, threads: 1)
        #expect(F.identical(result.materializedOutcomes[0], alone.materializedOutcomes[0]))
    }

    /// Illness (fixed cost 2,385: basic insurance pays 0.7·1,885 = 1,319.5 per event and
    /// catastrophic, its threshold out of reach, nothing, whether low income or not — with
    /// the default threshold, halved for the low-income, a household with five illnesses in
    /// a year reached it), job losses and random floods with temporary relief of 1,000 per
    /// affected household (no house damage): medical-insurance spending counts illness
    /// events, disaster-relief spending the households hit.
    static func countedShocks() -> Scenario {
        var s = F.quietScenario(replications: 6)
        s.shocks.illness.ratePerPerson = 0.2
        s.shocks.illness.cost = .fixed(value: 2_385)
        s.shocks.labor.jobLossMonthly = 0.05
        s.shocks.disasters = [
            Hazard(
                name: "flood", rate: Keyed(0.8), footprint: .fixed(value: 0.5), affectedShare: 0.5,
                loss: .fixed(value: 0.4))
        ]
        s.policies.medical.enabled = true
        s.policies.medical.takeUp = Keyed(1)
        s.policies.medical.catastrophic.threshold = 1e9
        s.policies.disasterRelief.enabled = true
        s.policies.disasterRelief.temporary = 1_000
        return s
    }

    @Test func aPolicyVariantSeesExactlyTheSameShocks() throws {
        // Shocks whose spending counts them (`countedShocks`). Turning monitoring on (which
        // draws detections from the policy stream and changes who is low income) cannot
        // move a shock: medical-insurance and disaster-relief spending are the same bits in
        // every replication, year and county.
        let off = Self.countedShocks()
        var on = off
        on.policies.monitoring.enabled = true
        on.policies.monitoring.cadreMonthly = 0.3
        on.policies.employment.enabled = true
        var paysNothing = off
        paysNothing.policies.relapseInsurance.enabled = true
        paysNothing.policies.relapseInsurance.coverage = 0
        let population = F.households(300, county: .cangyuan, size: 2, laborers: 1, migrants: 1) {
            $0.transfer = 5_000
            $0.wageMigrant = 6_000
            $0.production = ["tea": 3_000]
        }
        let result = try F.run(variants: [("off", off), ("on", on), ("pays nothing", paysNothing)], population)
        var events = 0.0
        for r in 0..<6 {
            for year in 2021...2025 {
                for item in [SpendingItem.medicalInsurance, .disasterRelief] {
                    let a = F.spending(result, item, year: year, replication: r, variant: 0)
                    let b = F.spending(result, item, year: year, replication: r, variant: 1)
                    #expect(a.bitPattern == b.bitPattern, "\(item) \(year) r\(r): \(a) vs \(b)")
                    events += a
                }
            }
        }
        #expect(events > 0)
        // Monitoring did change something (otherwise the comparison proves nothing).
        #expect(!F.identical(result.materializedOutcomes[0], result.materializedOutcomes[1]))
        // A variant whose policy pays nothing and draws nothing is the same bits.
        #expect(F.identical(result.materializedOutcomes[0], result.materializedOutcomes[2]))
    }

    @Test func aVariantChangingOneShockLeavesTheOthersDrawsAsTheyWere() throws {
        // Shocks whose spending counts them (`countedShocks`), in 300 households of 耿马 and
        // 300 of 沧源, with disabilities (which leave some households without a laborer to
        // injure). A variant with another flood rate in 耿马 sees the same illnesses and the
        // same floods in 沧源; one with another illness rate the same floods in both. With one
        // shock stream for everything (as before) either change moved the other draws, and
        // with an injury drawn only where a laborer was left, the illness rate did too.
        var base = Self.countedShocks()
        base.income.volatility.wage = 0.2
        base.shocks.illness.disabilityPerLaborer = 0.1
        base.shocks.disasters[0].injury = Hazard.Injury(probability: 0.1, months: 2)
        var floodsInGengma = base
        floodsInGengma.shocks.disasters[0].rate = Keyed(0.8, [.gengma: 2])
        var moreIllness = base
        moreIllness.shocks.illness.ratePerPerson = 0.3
        var population = Population()
        for i in 0..<600 {
            var h = Household(
                id: "h\(i)", county: i < 300 ? .gengma : .cangyuan, township: "t\(i / 300)", village: "v\(i)", size: 2,
                laborers: 1, migrants: 1, status: .exited)
            h.transfer = 5_000
            h.wageMigrant = 6_000
            h.production = ["tea": 3_000]
            population.append(h)
        }
        let result = try F.run(
            variants: [("base", base), ("floods in gengma", floodsInGengma), ("more illness", moreIllness)], population)
        var counted = 0.0
        for r in 0..<6 {
            for year in 2021...2025 {
                func spending(_ item: SpendingItem, _ county: County, _ variant: Int) -> UInt64 {
                    F.spending(result, item, county: county, year: year, replication: r, variant: variant).bitPattern
                }
                for county in [County.gengma, .cangyuan] {
                    #expect(spending(.medicalInsurance, county, 0) == spending(.medicalInsurance, county, 1))
                    #expect(spending(.disasterRelief, county, 0) == spending(.disasterRelief, county, 2))
                    counted += F.spending(result, .disasterRelief, county: county, year: year, replication: r)
                }
                #expect(spending(.disasterRelief, .cangyuan, 0) == spending(.disasterRelief, .cangyuan, 1))
            }
        }
        #expect(counted > 0)
        // The changes did change their own shocks.
        #expect(!F.identical(result.materializedOutcomes[0], result.materializedOutcomes[1]))
        #expect(!F.identical(result.materializedOutcomes[0], result.materializedOutcomes[2]))
    }

    @Test func theCopyOfThePassWithoutPoliciesGivesTheSameBits() throws {
        // With every policy off the households are simulated by a copy of the pass compiled
        // without the policies' tests (`NoPolicies`). Switching on anti-relapse insurance for
        // nobody (coverage 0: it pays and draws nothing) takes the general copy instead: the
        // figures must be the same bits, under shocks of every kind.
        var off = F.quietScenario(replications: 4)
        off.shocks.illness.ratePerPerson = 0.2
        off.shocks.illness.disabilityPerLaborer = 0.05
        off.shocks.labor.jobLossMonthly = 0.05
        off.shocks.labor.epidemic.probability = 0.5
        off.shocks.prices.sd = Keyed(0.2)
        off.shocks.prices.crashProbability = Keyed(0.2)
        off.income.volatility.wage = 0.2
        off.income.volatility.production = 0.2
        off.shocks.disasters = [
            Hazard(
                name: "flood", rate: Keyed(0.8), footprint: .fixed(value: 0.5), affectedShare: 0.5,
                loss: .fixed(value: 0.4))
        ]
        var general = off
        general.policies.relapseInsurance.enabled = true
        general.policies.relapseInsurance.coverage = 0
        general.policies.relapseInsurance.premium = 0
        let population = F.households(300, size: 3, laborers: 2, migrants: 1) {
            $0.wageLocal = 6_000
            $0.wageMigrant = 9_000
            $0.production = ["tea": 4_000, "nuts": 2_000]
        }
        let a = try F.run(off, population)
        let b = try F.run(general, population)
        #expect(F.identical(a.materializedOutcomes[0], b.materializedOutcomes[0]))
        #expect(a.places == b.places)
        #expect(F.value(a, .relapseHouseholds, year: 2023) > 0)
    }

    // MARK: - Whole-horizon counts

    @Test func wholeHorizonCountsEachHouseholdOnce() throws {
        // Two-person households with 10,000 of transfers; an illness costs 4,385, leaving at
        // most 2,807.5 per person < P: a household relapses in a year iff it has an illness,
        // rate 2λ = 0.1 a year. Over the five years it relapses at least once with probability
        // 1 − e^(−0.5). Per replication: max over years ≤ all ≤ sum over years; persons = 2 ×
        // households. Tolerance on the mean of `all`: 4 binomial standard errors.
        var scenario = F.quietScenario(replications: 10)
        scenario.shocks.illness.ratePerPerson = 0.05
        scenario.shocks.illness.cost = .fixed(value: 4_385)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.gapCoverage = 0  // monitored, but no help to lift anyone
        let n = 1_000
        let population = F.households(n, size: 2) { $0.transfer = 10_000 }
        let result = try F.run(scenario, population)
        let all = result.layout.allPeriod
        var multiYear = false
        for outcome in result.materializedOutcomes[0] {
            for metric in [Metric.relapseHouseholds, .atRiskHouseholds, .monitoredHouseholds] {
                let years = (0..<5).map { outcome.value(metric, period: $0) }
                let whole = outcome.value(metric, period: all)
                #expect(whole <= years.reduce(0, +), "\(metric)")
                #expect(whole >= years.max()!, "\(metric)")
                if metric == .relapseHouseholds && whole < years.reduce(0, +) { multiYear = true }
            }
            #expect(outcome.value(.relapsePersons, period: all) == 2 * outcome.value(.relapseHouseholds, period: all))
        }
        #expect(multiYear, "some household relapsed in several years, so `all` < the sum somewhere")
        let p = 1 - exp(-0.5)
        let mean = result.materializedOutcomes[0].map { $0.value(.relapseHouseholds, period: all) }.reduce(0, +) / 10
        let se = (Double(n) * p * (1 - p) / 10).squareRoot()
        #expect(abs(mean - Double(n) * p) <= 4 * se, "\(mean) vs \(Double(n) * p) ± \(4 * se)")
    }
}

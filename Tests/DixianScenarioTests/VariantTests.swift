import DixianModel
import DixianScenario
import Foundation
import Testing

/// Variants and overrides: patches on the resolved tree, decoded again.
@Suite struct VariantTests {
    let file = """
        name: variants
        variants:
          - name: current
          - name: fast
            set:
              policies.monitoring.cadre_monthly: 0.4
              shocks.prices.sd.coffee: 0.5
              shocks.disasters.earthquake.rate.cangyuan: 0.2
              policies.budgets.monitoring.yearly_per_county: 5000000
            baseline: current
        """

    @Test func aPatchChangesWhatItNamesAndNothingElse() throws {
        let loaded = try Fixture.load(file)
        let base = loaded.scenario
        let fast = try loaded.variant(named: "fast")
        #expect(fast.policies.monitoring.cadreMonthly == 0.4)
        #expect(fast.shocks.prices.sd[Commodity("coffee")] == 0.5)
        #expect(fast.shocks.prices.sd[Commodity("tea")] == base.shocks.prices.sd[Commodity("tea")])
        #expect(fast.shocks.disasters[0].rate[.cangyuan] == 0.2)
        #expect(fast.shocks.disasters[0].rate[.gengma] == base.shocks.disasters[0].rate[.gengma])
        #expect(fast.policies.budgets[.monitoring]?.yearlyPerCounty[.linxiang] == 5_000_000)
        var expected = base
        expected.policies.monitoring.cadreMonthly = 0.4
        expected.shocks.prices.sd[Commodity("coffee")] = 0.5
        expected.shocks.disasters[0].rate[.cangyuan] = 0.2
        expected.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(5_000_000))
        #expect(fast == expected)
        #expect(base.variants[1].baseline == "current")
    }

    @Test func aKeyPathToAnotherFormOfALineReplacesTheLine() throws {
        // The tester's finding: `lines.monitoring.multiple` over the default table was
        // refused as two forms at once; as a mapping laid over the table, it replaces it.
        let text = """
            name: lines
            variants:
              - name: a
              - name: dotted
                set: {lines.monitoring.multiple: 1.5}
              - name: mapping
                set: {lines.monitoring: {multiple: 1.5}}
              - name: indexed
                set: {lines.monitoring.value: 6000, lines.monitoring.growth: 0.05}
              - name: indexed-mapping
                set: {lines.monitoring: {value: 6000, growth: 0.05}}
              - name: year
                set: {lines.poverty.table.2021: 4200}
            """
        let loaded = try Fixture.load(text)
        #expect(try loaded.variant(named: "dotted") == loaded.variant(named: "mapping"))
        #expect(try loaded.variant(named: "dotted") != loaded.scenario)
        #expect(try loaded.variant(named: "indexed") == loaded.variant(named: "indexed-mapping"))
        #expect(try loaded.variant(named: "indexed") != loaded.scenario)
        // Deeper: one year of a table over a line given by value and growth.
        #expect(try loaded.variant(named: "year").lines.poverty == .table([2021: 4200]))
        // Two forms in one patch are still two forms (the reviewer's d_lines.yaml).
        #expect(Fixture.problems("variants:\n  - name: a\n    set: {lines.monitoring.growth: 0.05, lines.monitoring.multiple: 1.5}\n")
            .contains { $0.contains("give one form") })
        // So in a sweep.
        #expect(Fixture.problems("sweep:\n  design: grid\n  parameters:\n    lines.monitoring.multiple: [1.4, 1.6]\n").isEmpty)
    }

    @Test func anEmptyPatchGivesTheScenarioItself() throws {
        let loaded = try Fixture.load(file)
        #expect(try loaded.variant(named: "current") == loaded.scenario)
        #expect(try loaded.applying([]).scenario == loaded.scenario)
        #expect(try loaded.applying([]).canonicalText == loaded.canonicalText)
    }

    @Test func variantsListsEveryVariantAndBaselineWithoutAny() throws {
        let loaded = try Fixture.load(file)
        #expect(try loaded.variants().map(\.name) == ["current", "fast"])
        #expect(try ScenarioLoader.loadBaseline().variants().map(\.name) == ["baseline"])
    }

    @Test func overridesAreValidatedLikeFileValues() throws {
        let loaded = ScenarioLoader.loadBaseline()
        let point = try loaded.applying([
            .init(keyPath: "policies.medical.aid.rate", value: .number(0.85)),
            .init(keyPath: "shocks.labor.job_loss_monthly", value: .number(0.02)),
        ])
        #expect(point.scenario.policies.medical.aid.rate == 0.85)
        #expect(point.scenario.shocks.labor.jobLossMonthly == 0.02)
        let here = SourceLocation(file: "sweep.yaml", line: 9, column: 5)
        #expect(throws: InputErrors.self) {
            try loaded.applying([.init(keyPath: "policies.medical.aid.rate", value: .number(1.3), location: here)])
        }
        do {
            _ = try loaded.applying([.init(keyPath: "policies.medical.aid.rat", value: .number(0.5), location: here)])
        } catch {
            #expect(error.description == "sweep.yaml:9:5: policies.medical.aid.rat: unknown key path; did you mean `policies.medical.aid.rate`?")
        }
        do {
            _ = try loaded.applying([.init(keyPath: "policies.medical.aid.rate", value: .string("high"), location: here)])
        } catch {
            #expect(error.description == "sweep.yaml:9:5: policies.medical.aid.rate: expected a number, found the string `high`")
        }
    }

    @Test func unknownVariantsAndBaselinesAreReported() throws {
        let loaded = try Fixture.load(file)
        #expect(throws: InputErrors.self) { try loaded.variant(named: "fats") }
        let problems = Fixture.problems(
            "variants:\n  - name: a\n  - name: a\n  - name: b\n    baseline: c\n")
        #expect(problems == [
            "scenario.yaml:3:11: variants.1.name: variant `a` is defined twice",
            "scenario.yaml:5:15: variants.2.baseline: no variant named `c`",
        ])
    }

    @Test func aVariantWithoutANameMovesNoOtherVariantsProblems() {
        // A nameless item is not a variant, but every variant after it keeps its own place
        // (the tester's v4.yaml and v2.yaml), and the nameless item's own patch is checked too.
        let problems = Fixture.problems(
            """
            variants:
              - name: a
              - set: {policies.monitoring.cadre_monthly: 2}
              - name: b
                set: {policies.monitoring.cadre_monthly: 1.4}
              - name: c
                baseline: zzz
              - name: self
                baseline: self
            """)
        #expect(problems == [
            "scenario.yaml:3:5: variants.1: a variant needs `name`",
            "scenario.yaml:3:46: policies.monitoring.cadre_monthly: in variants.1 (no name): must be a probability between 0 and 1, found 2",
            "scenario.yaml:5:46: policies.monitoring.cadre_monthly: in variant `b`: must be a probability between 0 and 1, found 1.4",
            "scenario.yaml:7:15: variants.3.baseline: no variant named `zzz`",
            "scenario.yaml:9:15: variants.4.baseline: a variant cannot be its own baseline",
        ], "\(problems)")
    }

    @Test func variantsCannotChangeVariants() {
        let problems = Fixture.problems("variants:\n  - name: a\n    set: {sweep.samples: 3}\n")
        #expect(problems == ["scenario.yaml:3:11: sweep.samples: in variant `a`: `sweep` cannot be changed by a variant or a sweep"])
    }

    @Test func variantsCannotChangeWhatTheRunShares() {
        // Years, commodities, the population, replications and outputs belong to the whole
        // run: a variant setting them is refused at the key, not run or ignored.
        let problems = Fixture.problems(
            "variants:\n  - name: a\n    set: {years.end: 2023, replications: 3, outputs.dir: x, population.scale: 2}\n")
        #expect(problems == [
            "scenario.yaml:3:11: years.end: in variant `a`: a variant cannot change `years`: every variant simulates the run's years",
            "scenario.yaml:3:28: replications: in variant `a`: a variant cannot change `replications`: it belongs to the run (set it in the scenario)",
            "scenario.yaml:3:45: outputs.dir: in variant `a`: a variant cannot change `outputs`: it belongs to the run (set it in the scenario)",
            "scenario.yaml:3:61: population.scale: in variant `a`: a variant cannot change `population`: every variant simulates the same households",
        ], "\(problems)")
        // Nor the random numbers: a variant with its own seed or generator would see other
        // shocks, while compare reports paired differences on common random numbers.
        #expect(Fixture.problems("variants:\n  - name: a\n  - name: b\n    set: {seed: 5, rng: ranlxd2}\n") == [
            "scenario.yaml:4:11: seed: in variant `b`: a variant cannot change `seed`: every variant draws the same random "
                + "numbers, so that it sees the same shocks (common random numbers; set it in the scenario)",
            "scenario.yaml:4:20: rng: in variant `b`: a variant cannot change `rng`: every variant draws the same random "
                + "numbers, so that it sees the same shocks (common random numbers; set it in the scenario)",
        ])
        // Nor a drill's events: the timeline, its report and the months since the first event
        // are the run's (a variant moving the earthquake ran, but was shown the base events).
        #expect(Fixture.problems(
            "drill: {events: [{price: tea, year: 2023, change: -0.3}]}\nvariants:\n  - name: a\n"
                + "    set: {drill.events.0.year: 2022}\n") == [
            "scenario.yaml:4:11: drill.events.0.year: in variant `a`: a variant cannot change `drill`: its events are "
                + "the run's, every variant's timeline counted from the same first event (a drill with other events "
                + "is another scenario)"
        ])
        // Through a section above the key, too.
        #expect(Fixture.problems("variants:\n  - name: a\n    set: {shocks.prices: {commodities: [tea]}}\n") == [
            "scenario.yaml:3:11: shocks.prices: in variant `a`: a variant cannot change `shocks.prices.commodities`: "
                + "the variants share the commodities' prices"
        ])
    }

    @Test func gridSweepsKeepTheirValues() throws {
        let loaded = try Fixture.load(
            "sweep:\n  design: grid\n  parameters:\n    policies.monitoring.enabled: [true, false]\n    policies.monitoring.cap: [3000, 5000]\n")
        #expect(loaded.scenario.sweep == Sweep(design: .grid([
            .init(keyPath: "policies.monitoring.cap", values: [.number(3000), .number(5000)]),
            .init(keyPath: "policies.monitoring.enabled", values: [.bool(true), .bool(false)]),
        ])))
        #expect(Fixture.problems("sweep:\n  design: grid\n  parameters:\n    policies.monitoring.enabled: [true, maybe]\n") == [
            "scenario.yaml:4:41: policies.monitoring.enabled: in sweep parameter `policies.monitoring.enabled`: expected true or false, found the string `maybe`"
        ])
    }
}

/// A finished run's scenario loads without its household file (`merge` reports a file gone
/// with the shards' problems); everything else still requires the file, variants included.
@Suite struct ArchivedScenarioTests {
    let text = """
        name: archived
        population: {file: gone.csv}
        variants:
          - name: current
          - name: fast
            set: {policies.monitoring.cadre_monthly: 0.4}
        sweep:
          design: grid
          parameters:
            policies.monitoring.gap_coverage: [0.4, 0.8]
        """
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("archived-\(UUID()).yaml").path

    @Test func loadsWithoutItsHouseholdFileOnlyWhenAsked() throws {
        let loaded = try ScenarioLoader.load(text: text, file: file, checkingFiles: false)
        let folder = (file as NSString).deletingLastPathComponent
        #expect(loaded.scenario.population.origin == .file(folder + "/gone.csv"))
        let variants = try loaded.variants()
        #expect(variants.map(\.name) == ["current", "fast"])
        #expect(variants[1].scenario.policies.monitoring.cadreMonthly == 0.4)
        let patched = try loaded.applying([
            .init(keyPath: "policies.monitoring.gap_coverage", value: .number(0.8))
        ])
        #expect(patched.scenario.policies.monitoring.gapCoverage == 0.8)

        #expect {
            try ScenarioLoader.load(text: text, file: file)
        } throws: { error in
            let problems = (error as? InputErrors)?.diagnostics ?? []
            return problems.contains { $0.message.contains("household file not found") }
        }
    }
}

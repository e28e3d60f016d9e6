@testable import DixianEngine
import DixianModel
import DixianPopulation
import DixianScenario
import Testing

/// Variants of a replication take the reference variant's pass of the households their
/// differences do not touch (``PolicyFeatures``, issue 4). That must change nothing but
/// the time: every figure of every variant has the same bits as when each variant
/// simulates every household itself.
@Suite struct PassSharingTests {
    /// The levers of scenarios/lincang-policy-variants.yaml and more, chosen so that every
    /// feature of ``PolicyFeatures`` differs in some variant, budgets and posts run out (and a
    /// county has none, which a pass reads)
    /// (claims denied), the exit rule differs (read at the year's end only), and one
    /// variant changes a line (nothing shared).
    static let scenario = """
        population: {scale: 0.1}
        years: {start: 2021, end: 2023}
        variants:
          - name: current
          - name: unchanged
          - name: no-monitoring
            set: {policies.monitoring.enabled: false}
          - name: fast-detection
            set:
              policies.monitoring.cadre_monthly: 0.40
              policies.monitoring.self_report_monthly: 0.20
              policies.monitoring.screening.months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
          - name: more-help
            set: {policies.monitoring.cap: 9000, policies.monitoring.gap_coverage: 0.9}
          - name: medical-aid-85
            set: {policies.medical.aid.rate: 0.85, policies.medical.aid.cap: 50000}
          - name: no-tilted-aid
            set: {policies.medical.tilted_aid.enabled: false}
          - name: scarce-posts
            set: {policies.employment.posts_per_county.default: 3}
          - name: no-posts-in-cangyuan
            set: {policies.employment.posts_per_county.cangyuan: 0}
          - name: employment-boost
            set: {policies.employment.reemployment_boost: 0.4}
          - name: relapse-insurance
            set: {policies.relapse_insurance.enabled: true, policies.relapse_insurance.coverage: 1.0}
          - name: dibao-phase-out-12
            set: {policies.dibao.phase_out_months: 12}
          - name: slow-exit
            set: {policies.monitoring.exit.stable_years: 3}
          - name: small-help-budget
            set: {policies.budgets.monitoring.yearly_per_county: 20000}
          - name: more-relief
            set: {policies.disaster_relief.temporary: 5000}
          - name: higher-line
            set: {lines.poverty.value: 4500}
        """

    static let population = Result { try LincangPopulation.build(scale: 0.1) }

    static func variants() throws -> [Simulator.Variant] {
        try ScenarioLoader.load(text: scenario, file: "sharing.yaml").variants()
            .map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
    }

    @Test func sharedPassesGiveTheBitsOfUnsharedOnes() throws {
        let variants = try Self.variants()
        let population = try Self.population.get()
        let shared = try Simulator(variants: variants, population: population)
        let unshared = try Simulator(variants: variants, population: population)
        unshared.sharesPasses = false
        let a = try shared.run(replications: 0..<4, threads: 2)
        let b = try unshared.run(replications: 0..<4, threads: 2)
        for (v, variant) in variants.enumerated() {
            #expect(a.materializedOutcomes[v] == b.materializedOutcomes[v], "variant \(variant.name)")
            #expect(a.places[v] == b.places[v], "variant \(variant.name)")
        }
        // Not a vacuous comparison: most household-years of most variants were shared.
        let householdYears = population.count * 3 * 4
        #expect(unshared.sharedPasses == 0)
        #expect(shared.sharedPasses > householdYears * (variants.count - 1) / 2, "shared \(shared.sharedPasses)")
    }

    @Test func aVariantGivesTheSameBitsAloneAsAmongOthers() throws {
        let variants = try Self.variants()
        let population = try Self.population.get()
        let together = try Simulator(variants: variants, population: population).run(replications: 0..<3, threads: 2)
        for v in [2, 5, 9] {
            let alone = try Simulator(variants: [variants[v]], population: population).run(replications: 0..<3, threads: 1)
            #expect(alone.materializedOutcomes[0] == together.materializedOutcomes[v], "variant \(variants[v].name)")
        }
    }

    /// A first variant with every policy off keeps the record of its passes that the other
    /// variants share, which the copy of the pass for that mix does not keep: it runs the
    /// general copy then. A variant that turns monitoring on shares the passes the record
    /// says monitoring could not change (with no record it would share them all, and miss
    /// every household monitoring finds), and a variant with every policy off takes the
    /// first's passes; each gives the bits it gives alone.
    @Test func aFirstVariantWithEveryPolicyOffGivesTheBitsItGivesAlone() throws {
        let off = [
            "monitoring", "dibao", "medical", "employment", "agri_insurance", "binding", "consumption_help",
            "risk_fund", "relapse_insurance", "disaster_relief",
        ].map { "policies.\($0).enabled: false" }.joined(separator: ", ")
        let text = """
            population: {scale: 0.1}
            years: {start: 2021, end: 2023}
            variants:
              - name: none
                set: {\(off)}
              - name: monitored
                set: {\(off.replacingOccurrences(of: "monitoring.enabled: false", with: "monitoring.enabled: true"))}
              - name: none-again
                set: {\(off)}
            """
        let variants = try ScenarioLoader.load(text: text, file: "off.yaml").variants()
            .map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
        let population = try Self.population.get()
        let simulator = try Simulator(variants: variants, population: population)
        #expect(simulator.differingFeatures()[1] == .monitoringEnabled)
        let together = try simulator.run(replications: 0..<3, threads: 2)
        for v in 0..<3 {
            let alone = try Simulator(variants: [variants[v]], population: population).run(replications: 0..<3, threads: 1)
            #expect(alone.materializedOutcomes[0] == together.materializedOutcomes[v], "variant \(variants[v].name)")
        }
        #expect(together.materializedOutcomes[0] != together.materializedOutcomes[1])
        // Not vacuous: the monitored variant took some of the first's passes, the third all.
        let householdYears = population.count * 3 * 3
        #expect(simulator.sharedPasses > householdYears, "shared \(simulator.sharedPasses)")
    }

    @Test func differencesAreClassifiedByWhatAPassReads() throws {
        let variants = try Self.variants()
        let population = try Self.population.get()
        let simulator = try Simulator(variants: variants, population: population)
        let features = simulator.differingFeatures()
        let expected: [String: PolicyFeatures] = [
            "unchanged": [], "no-monitoring": .monitoringEnabled, "fast-detection": .detection, "more-help": .help,
            "medical-aid-85": .medicalAid, "no-tilted-aid": .medical, "scarce-posts": [], "no-posts-in-cangyuan": .employment,
            "employment-boost": .employment,
            "relapse-insurance": .relapseInsurance, "dibao-phase-out-12": .dibaoPhaseOut, "slow-exit": [],
            "small-help-budget": [], "more-relief": .disasterRelief, "higher-line": .residual,
        ]
        for (v, variant) in variants.enumerated().dropFirst() {
            #expect(features[v] == expected[variant.name], "variant \(variant.name)")
        }
    }
}

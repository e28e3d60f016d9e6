import DixianEngine
import DixianModel
import DixianScenario
import Testing

@Suite struct TapeSharingTests {
    @Test func policyVariantsDecodedFromYAMLShareOneShockTape() throws {
        // Variants are decoded one by one from the file, so their per-commodity and
        // per-county maps are separate dictionaries: sharing must compare them by value.
        let loaded = try ScenarioLoader.load(
            text: """
                variants:
                  - name: current
                  - name: fast
                    set: {policies.monitoring.cadre_monthly: 0.4}
                  - name: aid
                    set: {policies.medical.aid.rate: 0.85}
                  - name: other-shocks
                    set: {shocks.prices.sd.tea: 0.3}
                """, file: "variants.yaml")
        let variants = try loaded.variants().map { Simulator.Variant(name: $0.name, scenario: $0.scenario) }
        let population = EngineFixtures.households(20) { $0.transfer = 5_000 }
        let simulator = try Simulator(variants: variants, population: population)
        // The three policy variants share one tape; the price variant draws its own.
        #expect(simulator.tapeCount == 2)
    }
}

import DixianScenario
import Foundation
import Testing

/// `docs/scenario-reference.md` names every key path the loader accepts, so the two cannot drift.
@Suite struct DocsTests {
    @Test func everyKeyPathIsDocumented() throws {
        let path = Fixture.repository.appendingPathComponent("docs/scenario-reference.md").path
        let doc = try String(contentsOfFile: path, encoding: .utf8)
        let missing = KeyRegistry.keyPaths.filter { !doc.contains("`\($0)`") }
        #expect(missing == [], "undocumented key paths: \(missing.joined(separator: ", "))")
    }

    @Test func theRegistryKnowsTheReferenceKeys() {
        for path in [
            "policies.monitoring.cadre_monthly", "shocks.prices.sd.<commodity>", "shocks.disasters.<hazard>.rate.<county>",
            "policies.budgets.<instrument>.yearly_per_county", "lines.monitoring.multiple", "replications.until.relative_se",
        ] {
            #expect(KeyRegistry.keyPaths.contains(path), "\(path)")
        }
        #expect(KeyRegistry.isKnown("shocks.disasters.earthquake.rate.cangyuan"))
        #expect(KeyRegistry.isKnown("shocks.illness.cost.mean"))
        #expect(!KeyRegistry.isKnown("shocks.illness.cost.meen"))
        #expect(!KeyRegistry.isKnown("policies.budgets.monitorin.yearly_per_county"))
    }
}

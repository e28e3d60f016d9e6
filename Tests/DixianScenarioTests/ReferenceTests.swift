import DixianModel
import DixianScenario
import Foundation
import Testing

@Suite struct ReferenceTests {
    @Test func referenceFileLoads() throws {
        let loaded = try ScenarioLoader.load(file: Fixture.path("reference.yaml"))
        #expect(loaded.scenario.name == "lincang-baseline")
        #expect(loaded.scenario.replications == .fixed(1000))
        #expect(loaded.scenario.lines.monitoring == .multiple(1.5))
    }
}

import DixianModel
import DixianScenario
import Foundation
import Testing

@Test func dumpForDevelopment() throws {
    let loaded = try ScenarioLoader.load(file: Fixture.path("reference.yaml"))
    try loaded.canonicalText.write(toFile: "/tmp/canonical.json", atomically: true, encoding: .utf8)
    try KeyRegistry.keyPaths.joined(separator: "\n").write(toFile: "/tmp/registry.txt", atomically: true, encoding: .utf8)
    let again = try ScenarioLoader.load(text: loaded.canonicalText, file: "/tmp/c.json")
    #expect(again.scenario == loaded.scenario)
    #expect(again.canonicalText == loaded.canonicalText)
}

@Test func baselineDiff() throws {
    let b = ScenarioLoader.loadBaseline()
    var d = Scenario()
    d.description = b.scenario.description
    d.outputs.dir = b.scenario.outputs.dir
    #expect(b.scenario == d)
    if b.scenario != d {
        let dc = try ScenarioLoader.load(text: "{}", file: "/tmp/x.yaml")
        try dc.canonicalText.write(toFile: "/tmp/default.json", atomically: true, encoding: .utf8)
        try b.canonicalText.write(toFile: "/tmp/baseline.json", atomically: true, encoding: .utf8)
    }
}

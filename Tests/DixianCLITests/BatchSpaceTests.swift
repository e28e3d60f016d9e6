import DixianBatch
import DixianModel
import Foundation
import Testing
@testable import DixianCLI

/// `batch` refuses runs that would not fit where they go (docs/batch.md).
@Suite struct BatchSpaceTests {
    /// A grid of three points over a household file, and its populations.
    private func plan(in folder: URL) throws -> (BatchPlan, [PopulationSource: Population]) {
        try CLITests.writeHouseholds(30, in: folder, county: "gengma", townships: 1, villages: 3, step: 10)
        let file = folder.appendingPathComponent("grid.yaml")
        try """
            name: space
            population: {file: households.csv}
            years: {start: 2021, end: 2022}
            replications: 4
            sweep:
              design: grid
              parameters:
                policies.monitoring.cadre_monthly: [0.1, 0.2, 0.3]
            """.write(to: file, atomically: true, encoding: .utf8)
        var (plan, problems) = BatchPlan.checked(paths: [file.path])
        #expect(problems.isEmpty, "\(problems)")
        var populations: [PopulationSource: Population] = [:]
        var hashes: [String: String] = [:]
        for point in plan.points {
            let (population, sha256, _) = try ScenarioInputs.populationAndHash(of: point.loaded.scenario)
            populations[point.loaded.scenario.population] = population
            if case .file(let path) = point.loaded.scenario.population.origin { hashes[path] = sha256 }
        }
        plan.identifyHouseholdFiles(hashes)
        return (plan, populations)
    }

    @Test func aBatchWhoseRunsWouldNotFitIsRefusedAndOneThatFitsOrIsDoneIsNot() throws {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (plan, populations) = try plan(in: folder)
        let out = folder.appendingPathComponent("out").path
        let catalog = folder.appendingPathComponent("results.sqlite").path
        func problem(free: Int?, out: String? = nil, done: Set<String> = []) -> String? {
            BatchCommand.spaceProblem(
                plan: plan, populations: populations, done: done, out: out, catalog: catalog, free: { _ in free })
        }
        // 1 KB free: neither the three runs' files nor their catalog rows fit (one file system).
        let refused = try #require(problem(free: 1_000, out: out))
        #expect(refused.hasPrefix("the 3 runs still to make would write about "), "\(refused)")
        #expect(refused.contains("to \(out) (") && refused.contains("more than the 1 KB free"), "\(refused)")
        let catalogOnly = try #require(problem(free: 1_000))
        #expect(catalogOnly.hasPrefix("the 3 runs still to make would add about "), "\(catalogOnly)")
        // Plenty of space, an unknown amount, or every run in the catalog already: no refusal.
        #expect(problem(free: 1 << 40, out: out) == nil)
        #expect(problem(free: nil, out: out) == nil)
        #expect(problem(free: 1_000, out: out, done: Set(plan.points.map(\.sha256))) == nil)
        // Two runs done: the message counts the one left.
        let one = try #require(problem(free: 1_000, out: out, done: Set(plan.points.prefix(2).map(\.sha256))))
        #expect(one.hasPrefix("the 1 run still to make"), "\(one)")
    }
}

import DixianEngine
import DixianModel
import Testing
@testable import DixianCLI

@Suite struct DrillTimelineTests {
    @Test func villagesEquallyLikelyToBreachAreRankedByTheirRelapseRateAsInTheReport() {
        // docs/report.md: villages with the same breach probability are ranked by their mean
        // relapse rate. Three villages of ten exited households each breach in 3 of 4
        // replications; their relapsed household-years are 1, 5 and 2: the terminal lists
        // b, c, a (it listed them in file order, a first, and the report b first).
        let layout = OutcomeLayout(years: [2021])
        var places = PlaceTally(villages: 3, townships: 1)
        places.villageBreaches = [3, 3, 3]
        func listed(relapsed: [Int64], order: [Int]) -> [String] {
            var tally = places
            tally.villageRelapsed = relapsed
            let result = RunResult(
                variantNames: ["only"], layout: layout, replications: 0..<4,
                outcomes: [(0..<4).map { _ in ReplicationOutcome(layout: layout, monthly: true) }], places: [tally])
            let text = DrillTimeline.text(
                result, start: 0, villages: ["c/t/a", "c/t/b", "c/t/c"], exited: [10, 10, 10], order: order)
            return text.split(separator: "\n").filter { $0.hasPrefix("  c/t/") }.map { String($0.dropFirst(2).prefix(5)) }
        }
        #expect(listed(relapsed: [1, 5, 2], order: [0, 1, 2]) == ["c/t/b", "c/t/c", "c/t/a"])
        // Equal rates too: by the villages' place in villages.csv, not the household file's order.
        #expect(listed(relapsed: [2, 2, 2], order: [1, 2, 0]) == ["c/t/b", "c/t/c", "c/t/a"])
    }
}

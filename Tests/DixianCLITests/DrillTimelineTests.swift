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

    @Test func variantsWhoseBudgetsRanOutInTheSameYearsShareALine() {
        // Under the drill's budget table: one line per distinct list of years, naming its
        // variants — none for every variant, "all variants but …" for more than half.
        let names = ["a", "b", "c", "d"]
        let t = TerminalText(.en)
        func lines(_ perVariant: [(variant: Int, years: [String])]) -> [String] {
            DrillTimeline.byYears(perVariant, of: [0, 1, 2, 3], names: names, t: t).map {
                $0.years.joined(separator: ", ") + $0.named
            }
        }
        let y = ["2024 100%"]
        let z = ["2024 50%", "2025 10%"]
        #expect(lines([(0, y), (1, y), (2, y), (3, y)]) == ["2024 100%"])
        #expect(lines([(0, y), (1, y), (2, z), (3, y)]) == ["2024 100% (all variants but c)", "2024 50%, 2025 10% (c)"])
        // Three of four, the fourth spending nothing in full: "all but" names it too.
        #expect(lines([(0, y), (1, y), (3, y)]) == ["2024 100% (all variants but c)"])
        #expect(lines([(0, y), (1, z), (2, z), (3, y)]) == ["2024 100% (a, d)", "2024 50%, 2025 10% (b, c)"])
        #expect(lines([(2, z)]) == ["2024 50%, 2025 10% (c)"])
        #expect(
            DrillTimeline.byYears([(0, y), (1, y), (2, z)], of: [0, 1, 2], names: names, t: TerminalText(.zh)).map { $0.named }
                == ["（除 c 外的所有方案）", "（c）"])
    }

    @Test func variantsWithBudgetsAreToldBudgetsAreGrantedAtTheYearsEnd() {
        let plain = Scenario()
        var capped = plain
        capped.policies.budgets[.relapseInsurance] = Budget(yearlyPerCounty: Keyed(50_000))
        #expect(ScenarioRun.budgetsGrantedAtYearEnd([plain, capped])?.hasPrefix("note: some variants have budgets") == true)
        // Not for variants without budgets, nor for one scenario (nothing is ranked).
        #expect(ScenarioRun.budgetsGrantedAtYearEnd([plain, plain]) == nil)
        #expect(ScenarioRun.budgetsGrantedAtYearEnd([capped]) == nil)
    }

    @Test func aSmallBudgetIsShownInMillionsWithItsOwnDigitsNotAsZero() {
        // One decimal of a million is 100,000 yuan: a budget of 10,000 yuan showed as 0.0.
        #expect(DrillTimeline.millions(10_000) == "0.010")
        #expect(DrillTimeline.millions(40_000) == "0.040")
        #expect(DrillTimeline.millions(1_234) == "0.0012")
        #expect(DrillTimeline.millions(300) == "0.0003")
        // From 50,000 yuan (0.05 million) on, and for nothing, one decimal as before.
        #expect(DrillTimeline.millions(0) == "0.0")
        #expect(DrillTimeline.millions(50_000) == "0.1")
        #expect(DrillTimeline.millions(300_000) == "0.3")
        #expect(DrillTimeline.millions(2_500_000) == "2.5")
    }
}

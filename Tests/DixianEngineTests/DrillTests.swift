import DixianEngine
import DixianModel
import Testing

/// Drills reported month by month (MODEL.md §6).
@Suite struct DrillTests {
    typealias F = EngineFixtures

    @Test func theEventMonthShowsTheAtRiskJumpInTheHitCountyOnly() throws {
        // 100 one-person households in 沧源 and 100 in 耿马, each with 8,000 of tea and 1,500 of
        // transfers: 9,500 ≥ M = 6,000, nobody at risk. A drill flood hits every village of
        // 沧源 at the end of May 2022 and destroys 90% of the year's tea: 800 + 1,500 = 2,300,
        // below M and below P = 4,000. Nothing else happens (quiet scenario), so the counts are exact.
        var scenario = F.quietScenario(replications: 3)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 5, loss: 0.9)])
        var population = Population()
        for (i, county) in [County.cangyuan, .gengma].flatMap({ Array(repeating: $0, count: 100) }).enumerated() {
            var h = Household(
                id: "h\(i)", county: county, township: "t", village: "v\(i % 10)", size: 1, laborers: 0, migrants: 0,
                status: .exited)
            h.production = ["tea": 8_000]
            h.transfer = 1_500
            population.append(h)
        }
        let result = try F.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for month in 0..<12 {
                let hit = month >= 4  // May is month 4, 0-based
                #expect(outcome.monthlyAtRisk(county: .cangyuan, yearIndex: 1, month: month) == (hit ? 100 : 0))
                #expect(outcome.monthlyAtRisk(county: .gengma, yearIndex: 1, month: month) == 0)
                #expect(outcome.monthlyRelapsing(county: .cangyuan, yearIndex: 1, month: month) == (hit ? 100 : 0))
                #expect(outcome.monthlyRelapsing(county: .gengma, yearIndex: 1, month: month) == 0)
                #expect(outcome.monthly(.atRisk, yearIndex: 1, month: month) == (hit ? 100 : 0))
                #expect(outcome.monthly(.relapsing, yearIndex: 1, month: month) == (hit ? 100 : 0))
                // Each household counts once, in the first month it heads for relapse: May.
                #expect(outcome.monthly(.firstRelapsing, yearIndex: 1, month: month) == (month == 4 ? 100 : 0))
                #expect(outcome.monthly(.atRisk, yearIndex: 0, month: month) == 0)
                // Ten villages of ten relapsing households each: every village breaches (≥ 5, ≥ 10%).
                #expect(outcome.monthly(.villageBreaches, yearIndex: 1, month: month) == (hit ? 10 : 0))
            }
            // The harvest is lost for 2022 only; in 2023 the households are back above M.
            #expect(outcome.monthly(.atRisk, yearIndex: 2, month: 0) == 0)
            #expect(outcome.value(.relapseHouseholds, period: 1) == 100)
            let later = (0..<12).map { outcome.monthly(.firstRelapsing, yearIndex: 2, month: $0) }
            #expect(later.allSatisfy { $0 == 0 })
        }
    }

    @Test func anEpidemicLeavesTheMonthsBeforeItAsTheyWere() throws {
        // An epidemic from June 2022 quadruples the job-loss hazard: households' clocks fire
        // at other times from June on. Each household's clock draws are its own, so nothing
        // before June changes — not its own events, and not other households' (with one
        // stream for all, an extra event moved every later household's draws, January
        // included). Shocks of every household kind, volatility, and monitoring on.
        var scenario = F.quietScenario(replications: 3)
        scenario.shocks.labor.jobLossMonthly = 0.05
        scenario.shocks.labor.epidemic.multiplier = 4
        scenario.shocks.illness.ratePerPerson = 0.2
        scenario.shocks.illness.disabilityPerLaborer = 0.02
        scenario.income.volatility.wage = 0.3
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 0.3
        scenario.drill = Drill(events: [F.drillDisaster(year: 2021, month: 1, loss: 0)])
        var epidemic = scenario
        epidemic.drill?.events.append(.epidemic(year: 2022, month: 6, months: 3))
        let population = F.households(400, size: 3, laborers: 2, migrants: 2) {
            // 6,000 a person, at M: job losses and illness put households at risk, some below P.
            $0.wageMigrant = 16_000
            $0.production = ["tea": 2_000]
        }
        let a = try F.run(scenario, population).materializedOutcomes[0]
        let b = try F.run(epidemic, population).materializedOutcomes[0]
        var later = 0
        for (x, y) in zip(a, b) {
            for metric in DrillMetric.allCases {
                for month in 0..<12 {
                    #expect(x.monthly(metric, yearIndex: 0, month: month) == y.monthly(metric, yearIndex: 0, month: month))
                }
                for month in 0..<5 {
                    #expect(x.monthly(metric, yearIndex: 1, month: month) == y.monthly(metric, yearIndex: 1, month: month),
                            "\(metric) 2022-\(month + 1)")
                }
            }
            #expect(x.value(.relapseHouseholds, period: 0) == y.value(.relapseHouseholds, period: 0))
            if x.monthly(.atRisk, yearIndex: 1, month: 7) != y.monthly(.atRisk, yearIndex: 1, month: 7) { later += 1 }
        }
        // Not vacuous: the epidemic changes the months it covers.
        #expect(later > 0)
    }

    /// A drill flood in `year`, `month` destroying 90% of the tea of `count` one-person
    /// households of 沧源 (8,000 of tea and 1,500 of transfers each: 2,300 after it), with
    /// monitoring whose cadres find every household at risk in the month it becomes so.
    static func monitoredFlood(year: Int, month: Int, households count: Int) -> (Scenario, Population) {
        var scenario = F.quietScenario(replications: 2)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: year, month: month, loss: 0.9)])
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        let population = F.households(count) {
            $0.production = ["tea": 8_000]
            $0.transfer = 1_500
        }
        return (scenario, population)
    }

    @Test func decemberIsTheYearAsCounted() throws {
        // The flood of the first test (May 2022, 90% of the tea: 2,300 < P = 4,000), with
        // monitoring that finds every household in May and from June would pay help covering
        // the whole gap to M = 6,000. The help's budget (1,000 yuan for 沧源's 100 households)
        // is spent at once, on the first household's June claim: the year ends with 99
        // households of 2,300 and one with 3,300 — 100 relapses — and every month end from
        // May on shows them (the months counted again with what the budget denied), December,
        // the year as counted, as the year's figures do. One household was helped, in June.
        let (flood, population) = Self.monitoredFlood(year: 2022, month: 5, households: 100)
        var scenario = flood
        scenario.policies.monitoring.gapCoverage = 1
        scenario.policies.monitoring.cap = 100_000
        scenario.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(1_000))
        let result = try F.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for month in 4..<11 { #expect(outcome.monthly(.relapsing, yearIndex: 1, month: month) == 100) }
            #expect((0..<12).map { outcome.monthly(.helped, yearIndex: 1, month: $0) } == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
            #expect(outcome.monthly(.firstRelapsing, yearIndex: 1, month: 4) == 100)
            #expect(outcome.value(.relapseHouseholds, period: 1) == 100)
            #expect(outcome.monthly(.relapsing, yearIndex: 1, month: 11) == 100)
            #expect(outcome.monthly(.atRisk, yearIndex: 1, month: 11) == outcome.value(.atRiskHouseholds, period: 1))
            #expect(outcome.monthly(.villageBreaches, yearIndex: 1, month: 11) == outcome.value(.villageBreaches, period: 1))
        }
    }

    @Test func nobodyIsHelpedByABudgetOfNothing() throws {
        // The flood of `decemberIsTheYearAsCounted` with a help budget of 0: every claim is
        // denied, so no household is helped in any month (docs/outputs.md, drill.csv), while
        // monitoring still finds them all in May. Transfers with fractions and a coverage of
        // 0.7 leave the month after the help with a projection less help paid a rounding away
        // from the month before: that difference is no claim of help (it was one, granted as
        // a claim of nothing, which moved each household's "helped" to that month).
        let (flood, _) = Self.monitoredFlood(year: 2022, month: 5, households: 100)
        let population = F.households(100) {
            $0.production = ["tea": 8_000]
            $0.transfer = 1_500 + 0.37 * Double($0.id.dropFirst())!
        }
        var scenario = flood
        scenario.policies.monitoring.gapCoverage = 0.7
        scenario.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(0))
        let result = try F.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for y in 0..<5 {
                #expect((0..<12).map { outcome.monthly(.helped, yearIndex: y, month: $0) } == Array(repeating: 0, count: 12), "\(y)")
            }
            #expect(outcome.monthly(.found, yearIndex: 1, month: 4) == 100)
            #expect(outcome.monthly(.spending, yearIndex: 1, month: 5) == 0)
        }
    }

    @Test func monthsAreCountedWithWhatABudgetDenied() throws {
        // Ten one-person 特困 households of 沧源 with nothing else: 832 a month each (9,984 a
        // year, above P = 4,500 and M = 6,750). A 低保 budget of 832·53 pays every household
        // January–May and, in June, the first three; then nothing (as in the budget test of
        // PolicyInstrumentTests). The pass counts every month end at 9,984; counted again with
        // the denials, the seven denied from June stand at 5·832 = 4,160 from June's end
        // (heading for relapse and at risk: the month's projection carries the denial on to
        // December), the three denied from July at 6·832 = 4,992 from July's (at risk only).
        var scenario = F.quietScenario(replications: 1)
        scenario.lines.poverty = .indexed(value: 4_500, growth: 0)
        scenario.policies.dibao.enabled = true
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: Keyed(832 * 53))
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2021, month: 1, loss: 0.1)])
        let population = F.households(10, county: .cangyuan) { $0.tekun = true }
        let outcome = try F.run(scenario, population).materializedOutcomes[0][0]
        let relapsing = (0..<12).map { outcome.monthly(.relapsing, yearIndex: 0, month: $0) }
        let atRisk = (0..<12).map { outcome.monthly(.atRisk, yearIndex: 0, month: $0) }
        let first = (0..<12).map { outcome.monthly(.firstRelapsing, yearIndex: 0, month: $0) }
        #expect(relapsing == [0, 0, 0, 0, 0, 7, 7, 7, 7, 7, 7, 7])
        #expect(atRisk == [0, 0, 0, 0, 0, 7, 10, 10, 10, 10, 10, 10])
        #expect(first == [0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0])
        #expect(outcome.value(.relapseHouseholds, period: 0) == 7)
        // The county's columns, counted again with the denials as the totals are.
        #expect((0..<12).map { outcome.monthlyRelapsing(county: .cangyuan, yearIndex: 0, month: $0) } == relapsing)
        #expect((0..<12).map { outcome.monthlyAtRisk(county: .cangyuan, yearIndex: 0, month: $0) } == atRisk)
        // The drill's spending by month is what was granted: 10·832 a month to May, 3·832 in June.
        let spent = (0..<12).map { outcome.monthly(.spending, yearIndex: 0, month: $0) }
        #expect(spent == [8_320, 8_320, 8_320, 8_320, 8_320, 2_496, 0, 0, 0, 0, 0, 0])
    }

    @Test func deniedPostsAreCarriedToDecemberAndGrantedHelpStaysCounted() throws {
        // One monitored one-person household, its migrant out of work from January all year
        // (h = 1, r = 0), 1,000 of transfers; a post pays 300 a month, P = 4,000, M = 6,000.
        // January's projection is 1,000 + 12·300 = 4,600: at risk, helped with half the gap,
        // 700, granted (the help's budget never runs short). Every post-month is denied —
        // no posts in the county, or an employment budget of 0 — so the year ends at 1,700.
        // Counted again, every month end loses its own post-month and those the projection
        // carried on to December: 1,700 after help from January, heading for relapse every
        // month; still helped in January.
        var base = F.quietScenario(replications: 1)
        base.lines.poverty = .indexed(value: 4_000, growth: 0)
        base.lines.monitoring = .multiple(1.5)
        base.shocks.labor.jobLossMonthly = 1
        base.shocks.labor.reemploymentMonthly = 0
        base.policies.monitoring.enabled = true
        base.policies.monitoring.gapCoverage = 0.5
        base.policies.monitoring.exit.stableYears = 99
        base.policies.employment.enabled = true
        base.policies.employment.postWageMonthly = 300
        base.policies.employment.reemploymentBoost = 0
        base.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(1e9))
        base.shocks.disasters = [F.drillHazard()]
        base.drill = Drill(events: [F.drillDisaster(year: 2021, month: 1, loss: 0.1)])
        let population = F.households(1, laborers: 1, migrants: 1) {
            $0.wageMigrant = 12_000
            $0.transfer = 1_000
            $0.monitored = true
        }
        var noPosts = base
        noPosts.policies.employment.postsPerCounty = Keyed(0)
        var noMoney = base
        noMoney.policies.budgets[.employment] = Budget(yearlyPerCounty: Keyed(0))
        for scenario in [noPosts, noMoney] {
            let outcome = try F.run(scenario, population).materializedOutcomes[0][0]
            let months = { (metric: DrillMetric) in (0..<12).map { outcome.monthly(metric, yearIndex: 0, month: $0) } }
            #expect(months(.relapsing) == Array(repeating: 1, count: 12))
            #expect(months(.atRisk) == Array(repeating: 1, count: 12))
            #expect(months(.helped) == [1] + Array(repeating: 0, count: 11))
            #expect(months(.firstRelapsing) == [1] + Array(repeating: 0, count: 11))
            #expect(outcome.value(.relapseHouseholds, period: 0) == 1)
        }
    }

    @Test func aDeniedPhaseOutIsCarriedOnlyForTheMonthsItHasLeft() throws {
        // One one-person household in 低保 (200 a month) whose 3,700 of transfers are above
        // D = 3,000 at January's review: six months of phase-out, January to June. A 低保
        // budget of 600 pays January to March. April's projection carried the phase-out's
        // two later months, May and June, not eight: counted again, every month end stands
        // at 3,700 + 600 = 4,300, above P = 4,000, as the year does — heading for relapse in
        // no month (and at risk in every one, below M = 6,000, as in the pass).
        var scenario = F.quietScenario(replications: 1)
        scenario.lines.poverty = .indexed(value: 4_000, growth: 0)
        scenario.lines.monitoring = .multiple(1.5)
        scenario.lines.dibao = .indexed(value: 3_000, growth: 0)
        scenario.policies.dibao.enabled = true
        scenario.policies.dibao.phaseOutMonths = 6
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: Keyed(600))
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2021, month: 1, loss: 0.1)])
        let population = F.households(1) {
            $0.transfer = 3_700
            $0.dibao = true
            $0.dibaoAmount = 2_400
        }
        let outcome = try F.run(scenario, population).materializedOutcomes[0][0]
        let months = { (metric: DrillMetric) in (0..<12).map { outcome.monthly(metric, yearIndex: 0, month: $0) } }
        #expect(months(.spending) == [200, 200, 200] + Array(repeating: 0, count: 9))
        #expect(months(.relapsing) == Array(repeating: 0, count: 12))
        #expect(months(.atRisk) == Array(repeating: 1, count: 12))
        #expect(outcome.value(.relapseHouseholds, period: 0) == 0)
    }

    @Test func foundAndHelpedFollowMonitoring() throws {
        // The same flood with monitoring: cadres find every household at risk in the month it
        // becomes at risk (cadre probability 1), and help starts the month after.
        let (scenario, population) = Self.monitoredFlood(year: 2021, month: 3, households: 50)
        let result = try F.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            #expect(outcome.monthly(.found, yearIndex: 0, month: 2) == 50)
            #expect(outcome.monthly(.helped, yearIndex: 0, month: 3) == 50)
            #expect(outcome.monthly(.found, yearIndex: 0, month: 3) == 0)
            #expect(outcome.monthly(.spending, yearIndex: 0, month: 3) > 0)
            // The months add up to the year's spending, item by item (up to rounding).
            for item in SpendingItem.allCases {
                let months = (0..<12).reduce(0) { $0 + outcome.monthlySpending(item, yearIndex: 0, month: $1) }
                let year = County.allCases.reduce(0) { $0 + outcome.spending(item, county: $1, period: 0) }
                #expect(abs(months - year) <= 1e-9 * max(1, year), "\(item): \(months) vs \(year)")
            }
        }
    }
}

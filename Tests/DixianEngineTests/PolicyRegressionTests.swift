import DixianEngine
import DixianModel
import Foundation
import Testing

/// Regression cases for engine bugs found while testing the policy instruments, each a
/// minimal case of what MODEL.md or the documented setting says should happen.
@Suite struct PolicyRegressionTests {
    typealias F = EngineFixtures

    @Test func relapseInsurancePremiumsAreACost() throws {
        // MODEL.md §4: anti-relapse insurance "premiums are a cost"; `SpendingItem`
        // `.relapseInsurancePremiums` ("premiums paid by government"); `premium` is "yuan per
        // insured household per year (a cost)". Ten households, coverage 1, premium 100:
        // 1,000 a year. (Premiums were once never recorded.)
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.relapseInsurance.enabled = true
        scenario.policies.relapseInsurance.coverage = 1
        scenario.policies.relapseInsurance.premium = 100
        let result = try F.run(scenario, F.households(10) { $0.transfer = 10_000 })
        #expect(F.spending(result, .relapseInsurancePremiums, year: 2021) == 1_000)
    }

    @Test func relapseInsuranceCountsItsPremiumsInTheTotalNotThePayoutsTheyPayFor() throws {
        // docs/model.md §4 (0.6.4): spending_total counts the premiums government pays, not the
        // insurer's payouts, which the premiums pay for (counting both counted the money twice);
        // a drill's months hold the premiums, in January. Fifteen insured households with
        // 10,000 of tea, a drill flood in March 2022 destroying 63.85%: each is paid
        // 0.8·(6,000 − 3,615) = 1,908 (relapseInsurancePaysShareOfTheShortfallUpToTheCap),
        // and premiums are 15 × 100 = 1,500 a year, the whole of spending_total (every other
        // instrument is off).
        var scenario = F.insuredFlood()
        scenario.policies.relapseInsurance.premium = 100
        let result = try F.run(scenario, F.households(15) { $0.production = ["tea": 10_000] })
        #expect(F.same(F.spending(result, .relapseInsurance, year: 2022), 15 * 1_908))
        #expect(F.spending(result, .relapseInsurancePremiums, year: 2022) == 1_500)
        for year in [2021, 2022] {
            #expect(F.value(result, .spendingTotal, year: year) == 1_500, "\(year)")
        }
        // The drill's months: the premiums in January (they were missing), the payouts in March,
        // and the months' total spending as spending_total counts it.
        let outcome = result.materializedOutcomes[0][0]
        let y = F.period(result, 2022)
        #expect(outcome.monthlySpending(.relapseInsurancePremiums, yearIndex: y, month: 0) == 1_500)
        #expect(F.same(outcome.monthlySpending(.relapseInsurance, yearIndex: y, month: 2), 15 * 1_908))
        #expect((0..<12).reduce(0) { $0 + outcome.monthly(.spending, yearIndex: y, month: $1) } == 1_500)
    }

    @Test func dibaoEnrolsAHouseholdAtTheMonthEndItIsFound() throws {
        // MODEL.md §4: households with no able laborer below D_t "are enrolled when found, and
        // paid the gap D_t·size − income (assessed at enrolment, pro-rated by month)". One
        // person, no laborer, a transfer of 3,000 (below M = 6,000 and D = 4,620), found by
        // cadres (probability 1) at the end of January: 低保 pays (4,620 − 3,000)/12 = 135 a
        // month from February, 11 × 135 = 1,485 in 2021, and 1,620 from the 2022 review.
        // (Enrolment waited for the first monitored month end: paid from March, 1,350; the
        // model audit's dibao-enrol case.) Targeted help is off (gap coverage 0).
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        scenario.policies.monitoring.selfReportMonthly = 0
        scenario.policies.monitoring.gapCoverage = 0
        scenario.policies.dibao.enabled = true
        let result = try F.run(scenario, F.households(1) { $0.transfer = 3_000 })
        #expect(F.sameSpending(F.spending(result, .dibao, year: 2021), 1_485, payments: 11))
        #expect(F.sameSpending(F.spending(result, .dibao, year: 2022), 1_620, payments: 12))
    }

    @Test func aHouseholdFoundInDecemberIsLeftToTheReview() throws {
        // The reviewer's probe: one person, no laborer, 10,000 of tea, a drill flood in December
        // 2021 destroying 80% of it (2,000 left, below D = 4,620), found by cadres at December's
        // end. Enrolled then, it was never paid in 2021 and entered the 2022 review as enrolled:
        // back at 10,000, above the standard, it got a phase-out of 6 × (4,620 − 2,000)/12 =
        // 1,310 for 低保 it never had. Left to the review, it gets nothing: 2022's income is
        // above the standard.
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2021, month: 12, loss: 0.8)])
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        scenario.policies.monitoring.gapCoverage = 0
        scenario.policies.dibao.enabled = true
        let result = try F.run(scenario, F.households(1) { $0.production = ["tea": 10_000] })
        for year in 2021...2023 {
            #expect(F.spending(result, .dibao, year: year) == 0, "\(year)")
        }
        #expect(result.materializedOutcomes[0][0].monthly(.found, yearIndex: 0, month: 11) == 1)
    }

    @Test func anInjuryTakesNoWageAnUnemployedMigrantWasNotEarning() throws {
        // MODEL.md §3.2: an injured laborer loses k months of wage; §3.6: wages are earned by
        // employed migrants. One person whose one laborer is a migrant earning 12,000 a year
        // (1,000 a month), poverty line 8,500, a drill flood in June 2022 injuring the laborer
        // (probability 1) for 4 months:
        // - employed all along (no job loss), no transfer: 12,000 − 4 × 1,000 = 8,000 < 8,500,
        //   a relapse;
        // - unemployed from January 2021 for good (job loss 1, re-employment 0), a transfer of
        //   10,000: no wage to lose, 10,000 ≥ 8,500, no relapse. (The injury took the mean
        //   wage of the able laborers, employed or not: 6,000, a relapse; the model audit's
        //   injury-unemployed case.)
        var scenario = F.quietScenario(replications: 1)
        scenario.lines.poverty = .indexed(value: 8_500, growth: 0)
        scenario.lines.monitoring = .multiple(1.5)
        var hazard = F.drillHazard()
        hazard.injury = Hazard.Injury(probability: 1, months: 4)
        scenario.shocks.disasters = [hazard]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 6, loss: 0)])
        scenario.shocks.labor.reemploymentMonthly = 0
        for (jobLoss, transfer, relapsed) in [(0.0, 0.0, 1.0), (1, 10_000, 0)] {
            scenario.shocks.labor.jobLossMonthly = jobLoss
            let population = F.households(1, laborers: 1, migrants: 1) {
                $0.wageMigrant = 12_000
                $0.transfer = transfer
            }
            let result = try F.run(scenario, population)
            #expect(F.value(result, .relapseHouseholds, year: 2021) == 0, "job loss \(jobLoss)")
            #expect(F.value(result, .relapseHouseholds, year: 2022) == relapsed, "job loss \(jobLoss)")
        }
    }

    @Test func dibaoBudgetCoversDibaoAndTekunTogether() throws {
        // MODEL.md §4: "any instrument may have a yearly budget per county; when spent, it pays
        // nothing more that year". 低保 and 特困 are one instrument (`policies.dibao`, and
        // `SpendingItem.tekun.budgetInstrument == .dibao`), but `PolicySettings.budget` gives
        // each spending item its own copy of the instrument's budget, so 低保 and 特困 could each
        // spend it in full: twice the budget (fixed: one budget per instrument). Five 特困 households (9,984 a year each) and five
        // 低保 households (no income: 4,620 a year each) in 沧源, budget 10,000.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: Keyed(10_000))
        let population = F.households(10) {
            if Int($0.id.dropFirst())! < 5 { $0.tekun = true } else { $0.dibao = true }
        }
        let result = try F.run(scenario, population)
        let paid = F.spending(result, .dibao, year: 2021) + F.spending(result, .tekun, year: 2021)
        #expect(paid <= 10_000, "低保 + 特困 paid \(paid) against a 10,000 budget")
    }

    @Test func basicMedicalInsuranceCapIsPerYear() throws {
        // `MedicalPolicy.Basic.cap`: "Cap, yuan per year. Default 150,000" (and
        // docs/scenario-reference.md). `medicalCost` once applied it to each event separately, so a
        // household with several expensive illnesses in a year is reimbursed k × 150,000.
        // One household per county, illnesses at λ = 3 a year costing 300,000; catastrophic
        // insurance off (rate 0) so the item is basic insurance alone.
        var scenario = F.quietScenario(replications: 2)
        scenario.shocks.illness.ratePerPerson = 3
        scenario.shocks.illness.cost = .fixed(value: 300_000)
        scenario.policies.medical.enabled = true
        scenario.policies.medical.takeUp = Keyed(1)
        scenario.policies.medical.catastrophic.rate = 0
        scenario.policies.medical.catastrophic.lowIncomeRateBonus = 0
        var population = Population()
        for (i, county) in County.allCases.enumerated() {
            var h = Household(
                id: "h\(i)", county: county, township: "t", village: "v\(i)", size: 1, laborers: 0, migrants: 0,
                status: .exited)
            h.transfer = 10_000
            population.append(h)
        }
        let result = try F.run(scenario, population)
        let most = County.allCases.map { F.spending(result, .medicalInsurance, county: $0, year: 2021) }.max()!
        #expect(most <= 150_000, "one household reimbursed \(most) in a year")
        // The catastrophic-illness threshold is likewise on the year's out-of-pocket.
    }

    @Test func householdFileKeepsItsOwnInsuredFlags() throws {
        // docs/scenario-reference.md: `policies.agri_insurance.coverage` is the "share insured
        // in the built-in population (a household file has its own `insured`)"; the same for
        // `binding.share` and `bound`. `PolicySelections` once applied the scenario's share to every
        // population, so with a household file in which all 20 tea growers are insured and the
        // default coverage 0.3, only about 30% of them were covered. A drill flood destroying
        // 63.85% of 10,000 of tea should pay 0.7·(0.6385 − 0.2)·10,000 = 3,069.5 to each.
        var scenario = F.quietScenario(replications: 1)
        scenario.population.origin = .file("/data/households.csv")
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 6, loss: 0.6385)])
        scenario.policies.agriInsurance.enabled = true  // coverage left at its default 0.3
        let population = F.households(20) {
            $0.production = ["tea": 10_000]
            $0.insured = ["tea"]
        }
        let paid = F.spending(try F.run(scenario, population), .agriInsurance, year: 2022)
        #expect(F.same(paid, 20 * 3_069.5), "paid \(paid), i.e. \(paid / 3_069.5) households")
    }

    @Test func dibaoAtStartAboveTheStandardGetsAPhaseOut() throws {
        // MODEL.md §4: "the phase-out period (渐退期) keeps paying for phase_out_months after a
        // household rises above D_t". A household receiving 低保 at the start (`dibao`, with a
        // base-year `dibao_amount`) whose own income is above D at the first annual review is
        // such a household. Its monthly 低保 was once max(0, D·size − income)/12 = 0 (never
        // assessed), so the phase-out paid nothing; it now keeps the base-year amount / 12. One person, 5,000 of transfers (> D = 4,620), 1,200 of
        // 低保 in the base year, phase_out_months 6.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.dibao.phaseOutMonths = 6
        let population = F.households(10) {
            $0.transfer = 5_000
            $0.dibao = true
            $0.dibaoAmount = 1_200
        }
        let paid = F.spending(try F.run(scenario, population), .dibao, year: 2021)
        #expect(paid > 0)
    }

    @Test func aDisabilityOfAnEarlierYearIsTheCauseOfALaterRelapse() throws {
        // MODEL.md §5: the cause of a relapse is the "largest loss against the household's own
        // no-shock path"; a disability is permanent (§3.4). One-laborer households living on
        // a local wage of 6,000 (above P = 4,000), with disability (1 a laborer-year) the
        // only shock: each relapse is the disability's, in the year it happens and after. A
        // household disabled in 2021 and relapsing in 2022 was once counted under `none`.
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.illness.disabilityPerLaborer = 1
        let population = F.households(200, laborers: 1) { $0.wageLocal = 6_000 }
        let result = try F.run(scenario, population)
        let outcome = result.materializedOutcomes[0][0]
        for year in 2021...2025 {
            let period = F.period(result, year)
            let relapsed = F.value(result, .relapseHouseholds, year: year)
            #expect(relapsed > 0, "\(year)")
            #expect(outcome.relapses(cause: .illness, period: period) == relapsed, "\(year)")
            #expect(outcome.relapses(cause: .none, period: period) == 0, "\(year)")
        }
    }

    @Test func anEpidemicsLocalWageCutIsTheCauseOfTheRelapseItMakes() throws {
        // One-laborer households on a local wage of 6,000 (above P = 4,000), an epidemic
        // (a drill's) from January 2021 for 60 months cutting local wages by half (3,000 <
        // 4,000): every household relapses every year, and its loss against its own no-shock
        // path is the wage the epidemic took — a labour-market shock, counted as job loss.
        // It was once `none`.
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.labor.epidemic.localWageCut = 0.5
        scenario.drill = Drill(events: [.epidemic(year: 2021, month: 1, months: 60)])
        let population = F.households(20, laborers: 1) { $0.wageLocal = 6_000 }
        let result = try F.run(scenario, population)
        let outcome = result.materializedOutcomes[0][0]
        for year in 2021...2025 {
            let period = F.period(result, year)
            #expect(F.value(result, .relapseHouseholds, year: year) == 20, "\(year)")
            #expect(outcome.relapses(cause: .jobLoss, period: period) == 20, "\(year)")
        }
    }
}

@Suite struct CoverageShareTests {
    @Test func coverageSharesAreMetExactlyKeepTheFlagsAndOnlyGrow() throws {
        // binding.share and agri_insurance.coverage cover round(share × producers) households:
        // exactly, not a binomial number around it (docs/model.md §4). 1,000 tea producers, the
        // first 100 flagged bound and the first 200 insured in the data.
        let population = EngineFixtures.households(1_000) {
            let i = Int($0.id.dropFirst())!
            $0.production = ["tea": 5_000]
            $0.bound = i < 100
            if i < 200 { $0.insured = ["tea"] }
        }
        var scenario = EngineFixtures.quietScenario()
        let tea = try #require(population.commodities.firstIndex(of: "tea"))
        func covered(binding: Double, insurance: Double) throws -> (bound: Set<Int>, insured: Set<Int>) {
            scenario.policies.binding.share = binding
            scenario.policies.agriInsurance.coverage = Keyed(insurance)
            let p = try Simulator.withCoverage(population, of: scenario)
            return (Set((0..<p.count).filter { p.flags[$0].contains(.bound) }),
                    Set((0..<p.count).filter { p.insured[$0] & (1 << UInt32(tea)) != 0 }))
        }
        let a = try covered(binding: 0.3, insurance: 0.25)
        #expect(a.bound.count == 300 && a.insured.count == 250)
        // At the population's own shares, exactly its flags.
        let own = try covered(binding: 0.1, insurance: 0.2)
        #expect(own.bound == Set(0..<100) && own.insured == Set(0..<200))
        // A larger share only adds households; 0.3004 rounds to the same 300.
        let b = try covered(binding: 0.45, insurance: 0.6)
        #expect(b.bound.count == 450 && b.bound.isSuperset(of: a.bound) && a.bound.isSuperset(of: own.bound))
        #expect(b.insured.count == 600 && b.insured.isSuperset(of: a.insured))
        #expect(try covered(binding: 0.3004, insurance: 0.25).bound == a.bound)
        #expect(try covered(binding: 0, insurance: 1).bound.isEmpty)
        #expect(try covered(binding: 1, insurance: 0).bound.count == 1_000)
    }
}

import DixianEngine
import DixianModel
import Foundation
import Testing

/// The engine against answers derived by hand from MODEL.md, with `{dist: fixed}` shocks.
/// Each tolerance is 4 standard errors of the mean over replications (a two-sided
/// false-alarm rate of 6e-5 per assertion), computed from the known distribution.
@Suite struct KnownAnswerTests {
    /// Binomial: `n` households per replication, `replications` replications, each relapsing
    /// independently with probability `p`: the mean count per replication has standard
    /// error sqrt(n·p·(1−p)/replications).
    func expectBinomialMean(
        _ observed: Double, households n: Int, probability p: Double, replications: Int,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let expected = Double(n) * p
        let se = (Double(n) * p * (1 - p) / Double(replications)).squareRoot()
        #expect(abs(observed - expected) <= 4 * se, "observed \(observed), expected \(expected) ± \(4 * se)",
                sourceLocation: sourceLocation)
    }

    @Test func illnessOnlyRelapseIsPoisson() throws {
        // Illness events per person-year ~ Poisson(λ) (MODEL.md §3.4). A one-person household
        // with 5,000 of transfers relapses (R < 4,000) iff it has at least one illness
        // costing a fixed 2,000: p = 1 − e^(−λ).
        var scenario = EngineFixtures.quietScenario(replications: 20)
        let lambda = 0.1
        scenario.shocks.illness.ratePerPerson = lambda
        scenario.shocks.illness.cost = .fixed(value: 2_000)
        let population = EngineFixtures.households(2_000) { $0.transfer = 5_000 }
        let result = try EngineFixtures.run(scenario, population)
        for year in 2021...2025 {
            expectBinomialMean(
                EngineFixtures.mean(result, .relapseHouseholds, year: year), households: 2_000,
                probability: 1 - exp(-lambda), replications: 20)
        }
    }

    @Test func medicalTiersTurnOneIllnessFromRelapseIntoNone() throws {
        // Cost 12,000 with basic insurance (70% above a 500 deductible, take-up 1): the
        // household pays 12,000 − 0.7·11,500 = 3,950; catastrophic insurance starts above
        // 10,000 of out-of-pocket, so it pays nothing. With 10,000 of income, one illness
        // leaves 6,050 ≥ 4,000 and two leave 2,100: relapse iff N ≥ 2,
        // p = 1 − e^(−λ)(1 + λ). Basic insurance pays 8,050 per illness: the yearly
        // spending of n households is 8,050·Poisson(nλ), standard error 8,050·sqrt(nλ/R).
        var scenario = EngineFixtures.quietScenario(replications: 20)
        let lambda = 0.3
        scenario.shocks.illness.ratePerPerson = lambda
        scenario.shocks.illness.cost = .fixed(value: 12_000)
        scenario.policies.medical.enabled = true
        scenario.policies.medical.takeUp = Keyed(1)
        scenario.policies.medical.tiltedAid.enabled = false
        let n = 2_000
        let population = EngineFixtures.households(n) { $0.transfer = 10_000 }
        let result = try EngineFixtures.run(scenario, population)
        expectBinomialMean(
            EngineFixtures.mean(result, .relapseHouseholds, year: 2023), households: n,
            probability: 1 - exp(-lambda) * (1 + lambda), replications: 20)

        let period = result.layout.years.firstIndex(of: 2022)!
        let spending = result.materializedOutcomes[0].map { $0.spending(.medicalInsurance, county: .cangyuan, period: period) }
        let mean = spending.reduce(0, +) / Double(spending.count)
        let expected = 8_050 * Double(n) * lambda
        #expect(abs(mean - expected) <= 4 * 8_050 * (Double(n) * lambda / 20).squareRoot())

        // Without medical security the same shocks make every ill household relapse: p = 1 − e^(−λ).
        scenario.policies.medical.enabled = false
        let without = try EngineFixtures.run(scenario, population)
        expectBinomialMean(
            EngineFixtures.mean(without, .relapseHouseholds, year: 2023), households: n,
            probability: 1 - exp(-lambda), replications: 20)
    }

    @Test func disasterFootprintAndAffectedShareThinTheEvents() throws {
        // One hazard in 沧源 at λ events a year; each event hits a village with probability f
        // (fixed footprint) and a household of a hit village with probability q; loss 1
        // wipes out the year's production. Households live alone in their villages, so they
        // are hit independently: P(hit in a year) = 1 − e^(−λ·f·q) (Poisson thinning).
        var scenario = EngineFixtures.quietScenario(replications: 20)
        let (lambda, f, q) = (0.8, 0.5, 0.6)
        scenario.shocks.disasters = [
            Hazard(
                name: "earthquake", rate: Keyed(0, [.cangyuan: lambda]), footprint: .fixed(value: f),
                affectedShare: q, loss: .fixed(value: 1))
        ]
        let population = EngineFixtures.households(2_000) { $0.production = ["tea": 10_000] }
        let result = try EngineFixtures.run(scenario, population)
        // The households share one county, so events are common to all of them: the count
        // is a mixture over the Poisson number of events, not binomial. Its variance per
        // replication is n·p(1−p) + n(n−1)·Cov; checking the mean over 5 years × 20
        // replications against the exact mixture mean keeps the test honest: with
        // K ~ Poisson(λ) events, E[count] = n(1 − E[(1−fq)^K]) = n(1 − e^(−λfq)), and
        // Var[count] ≤ n² · Var[(1−fq)^K] + n/4, computed below.
        let p = 1 - exp(-lambda * f * q)
        let a = 1 - f * q
        let varShare = exp(-lambda * (1 - a * a)) - exp(-2 * lambda * (1 - a))  // Var[a^K] for K ~ Poisson(λ)
        let n = 2_000.0
        let sd = (n * n * varShare + n / 4).squareRoot()
        let samples = (2021...2025).flatMap { year -> [Double] in
            let period = result.layout.years.firstIndex(of: year)!
            return result.materializedOutcomes[0].map { $0.value(.relapseHouseholds, period: period) }
        }
        let mean = samples.reduce(0, +) / Double(samples.count)
        #expect(abs(mean - n * p) <= 4 * sd / Double(samples.count).squareRoot(), "mean \(mean) vs \(n * p)")
    }

    @Test func aTownshipBreachesInTheReplicationsWithADisaster() throws {
        // Township t0 in 沧源: 10 exited households, each alone in its village, living on tea
        // alone; a hazard only in 沧源 at λ events a year hits every village and household
        // (footprint and affected share 1) and destroys the year's production (loss 1). A
        // year with an event relapses all 10 (rate 100% ≥ 5%, 10 ≥ k = 5: a breach), a year
        // without relapses none. Township t1 in 耿马 has no hazard and never breaches. So
        // t0 breaches in a replication exactly when a year had an event: probability
        // p = 1 − e^(−5λ) over five years, binomial over replications; the check allows
        // 4 standard errors, √(p(1 − p)/n).
        let lambda = 0.1
        let n = 400
        var scenario = EngineFixtures.quietScenario(replications: n)
        scenario.shocks.disasters = [
            Hazard(
                name: "earthquake", rate: Keyed(0, [.cangyuan: lambda]), footprint: .fixed(value: 1), affectedShare: 1,
                loss: .fixed(value: 1))
        ]
        scenario.largeScale.township = .init(rate: 0.05, minHouseholds: 5)
        var population = Population()
        for i in 0..<20 {
            var h = Household(
                id: "h\(i)", county: i < 10 ? .cangyuan : .gengma, township: i < 10 ? "t0" : "t1", village: "v\(i)",
                size: 1, laborers: 0, migrants: 0, status: .exited)
            h.production = ["tea": 10_000]
            population.append(h)
        }
        let result = try EngineFixtures.run(scenario, population)
        let geography = population.geography
        let t0 = geography.townships.firstIndex { $0.county == .cangyuan }!
        let t1 = geography.townships.firstIndex { $0.county == .gengma }!
        let places = result.places[0]
        // Exactly the replications in which some year relapsed anyone.
        let withEvent = result.materializedOutcomes[0].filter {
            $0.value(.relapseHouseholds, period: result.layout.allPeriod) > 0
        }.count
        #expect(Int(places.townshipBreaches[t0]) == withEvent)
        #expect(places.townshipBreaches[t1] == 0 && places.townshipRelapsed[t1] == 0)
        let relapsed = result.materializedOutcomes[0].reduce(0.0) { total, outcome in
            total + (0..<5).reduce(0.0) { $0 + outcome.value(.relapseHouseholds, period: $1) }
        }
        #expect(Double(places.townshipRelapsed[t0]) == relapsed)
        let p = 1 - exp(-5 * lambda)
        let share = Double(places.townshipBreaches[t0]) / Double(n)
        #expect(abs(share - p) <= 4 * (p * (1 - p) / Double(n)).squareRoot(), "\(share) vs \(p)")
    }

    @Test func wagesLostToAnInjuryFallInTheMonthsTheyCover() throws {
        // One local laborer earning 1,000 a month, injured by a drill flood in December 2021
        // (injury probability 1): MODEL.md §3.2's k months of wage are December and the
        // months after it. k = 6: 2021 loses 1,000 (11,000 left) and 2022 5,000 (7,000 left);
        // with a poverty line of 7,500 the households relapse in 2022 only. k = 30: 1 month
        // in 2021, 12 in 2022 and 2023, 5 in 2024 — relapse in 2022, 2023 and 2024. No
        // randomness is left (footprint and affected share 1), so the counts are exact.
        func relapses(months: Int, line: Double = 7_500) throws -> [Double] {
            var scenario = EngineFixtures.quietScenario(replications: 1)
            scenario.lines.poverty = .indexed(value: line, growth: 0)
            var flood = EngineFixtures.drillHazard()
            flood.injury = Hazard.Injury(probability: 1, months: months)
            scenario.shocks.disasters = [flood]
            scenario.drill = Drill(events: [EngineFixtures.drillDisaster(year: 2021, month: 12, loss: 0)])
            let population = EngineFixtures.households(10, laborers: 1) { $0.wageLocal = 12_000 }
            let result = try EngineFixtures.run(scenario, population)
            return (0..<5).map { result.materializedOutcomes[0][0].value(.relapseHouseholds, period: $0) }
        }
        #expect(try relapses(months: 6) == [0, 10, 0, 0, 0])
        // Not charged twice: 7,000 in 2022 is above a line of 6,500.
        #expect(try relapses(months: 6, line: 6_500) == [0, 0, 0, 0, 0])
        #expect(try relapses(months: 30) == [0, 10, 10, 10, 0])
    }

    @Test func overlappingAbsencesTakeNoMoreWageThanTheLaborersEarn() throws {
        // MODEL.md §3.2 and §3.4: an injury or an illness makes one laborer lose months of
        // wage, and §3.6's wage income cannot go below nothing. Three drill floods in October
        // 2021, each injuring a laborer for 6 months: a household of one laborer (1,000 a
        // month) is absent October to March, losing 3 months in 2021 and 3 in 2022 (9,000
        // each year), not 9 and 9 (3,000). Two laborers (2,000 a month, two persons): both
        // absent October to December, one of them to March: 6 laborer-months in each year,
        // 18,000 left for two. Per person the lines are the same, so both relapse at 9,500
        // and neither at 8,500. No randomness is left, so the counts are exact.
        func relapses(laborers: Int, line: Double) throws -> [Double] {
            var scenario = EngineFixtures.quietScenario(replications: 1)
            scenario.lines.poverty = .indexed(value: line, growth: 0)
            var flood = EngineFixtures.drillHazard()
            flood.injury = Hazard.Injury(probability: 1, months: 6)
            scenario.shocks.disasters = [flood]
            scenario.drill = Drill(
                events: Array(repeating: EngineFixtures.drillDisaster(year: 2021, month: 10, loss: 0), count: 3))
            let population = EngineFixtures.households(10, size: laborers, laborers: laborers) {
                $0.wageLocal = 12_000 * Double(laborers)
            }
            let result = try EngineFixtures.run(scenario, population)
            return (0..<5).map { result.materializedOutcomes[0][0].value(.relapseHouseholds, period: $0) }
        }
        for laborers in [1, 2] {
            #expect(try relapses(laborers: laborers, line: 9_500) == [10, 10, 0, 0, 0], "\(laborers) laborers")
            #expect(try relapses(laborers: laborers, line: 8_500) == [0, 0, 0, 0, 0], "\(laborers) laborers")
        }

        // Ten illnesses a year of one laborer, 3 months each, cost nothing: the laborer's
        // 12,000 is the most the year can lose, so 20,000 of transfers stay above a line
        // of 19,999 in every replication and year, whatever the illnesses' draws.
        var scenario = EngineFixtures.quietScenario(replications: 4)
        scenario.lines.poverty = .indexed(value: 19_999, growth: 0)
        scenario.lines.monitoring = .indexed(value: 31_500, growth: 0)
        scenario.shocks.illness.ratePerPerson = 10
        scenario.shocks.illness.cost = .fixed(value: 0)
        scenario.shocks.illness.lostMonths = 3
        let population = EngineFixtures.households(20, laborers: 1) {
            $0.wageLocal = 12_000
            $0.transfer = 20_000
        }
        var result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            #expect((0..<5).allSatisfy { outcome.value(.relapseHouseholds, period: $0) == 0 })
            // The illnesses did take wages: every household lost months in 2021 (one takes it
            // below M = 31,500; a year without an illness has probability e^−10).
            #expect(outcome.value(.atRiskHouseholds, period: 0) == 20)
        }
        // With disabilities too (half the laborers a year), an absence after the disability
        // takes nothing more: the laborer's wage is lost once, by the disability.
        scenario.shocks.illness.disabilityPerLaborer = 0.5
        scenario.lines.monitoring = .indexed(value: 6_000, growth: 0)
        result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            #expect((0..<5).allSatisfy { outcome.value(.relapseHouseholds, period: $0) == 0 })
        }
    }

    @Test func pricesRunFromTheBaseYear() throws {
        // MODEL.md §3.1: x = 0 in the base year, x_t = φ·x_{t−1} + μ. With μ = −0.2, φ = 0.5 and
        // no noise, x is −0.2 one year after the base year and −0.3 two years after. 10,000 of
        // tea: base 2020 and a first year 2022 gives 10,000·e^−0.3 = 7,408 in 2022, below a
        // line of 7,500; a first year that is the base year (2021) has π = 1 (10,000), and
        // 2022 has 8,187, below a line of 9,000.
        func relapses(baseYear: Int, years: YearRange, line: Double) throws -> [Double] {
            var scenario = EngineFixtures.quietScenario(replications: 1)
            scenario.baseYear = baseYear
            scenario.years = years
            scenario.lines.poverty = .indexed(value: line, growth: 0)
            scenario.shocks.prices.drift = Keyed(-0.2)
            scenario.shocks.prices.persistence = 0.5
            let population = EngineFixtures.households(10) { $0.production = ["tea": 10_000] }
            let result = try EngineFixtures.run(scenario, population)
            return years.years.indices.map { result.materializedOutcomes[0][0].value(.relapseHouseholds, period: $0) }
        }
        #expect(try relapses(baseYear: 2020, years: YearRange(start: 2022, end: 2022), line: 7_500) == [10])
        #expect(try relapses(baseYear: 2020, years: YearRange(start: 2022, end: 2022), line: 7_400) == [0])
        #expect(try relapses(baseYear: 2021, years: YearRange(start: 2021, end: 2022), line: 9_000) == [0, 10])
    }

    @Test func theBaseYearShiftsNoOtherShock() throws {
        // Common random numbers (MODEL.md §6): a scenario that differs only in base_year sees
        // the same illnesses, whatever price years it draws before the first simulated year.
        // Flat prices (no drift or noise), illness costing 2,000 a time: the relapses, which
        // are the households with an illness, are the same replication by replication.
        func relapses(baseYear: Int) throws -> [Double] {
            var scenario = EngineFixtures.quietScenario(replications: 3)
            scenario.baseYear = baseYear
            scenario.shocks.illness.ratePerPerson = 0.1
            scenario.shocks.illness.cost = .fixed(value: 2_000)
            let population = EngineFixtures.households(500) { $0.transfer = 5_000; $0.production = ["tea": 10] }
            let result = try EngineFixtures.run(scenario, population)
            return result.materializedOutcomes[0].flatMap { outcome in
                (0..<5).map { outcome.value(.relapseHouseholds, period: $0) }
            }
        }
        let usual = try relapses(baseYear: 2020)
        #expect(usual.allSatisfy { $0 > 0 })
        #expect(try relapses(baseYear: 2018) == usual)
        #expect(try relapses(baseYear: 2021) == usual)
    }

    @Test func jobSpellsFollowTheMonthlyMarkovChain() throws {
        // One migrant per household, 12,000 a year in migrant wages (1,000 a month), nothing
        // else. Relapse (R < 4,000) iff the migrant earns at most 3 months of the year.
        // The exact probability for 2022 comes from the chain of MODEL.md §3.3, run here
        // month by month from "employed at the start of 2021" — an independent computation
        // of what the engine samples sparsely.
        var scenario = EngineFixtures.quietScenario(replications: 20)
        let (h, r) = (0.25, 0.1)
        scenario.shocks.labor.jobLossMonthly = h
        scenario.shocks.labor.reemploymentMonthly = r
        let n = 2_000
        let population = EngineFixtures.households(n, laborers: 1, migrants: 1) { $0.wageMigrant = 12_000 }
        let result = try EngineFixtures.run(scenario, population)

        // distribution[employed][months earned in the current year]
        var state = [[0.0], [1.0]]  // before January 2021: employed
        var p2022 = 0.0
        for month in 0..<24 {
            if month % 12 == 0 { state = [[state[0].reduce(0, +)], [state[1].reduce(0, +)]] }
            let earnedSoFar = state[0].count
            var next = [[Double](repeating: 0, count: earnedSoFar + 1), [Double](repeating: 0, count: earnedSoFar + 1)]
            for k in 0..<earnedSoFar {
                // employed → loses the job with probability h (earns nothing), else earns.
                next[0][k] += state[1][k] * h
                next[1][k + 1] += state[1][k] * (1 - h)
                // unemployed → finds work with probability r (earns this month), else not.
                next[1][k + 1] += state[0][k] * r
                next[0][k] += state[0][k] * (1 - r)
            }
            state = next
            if month == 23 { p2022 = (0...3).reduce(0) { $0 + state[0][$1] + state[1][$1] } }
        }
        expectBinomialMean(
            EngineFixtures.mean(result, .relapseHouseholds, year: 2022), households: n, probability: p2022,
            replications: 20)
    }

    @Test func growingPovertyLineOvertakesFlatIncome() throws {
        // P_t = 4,000·1.03^(t−2020): 4,120, 4,243.6, 4,370.9, … A flat 4,300 relapses from 2023 on.
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.lines.poverty = .indexed(value: 4_000, growth: 0.03)
        let population = EngineFixtures.households(50) { $0.transfer = 4_300 }
        let result = try EngineFixtures.run(scenario, population)
        #expect(EngineFixtures.mean(result, .relapseHouseholds, year: 2021) == 0)
        #expect(EngineFixtures.mean(result, .relapseHouseholds, year: 2022) == 0)
        for year in 2023...2025 { #expect(EngineFixtures.mean(result, .relapseHouseholds, year: year) == 50) }
        let all = result.materializedOutcomes[0].map { $0.value(.relapseHouseholds, period: result.layout.allPeriod) }
        #expect(all == [50, 50])
    }
}

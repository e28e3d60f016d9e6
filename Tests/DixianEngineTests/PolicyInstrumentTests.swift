import DixianEngine
import DixianModel
import Foundation
import Testing

/// Every policy instrument of MODEL.md §4 changes what it should, in a quiet scenario
/// (`EngineFixtures.quietScenario`: flat lines P = 4,000, M = 6,000, D = 4,620, no growth,
/// no volatility) with only the shock that matters switched on. Where the amount is
/// knowable it is asserted exactly (to the rounding of `EngineFixtures.same`); where it is
/// random, the instrument is compared on and off on the same seed (common random numbers)
/// or against a probability computed here, within a tolerance derived next to it.
@Suite struct PolicyInstrumentTests {
    typealias F = EngineFixtures

    // MARK: - Monitoring and early help

    @Test func monitoringOffRaisesRelapseUnderIllness() throws {
        // One-person households with 5,000 of transfers; illnesses at λ = 0.3 a year cost a
        // fixed 2,000, so one illness leaves 3,000 < P. With monitoring (cadre visits find every
        // at-risk household in the month it falls below M), help of 0.6·(6,000 − 3,000) = 1,800
        // lifts it to 4,800 ≥ P from the month after. Help only adds money and the shocks are
        // the same tape (common random numbers), so relapse with monitoring can never exceed
        // relapse without, replication by replication; it is strictly lower unless every
        // illness fell in December (probability ≈ 0 for 400 households).
        var off = F.quietScenario(replications: 6)
        off.shocks.illness.ratePerPerson = 0.3
        off.shocks.illness.cost = .fixed(value: 2_000)
        var on = off
        on.policies.monitoring.enabled = true
        on.policies.monitoring.cadreMonthly = 1
        let population = F.households(400) { $0.transfer = 5_000 }
        let result = try F.run(variants: [("off", off), ("on", on)], population)
        var differences: [Double] = []
        for r in 0..<6 {
            for year in 2021...2025 {
                let without = F.value(result, .relapseHouseholds, year: year, replication: r, variant: 0)
                let with = F.value(result, .relapseHouseholds, year: year, replication: r, variant: 1)
                #expect(with <= without, "replication \(r) year \(year): \(with) > \(without)")
                differences.append(without - with)
            }
        }
        // The paired difference's 95% interval (mean ± 1.96·sd/√n over 30 replication-years)
        // lies above zero.
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let sd = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        #expect(mean - 1.96 * sd / n.squareRoot() > 0, "paired difference \(mean) ± \(1.96 * sd / n.squareRoot())")
    }

    @Test func monitoringOffRaisesRelapseUnderJobLoss() throws {
        // One migrant earning 12,000 a year (1,000 a month), nothing else: relapse iff at most
        // 3 months are earned. Monitoring's help (gap 0.6, cap 5,000) can only add money, so
        // on ≤ off in every replication-year; with h = 0.25, r = 0.1 about a third relapse
        // without help, and help lifts many of them.
        var off = F.quietScenario(replications: 4)
        off.shocks.labor.jobLossMonthly = 0.25
        off.shocks.labor.reemploymentMonthly = 0.1
        var on = off
        on.policies.monitoring.enabled = true
        on.policies.monitoring.cadreMonthly = 0.3
        let population = F.households(300, laborers: 1, migrants: 1) { $0.wageMigrant = 12_000 }
        let result = try F.run(variants: [("off", off), ("on", on)], population)
        var totalOff = 0.0
        var totalOn = 0.0
        for r in 0..<4 {
            for year in 2021...2025 {
                let without = F.value(result, .relapseHouseholds, year: year, replication: r, variant: 0)
                let with = F.value(result, .relapseHouseholds, year: year, replication: r, variant: 1)
                #expect(with <= without, "replication \(r) year \(year)")
                totalOff += without
                totalOn += with
            }
        }
        #expect(totalOn < totalOff)
    }

    @Test func helpIsGapCoverageOfAFlatShortfallUpToTheCap() throws {
        // Monitored at start, 4,385 of transfers, nothing else: a flat shortfall of
        // M − 4,385 = 1,615 all year; help = min(cap, 0.6·1,615) = 969 per year. The
        // household stays monitored (4,385 + 969 < 1.1·M), so every year pays the same.
        var scenario = F.quietScenario(replications: 2)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.gapCoverage = 0.6
        scenario.policies.monitoring.cap = 5_000
        let n = 30
        let population = F.households(n) {
            $0.transfer = 4_385
            $0.monitored = true
        }
        let result = try F.run(scenario, population)
        for r in 0..<2 {
            for year in 2021...2025 {
                #expect(F.same(F.spending(result, .monitoring, year: year, replication: r), Double(n) * 969))
                #expect(F.value(result, .monitoredHouseholds, year: year, replication: r) == Double(n))
            }
        }
        // A cap below the gap binds: 700 each.
        scenario.policies.monitoring.cap = 700
        let capped = try F.run(scenario, population)
        #expect(F.same(F.spending(capped, .monitoring, year: 2023), Double(n) * 700))
    }

    @Test func helpAfterAMidYearLossCoversTheProjectedShortfall() throws {
        // Monitored at start with 10,000 of tea and nothing else; a drill flood in April 2022
        // destroys 63.85% of it. Until March the projection (10,000) is above M, so no help;
        // from April the projection is 3,615 and help = min(cap, 0.6·2,385) = 1,431, paid once
        // (later months see the same shortfall, already covered).
        var scenario = F.quietScenario(replications: 2)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.exit.stableYears = 99
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 4, loss: 0.6385)])
        let n = 25
        let population = F.households(n) {
            $0.production = ["tea": 10_000]
            $0.monitored = true
        }
        let result = try F.run(scenario, population)
        #expect(F.spending(result, .monitoring, year: 2021) == 0)
        #expect(F.same(F.spending(result, .monitoring, year: 2022), Double(n) * 1_431))
        #expect(F.spending(result, .monitoring, year: 2023) == 0)
        // Resources 3,615 + 1,431 = 5,046 ≥ P: nobody relapses; without help all would.
        #expect(F.value(result, .relapseHouseholds, year: 2022) == 0)
        scenario.policies.monitoring.cap = 300
        let capped = try F.run(scenario, population)
        #expect(F.same(F.spending(capped, .monitoring, year: 2022), Double(n) * 300))
        #expect(F.value(capped, .relapseHouseholds, year: 2022) == Double(n))  // 3,615 + 300 < 4,000
    }

    @Test func cadreCertainFindsInTheFirstAtRiskMonth() throws {
        // p_cadre = 1: every household at risk at a month end is found that month, so the
        // detection lag is 0 and every household at risk at some month end is monitored at
        // year end (found share 1), whatever the illness pattern.
        var scenario = F.quietScenario(replications: 4)
        scenario.shocks.illness.ratePerPerson = 0.4
        scenario.shocks.illness.cost = .fixed(value: 2_385)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        let population = F.households(300) { $0.transfer = 7_000 }
        let result = try F.run(scenario, population)
        var defined = 0
        for r in 0..<4 {
            for year in 2021...2025 {
                let lag = F.value(result, .detectionLagMonths, year: year, replication: r)
                let found = F.value(result, .foundShare, year: year, replication: r)
                if !lag.isNaN {
                    #expect(lag == 0)
                    defined += 1
                }
                if !found.isNaN { #expect(found == 1, "replication \(r) year \(year)") }
            }
        }
        #expect(defined == 20)
    }

    @Test func detectionLagIsGeometric() throws {
        // A flat shortfall (5,000 < M all year, from January): each month end an unmonitored
        // household is found with p = 1 − (1 − 0.2)(1 − 0.05) = 0.24 (no screening). In 2021
        // the found share is 1 − (1 − p)^12 and the lag K of a found household is geometric on
        // {0, 1, …} truncated at 11. Tolerances: 4 standard errors of the pooled estimates
        // (binomial for the share; sd of K | K ≤ 11 over the found households for the lag).
        var scenario = F.quietScenario(replications: 10)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 0.2
        scenario.policies.monitoring.selfReportMonthly = 0.05
        scenario.policies.monitoring.screening.sensitivity = 0
        let n = 600
        let population = F.households(n) { $0.transfer = 5_000 }
        let result = try F.run(scenario, population)

        let p = 1 - 0.8 * 0.95
        let foundShare = 1 - pow(1 - p, 12)
        let weights = (0..<12).map { k in pow(1 - p, Double(k)) * p / foundShare }
        let lagMean = zip(0..<12, weights).reduce(0) { $0 + Double($1.0) * $1.1 }
        let lagVar = zip(0..<12, weights).reduce(0) { $0 + pow(Double($1.0) - lagMean, 2) * $1.1 }

        let found = result.materializedOutcomes[0].map { $0.value(.foundShare, period: 0) }
        let lags = result.materializedOutcomes[0].map { $0.value(.detectionLagMonths, period: 0) }
        let meanFound = found.reduce(0, +) / 10
        let meanLag = lags.reduce(0, +) / 10
        let total = Double(n * 10)
        #expect(abs(meanFound - foundShare) <= 4 * (foundShare * (1 - foundShare) / total).squareRoot(),
                "found share \(meanFound) vs \(foundShare)")
        #expect(abs(meanLag - lagMean) <= 4 * (lagVar / (total * foundShare)).squareRoot(),
                "lag \(meanLag) vs \(lagMean)")
    }

    // MARK: - 低保 and 特困

    @Test func dibaoLiftsANoLaborerHouseholdExactlyToTheStandard() throws {
        // Two persons, no laborer, 6,385 of transfers (3,192.5 per person < D = 4,620),
        // monitored at start: enrolled at the first annual review, paid D·size − income =
        // 9,240 − 6,385 = 2,855 a year, so resources are exactly 9,240 (4,620 per person).
        // With the poverty line a cent either side of 4,620 the households are all above or
        // all below it. Help is switched off (gap 0) so that 低保 alone lifts them.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.gapCoverage = 0
        let n = 20
        let population = F.households(n, size: 2) {
            $0.transfer = 6_385
            $0.monitored = true
        }
        scenario.lines.poverty = .indexed(value: 4_619.99, growth: 0)
        scenario.lines.monitoring = .indexed(value: 6_000, growth: 0)
        let below = try F.run(scenario, population)
        scenario.lines.poverty = .indexed(value: 4_620.01, growth: 0)
        let above = try F.run(scenario, population)
        for year in 2021...2025 {
            #expect(F.same(F.spending(below, .dibao, year: year), Double(n) * 2_855))
            #expect(F.value(below, .relapseHouseholds, year: year) == 0)
            #expect(F.value(above, .relapseHouseholds, year: year) == Double(n))
        }
        // Without 低保 they are poor at either line.
        scenario.policies.dibao.enabled = false
        scenario.lines.poverty = .indexed(value: 4_000, growth: 0)
        let without = try F.run(scenario, population)
        #expect(F.value(without, .relapseHouseholds, year: 2022) == Double(n))
    }

    @Test func dibaoEnrolmentWhenFoundIsProRatedByMonth() throws {
        // The same households, not monitored at start; cadre visits find them at the end of
        // January (p = 1), when they are enrolled (MODEL.md §4: "enrolled when found"), and
        // paid 2,855/12 a month from February: 11 months in 2021, the full 2,855 from 2022.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        scenario.policies.monitoring.gapCoverage = 0
        let n = 20
        let population = F.households(n, size: 2) { $0.transfer = 6_385 }
        let result = try F.run(scenario, population)
        #expect(F.sameSpending(F.spending(result, .dibao, year: 2021), Double(n) * 2_855 * 11 / 12, payments: n * 11))
        #expect(F.sameSpending(F.spending(result, .dibao, year: 2022), Double(n) * 2_855, payments: n * 12))
        // A laborer bars enrolment (MODEL.md §4: households with no able laborer).
        let withLaborer = F.households(n, size: 2, laborers: 1) { $0.transfer = 6_385 }
        let barred = try F.run(scenario, withLaborer)
        #expect(F.spending(barred, .dibao, year: 2022) == 0)
    }

    @Test func dibaoMeansTestWhenFoundLeavesTheYearsHelpOut() throws {
        // One person, no laborer, 3,000 of transfers, not monitored at start: found at the
        // end of January (p = 1) and enrolled then, 3,000 < 4,620: 低保 of (4,620 − 3,000)/12
        // = 135 a month from February, 1,485 in 2021. Monitored from February, it is helped
        // at the end of February with 0.6 · (6,000 − 4,485) = 909 (its projection holds the
        // 低保 to come) and needs no top-up. From 2022 the review pays 1,620 and the help is
        // 0.6 · (6,000 − 4,620) = 828. The means test leaves the year's help out, as the
        // annual review does: counting it would keep a household helped before it falls below
        // the 低保 standard out of 低保 for the rest of that year only.
        var scenario = F.quietScenario(replications: 1)
        scenario.years = .init(start: 2021, end: 2022)
        scenario.policies.dibao.enabled = true
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        scenario.policies.monitoring.gapCoverage = 0.6
        scenario.policies.monitoring.cap = 5_000
        let n = 10
        let result = try F.run(scenario, F.households(n) { $0.transfer = 3_000 })
        #expect(F.sameSpending(F.spending(result, .dibao, year: 2021), Double(n) * 1_485, payments: n * 11))
        #expect(F.sameSpending(F.spending(result, .monitoring, year: 2021), Double(n) * 909, payments: n))
        #expect(F.sameSpending(F.spending(result, .dibao, year: 2022), Double(n) * 1_620, payments: n * 12))
        #expect(F.sameSpending(F.spending(result, .monitoring, year: 2022), Double(n) * 828, payments: n))

        // Helped before it falls below the standard: 5,000 of transfers (found at the end of
        // January above 4,620, not enrolled; helped at the end of February with 0.6 · (6,000 −
        // 5,000) = 600), then a June flood damaging its house for 500: without the help its
        // projection is 4,500 < 4,620, so it is enrolled at 10 a month from July (60 in 2021).
        // With the help counted (5,100) it would have waited for the 2022 review.
        var flood = F.drillHazard()
        flood.houseDamage = Hazard.HouseDamage(probability: 1, cost: .fixed(value: 500))
        scenario.shocks.disasters = [flood]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2021, month: 6, loss: 0)])
        let helped = try F.run(scenario, F.households(n) { $0.transfer = 5_000 })
        #expect(F.sameSpending(F.spending(helped, .dibao, year: 2021), Double(n) * 60, payments: n * 6))
    }

    @Test func dibaoPhaseOutKeepsPayingAfterRisingAboveTheStandard() throws {
        // A one-person 低保 household with 3,000 of transfers growing 35% a year: 4,050 in 2021
        // (below D = 4,620: paid 570 a year, 47.5 a month) and 5,467.5 in 2022 (above). The
        // phase-out (渐退期) keeps the 47.5 a month for phase_out_months after the 2022 review.
        var scenario = F.quietScenario(replications: 1)
        scenario.income.growth.transfer = 0.35
        scenario.lines.poverty = .indexed(value: 1_000, growth: 0)
        scenario.lines.monitoring = .indexed(value: 1_500, growth: 0)
        scenario.policies.dibao.enabled = true
        let n = 10
        let population = F.households(n) {
            $0.transfer = 3_000
            $0.dibao = true
        }
        let expected: [Int: [Int: Double]] = [
            0: [2021: 12, 2022: 0, 2023: 0],
            5: [2021: 12, 2022: 5, 2023: 0],
            14: [2021: 12, 2022: 12, 2023: 2, 2024: 0],  // runs on across the year end
        ]
        for (months, byYear) in expected {
            scenario.policies.dibao.phaseOutMonths = months
            let result = try F.run(scenario, population)
            for (year, paidMonths) in byYear {
                #expect(
                    F.same(F.spending(result, .dibao, year: year), Double(n) * 47.5 * paidMonths),
                    "phase-out \(months): \(year) paid \(F.spending(result, .dibao, year: year))")
            }
        }
    }

    @Test func aPhaseOutIsProjectedOnlyForTheMonthsItStillRuns() throws {
        // One-person 低保 households with 4,700 of transfers: above D = 4,620 at the 2021
        // review, so their 100 a month (1,200 a year) runs on for a 9-month phase-out, January
        // to September: resources 4,700 + 900 = 5,600 all year, as projected at every month end.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.dibao.phaseOutMonths = 9
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.selfReportMonthly = 0
        scenario.policies.monitoring.gapCoverage = 0
        let n = 400
        let population = F.households(n) {
            $0.transfer = 4_700
            $0.dibao = true
            $0.dibaoAmount = 1_200
        }
        func monitored(line: Double, cadre: Double, screeningMonth: Int?, phaseOut: Int = 9, year: Int = 2021) throws -> Double {
            scenario.lines.monitoring = .indexed(value: line, growth: 0)
            scenario.policies.dibao.phaseOutMonths = phaseOut
            scenario.policies.monitoring.cadreMonthly = cadre
            scenario.policies.monitoring.screening.months = screeningMonth.map { [$0] } ?? []
            scenario.policies.monitoring.screening.sensitivity = screeningMonth == nil ? 0 : 1
            let result = try F.run(scenario, population)
            if phaseOut == 9 {
                #expect(F.sameSpending(F.spending(result, .dibao, year: 2021), Double(n) * 900, payments: n * 9))
            }
            return F.value(result, .monitoredHouseholds, year: year)
        }
        // M = 5,650: at risk from January, found by cadre visits (0.2 a month, the only way)
        // by December with probability 1 − 0.8¹²: binomial(400, 1 − 0.8¹²), mean 372.5, sd 5.06,
        // tolerance 4 sd. Carrying the 低保 to December (5,900) found them only from October
        // (1 − 0.8³: 195 of 400); one month too many (5,700), only from September.
        let p = 1 - pow(0.8, 12.0)
        let mean = Double(n) * p
        let sd = (Double(n) * p * (1 - p)).squareRoot()
        let found = try monitored(line: 5_650, cadre: 0.2, screeningMonth: nil)
        #expect(abs(found - mean) <= 4 * sd, "monitored at the end of 2021: \(found), expected \(mean) ± \(4 * sd)")
        // M = 5,550: never at risk, so never found (one month too few, 5,500, would be).
        #expect(try monitored(line: 5_550, cadre: 0.2, screeningMonth: nil) == 0)
        // The month the phase-out ends (September) projects no more 低保: screening in
        // September only, finding every household at risk then, finds all of them.
        #expect(try monitored(line: 5_650, cadre: 0, screeningMonth: 9) == Double(n))
        // A phase-out of 14 months runs across the year end: 5,900 in 2021 (12 months paid,
        // never below M = 5,850), and 4,700 + 200 = 4,900 in 2022, ending in February, when
        // screening finds them all; carried to December in February, it would be 5,900.
        #expect(try monitored(line: 5_850, cadre: 0, screeningMonth: 2, phaseOut: 14, year: 2021) == 0)
        #expect(try monitored(line: 5_850, cadre: 0, screeningMonth: 2, phaseOut: 14, year: 2022) == Double(n))
    }

    @Test func tekunReceivesItsStandardPerPerson() throws {
        // 特困 households of 3 persons get 9,984 × 3 = 29,952 a year, and no 低保 on top.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.monitoring.enabled = true
        let n = 12
        let population = F.households(n, size: 3) {
            $0.tekun = true
            $0.monitored = true
        }
        let result = try F.run(scenario, population)
        for year in 2021...2025 {
            #expect(F.same(F.spending(result, .tekun, year: year), Double(n) * 29_952))
            #expect(F.spending(result, .dibao, year: year) == 0)
            #expect(F.value(result, .relapseHouseholds, year: year) == 0)
        }
    }

    // MARK: - Medical security

    /// The three tiers of MODEL.md §4 applied by hand to `events` illnesses of `cost` in one
    /// year, with this test's settings: basic 70% above 500 (cap 150,000), catastrophic 60%
    /// above 10,000 (low income: threshold halved, +5 pp), aid 70% up to 30,000 a year for low
    /// income, tilted aid 50% of the year's out-of-pocket above M = 6,000 (cap 20,000).
    /// Returns (insurance, aid + tilted aid).
    static func medicalReference(events: Int, cost: Double, low: Bool) -> (insurance: Double, aid: Double) {
        var insurance = 0.0
        var aid = 0.0
        var outOfPocket = 0.0
        var basicPaid = 0.0
        var afterBasic = 0.0
        var catastrophicPaid = 0.0
        for _ in 0..<events {
            var remaining = cost
            // Basic: per illness above the deductible, capped per year.
            let basic = min(150_000 - basicPaid, 0.7 * max(0, remaining - 500))
            basicPaid += basic
            remaining -= basic
            // Catastrophic: on the year's out-of-pocket after basic, above the yearly threshold.
            afterBasic += remaining
            let threshold = low ? 5_000.0 : 10_000
            let rate = low ? 0.65 : 0.6
            let catastrophic = min(remaining, max(0, rate * max(0, afterBasic - threshold) - catastrophicPaid))
            catastrophicPaid += catastrophic
            remaining -= catastrophic
            insurance += basic + catastrophic
            if low {
                let a = min(max(0, 30_000 - aid), 0.7 * remaining)
                aid += a
                remaining -= a
            }
            outOfPocket += remaining
        }
        if low && outOfPocket > 6_000 { aid += min(20_000, 0.5 * (outOfPocket - 6_000)) }
        return (insurance, aid)
    }

    /// Illnesses at λ = 0.8 a person-year costing a fixed `cost`, the medical tiers on with
    /// full take-up; `monitoredAreLowIncome`: monitoring on without help (gap coverage 0,
    /// nobody exits), so that monitored households are low-income and nothing else pays them.
    static func illness(cost: Double, replications: Int, monitoredAreLowIncome: Bool = false) -> Scenario {
        var scenario = F.quietScenario(replications: replications)
        scenario.shocks.illness.ratePerPerson = 0.8
        scenario.shocks.illness.cost = .fixed(value: cost)
        scenario.policies.medical.enabled = true
        scenario.policies.medical.takeUp = Keyed(1)
        if monitoredAreLowIncome {
            scenario.policies.monitoring.enabled = true
            scenario.policies.monitoring.gapCoverage = 0
            scenario.policies.monitoring.exit.stableYears = 99
        }
        return scenario
    }

    /// One monitored one-person household per county (spending is recorded per county, so
    /// each is seen alone), with 100,000 of transfers.
    static func monitoredOnePerCounty() -> Population {
        var population = Population()
        for (i, county) in County.allCases.enumerated() {
            var h = Household(
                id: "h\(i)", county: county, township: "t\(i)", village: "v\(i)", size: 1, laborers: 0, migrants: 0,
                status: .exited)
            h.transfer = 100_000
            h.monitored = true
            population.append(h)
        }
        return population
    }

    @Test func medicalTiersPayExactAmountsAndAidOnlyTheLowIncome() throws {
        // One household per county (spending is recorded per county, so each is seen alone),
        // illnesses at λ = 0.8 costing a fixed 50,000. Per event basic 0.7·49,500 = 34,650 (the
        // yearly cap 150,000 binds at the fifth); catastrophic on the year's out-of-pocket after
        // basic above the threshold: 0.6·(15,350k − 10,000) in all after k events, or for low
        // income 0.65·(15,350k − 5,000); aid 0.7 of the rest for low income only, capped per
        // year; tilted aid once the year's out-of-pocket exceeds M. Each county-year's (insurance, aid) must be the reference
        // for some number of events k — the same k for both items.
        let scenario = Self.illness(cost: 50_000, replications: 12)
        let population = Self.monitoredOnePerCounty()
        let low = Self.illness(cost: 50_000, replications: 12, monitoredAreLowIncome: true)
        var seenEvents = Set<Int>()
        for (scenario, isLow) in [(scenario, false), (low, true)] {
            let result = try F.run(scenario, population)
            let references = (0...12).map { Self.medicalReference(events: $0, cost: 50_000, low: isLow) }
            for r in 0..<12 {
                for year in 2021...2025 {
                    for county in County.allCases {
                        let insurance = F.spending(result, .medicalInsurance, county: county, year: year, replication: r)
                        let aid = F.spending(result, .medicalAid, county: county, year: year, replication: r)
                        let k = references.firstIndex { F.same($0.insurance, insurance) && F.same($0.aid, aid) }
                        #expect(k != nil, "low \(isLow), \(county) \(year) r\(r): insurance \(insurance), aid \(aid)")
                        if let k, isLow { seenEvents.insert(k) }
                        if !isLow { #expect(aid == 0) }
                    }
                }
            }
        }
        // The draw exercised no illness, one, two, and three (tilted aid) events.
        #expect(seenEvents.isSuperset(of: [0, 1, 2, 3]), "events seen: \(seenEvents.sorted())")
    }

    @Test func theLowIncomeThresholdIsCutByTheGivenFraction() throws {
        // Catastrophic insurance alone (no basic insurance, no aid) paying all of the year's
        // out-of-pocket above its threshold, 10,000, cut by 0.8 for low-income households:
        // 2,000. Illnesses cost a fixed 20,000, so a county-year with k ≥ 1 illnesses of its
        // one low-income household is paid 20,000·k − 2,000 exactly (a threshold multiplied
        // by 0.8 instead, 8,000, would pay 20,000·k − 8,000).
        var scenario = Self.illness(cost: 20_000, replications: 4, monitoredAreLowIncome: true)
        scenario.policies.medical.basic.rate = 0
        scenario.policies.medical.catastrophic.rate = 1
        scenario.policies.medical.catastrophic.lowIncomeRateBonus = 0
        scenario.policies.medical.catastrophic.lowIncomeThresholdCut = 0.8
        scenario.policies.medical.aid.rate = 0
        scenario.policies.medical.tiltedAid.enabled = false
        let population = Self.monitoredOnePerCounty()
        let result = try F.run(scenario, population)
        var paidYears = 0
        for r in 0..<4 {
            for year in 2021...2025 {
                for county in County.allCases {
                    let paid = F.spending(result, .medicalInsurance, county: county, year: year, replication: r)
                    guard paid != 0 else { continue }
                    paidYears += 1
                    let k = (paid + 2_000) / 20_000
                    #expect(k >= 1 && k == k.rounded(), "\(county) \(year) r\(r): \(paid)")
                }
            }
        }
        // P(no illness in a county-year) = e^-0.8 ≈ 0.45: among 160, some are paid.
        #expect(paidYears > 0)
    }

    // MARK: - Employment help

    /// The quiet scenario with job loss `h` and re-employment `r`, monitoring (help as
    /// given) and posts of 800 a month, without the re-employment boost.
    static func postsScenario(
        replications: Int, jobLoss h: Double, reemployment r: Double, gapCoverage: Double
    ) -> Scenario {
        var scenario = F.quietScenario(replications: replications)
        scenario.shocks.labor.jobLossMonthly = h
        scenario.shocks.labor.reemploymentMonthly = r
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.gapCoverage = gapCoverage
        scenario.policies.employment.enabled = true
        scenario.policies.employment.postWageMonthly = 800
        scenario.policies.employment.reemploymentBoost = 0
        return scenario
    }

    @Test func postsAreLimitedPerCounty() throws {
        // Forty monitored households with one migrant each; h = 0.3, r = 0.05, so from January
        // on several migrants are unemployed every month (P(nobody unemployed in a month) is
        // below 0.7^40 ≈ 6e-7). With one post per county, exactly one post-wage of 800 is paid
        // each month: 9,600 a year; with three posts, 28,800.
        var scenario = Self.postsScenario(replications: 2, jobLoss: 0.3, reemployment: 0.05, gapCoverage: 0)
        scenario.policies.monitoring.exit.stableYears = 99
        let population = F.households(40, laborers: 1, migrants: 1) {
            $0.wageMigrant = 12_000
            $0.monitored = true
        }
        for (posts, yearly) in [(1, 9_600.0), (3, 28_800.0)] {
            scenario.policies.employment.postsPerCounty = Keyed(posts)
            let result = try F.run(scenario, population)
            for r in 0..<2 {
                for year in 2021...2025 {
                    #expect(F.spending(result, .employment, year: year, replication: r) == yearly, "\(posts) posts")
                }
            }
        }
        // Unlimited posts pay more than one county's single post could.
        scenario.policies.employment.postsPerCounty = Keyed(1_000)
        let unlimited = try F.run(scenario, population)
        #expect(F.spending(unlimited, .employment, year: 2022) > 28_800)
    }

    @Test func aCountyWithoutPostsPromisesNone() throws {
        // A monitored household whose one migrant (12,000 a year) loses the job in January for
        // good (h = 1, r = 0) lives on 3,000 of transfers. With no posts in its county it is
        // helped as with employment help off: 0.6 · (6,000 − 3,000) = 1,800 a year, resources
        // 4,800 ≥ P = 4,000, no relapse. A post counted in the projection and then denied
        // would have left it without the help and below the line.
        var scenario = Self.postsScenario(replications: 1, jobLoss: 1, reemployment: 0, gapCoverage: 0.6)
        scenario.policies.monitoring.cap = 5_000
        scenario.policies.employment.postsPerCounty = Keyed(0)
        let n = 10
        let population = F.households(n, laborers: 1, migrants: 1) {
            $0.wageMigrant = 12_000
            $0.transfer = 3_000
            $0.monitored = true
        }
        let none = try F.run(scenario, population)
        scenario.policies.employment.enabled = false
        let off = try F.run(scenario, population)
        for year in 2021...2025 {
            #expect(F.value(none, .relapseHouseholds, year: year) == 0)
            #expect(F.spending(none, .employment, year: year) == 0)
            #expect(F.sameSpending(F.spending(none, .monitoring, year: year), Double(n) * 1_800, payments: n))
            #expect(F.spending(none, .monitoring, year: year) == F.spending(off, .monitoring, year: year))
        }
    }

    /// P(a migrant earns at most 3 months in 2022) under the chain of MODEL.md §3.3 from
    /// "employed at the start of 2021" (as in `KnownAnswerTests`).
    static func fewMonthsEarned2022(h: Double, r: Double) -> Double {
        var state = [[0.0], [1.0]]
        var p = 0.0
        for month in 0..<24 {
            if month % 12 == 0 { state = [[state[0].reduce(0, +)], [state[1].reduce(0, +)]] }
            let earned = state[0].count
            var next = [[Double](repeating: 0, count: earned + 1), [Double](repeating: 0, count: earned + 1)]
            for k in 0..<earned {
                next[0][k] += state[1][k] * h
                next[1][k + 1] += state[1][k] * (1 - h)
                next[1][k + 1] += state[0][k] * r
                next[0][k] += state[0][k] * (1 - r)
            }
            state = next
            if month == 23 { p = (0...3).reduce(0) { $0 + state[0][$1] + state[1][$1] } }
        }
        return p
    }

    @Test func reemploymentBoostShortensSpells() throws {
        // Monitored households, one migrant earning 1,000 a month, post wage 0 (so only the
        // boost acts), h = 0.25, r = 0.1, Δr = 0.2: a household relapses iff its migrant earns
        // at most 3 months. With the boost the chain runs with r + Δr = 0.3. Tolerance: 4
        // binomial standard errors of the mean count over 10 replications.
        var off = F.quietScenario(replications: 10)
        off.shocks.labor.jobLossMonthly = 0.25
        off.shocks.labor.reemploymentMonthly = 0.1
        off.policies.monitoring.enabled = true
        off.policies.monitoring.gapCoverage = 0
        off.policies.monitoring.exit.stableYears = 99
        var on = off
        on.policies.employment.enabled = true
        on.policies.employment.postWageMonthly = 0
        on.policies.employment.reemploymentBoost = 0.2
        let n = 1_000
        let population = F.households(n, laborers: 1, migrants: 1) {
            $0.wageMigrant = 12_000
            $0.monitored = true
        }
        let result = try F.run(variants: [("off", off), ("on", on)], population)
        for (variant, r) in [(0, 0.1), (1, 0.3)] {
            let p = Self.fewMonthsEarned2022(h: 0.25, r: r)
            let mean = F.mean(result, .relapseHouseholds, year: 2022, variant: variant)
            let se = (Double(n) * p * (1 - p) / 10).squareRoot()
            #expect(abs(mean - Double(n) * p) <= 4 * se, "variant \(variant): \(mean) vs \(Double(n) * p) ± \(4 * se)")
        }
        #expect(F.mean(result, .relapseHouseholds, year: 2022, variant: 1)
                < F.mean(result, .relapseHouseholds, year: 2022, variant: 0))
    }

    // MARK: - Agricultural insurance

    @Test func yieldInsurancePaysIndemnityAboveTheDeductible() throws {
        // 10,000 of tea, a drill flood in June 2022 destroying 63.85%: an insured household gets
        // 0.7·(0.6385 − 0.2)·10,000 = 3,069.5; uninsured ones nothing. 15 insured and 10
        // uninsured households; coverage = the insured share, so exactly the flagged ones are
        // covered (PolicySelections).
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 6, loss: 0.6385)])
        scenario.policies.agriInsurance.enabled = true
        scenario.policies.agriInsurance.coverage = Keyed(15.0 / 25.0)
        let population = F.households(25) {
            $0.production = ["tea": 10_000]
            if Int($0.id.dropFirst())! < 15 { $0.insured = ["tea"] }
        }
        let result = try F.run(scenario, population)
        #expect(F.same(F.spending(result, .agriInsurance, year: 2022), 15 * 3_069.5))
        for year in [2021, 2023, 2024, 2025] { #expect(F.spending(result, .agriInsurance, year: year) == 0) }
        // A loss within the deductible pays nothing.
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 6, loss: 0.15)])
        let small = try F.run(scenario, population)
        #expect(F.spending(small, .agriInsurance, year: 2022) == 0)
    }

    /// π of tea after a drill fall of 36.85% in 2023, fading at φ = 0.5 (MODEL.md §3.1).
    static func teaPrice(_ year: Int) -> Double {
        let fall = log1p(-0.3685)
        switch year {
        case 2023: return exp(fall)
        case 2024: return exp(0.5 * fall)
        case 2025: return exp(0.25 * fall)
        default: return 1
        }
    }

    static func priceFallScenario() -> Scenario {
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.prices.persistence = 0.5
        scenario.drill = Drill(events: [.price(commodity: "tea", year: 2023, change: -0.3685)])
        return scenario
    }

    @Test func priceInsurancePaysBelowTheTrigger() throws {
        // Price insurance pays 0.7·(0.8 − π)·production while π < 0.8: π = 0.6315 in 2023 and
        // 0.6315^0.5 ≈ 0.7947 in 2024 (the fall fades), 0.8914 in 2025 (nothing).
        var scenario = Self.priceFallScenario()
        scenario.policies.agriInsurance.enabled = true
        scenario.policies.agriInsurance.coverage = Keyed(1)
        scenario.policies.agriInsurance.priceInsurance.enabled = true
        let n = 10
        let population = F.households(n) {
            $0.production = ["tea": 10_000]
            $0.insured = ["tea"]
        }
        let result = try F.run(scenario, population)
        for year in 2021...2025 {
            let expected = Double(n) * 10_000 * 0.7 * max(0, 0.8 - Self.teaPrice(year))
            #expect(F.sameSpending(F.spending(result, .agriInsurance, year: year), expected, payments: n), "\(year)")
        }
        #expect(F.spending(result, .agriInsurance, year: 2024) > 0)
        #expect(F.spending(result, .agriInsurance, year: 2025) == 0)
    }

    // MARK: - Binding and consumption help

    @Test func bindingFloorsTheOutputPriceOfBoundHouseholds() throws {
        // 5,000 of tea per one-person household; the 2023 price is 0.6315. Bound households
        // sell at the floor 0.85: 4,250 ≥ P, support 5,000·(0.85 − 0.6315) each; unbound ones
        // get 3,157.5 < P and relapse. 12 bound, 8 unbound.
        var scenario = Self.priceFallScenario()
        scenario.policies.binding.enabled = true
        scenario.policies.binding.floor = 0.85
        scenario.policies.binding.share = 12.0 / 20.0
        let population = F.households(20) {
            $0.production = ["tea": 5_000]
            $0.bound = Int($0.id.dropFirst())! < 12
        }
        let result = try F.run(scenario, population)
        #expect(F.same(F.spending(result, .binding, year: 2023), 12 * 5_000 * (0.85 - Self.teaPrice(2023))))
        #expect(F.value(result, .relapseHouseholds, year: 2023) == 8)
        #expect(F.spending(result, .binding, year: 2022) == 0)
        scenario.policies.binding.enabled = false
        #expect(F.value(try F.run(scenario, population), .relapseHouseholds, year: 2023) == 20)
    }

    @Test func consumptionHelpBuysAtMostItsYearlyAmount() throws {
        // The 2023 price fall (π = 0.6315) affects 20 households' tea, 200,000 of it at base
        // price. A yearly amount of 20,385 buys 20,385 of it at base price (spread pro rata),
        // paying 0.3685·20,385 above what the tea fetches; 1,000,000 buys all of it, paying
        // 20·3,685 = 73,700 above. Spending is what the purchases pay above the market price.
        // Sugarcane, not listed, is never bought.
        var scenario = Self.priceFallScenario()
        scenario.drill = Drill(events: [
            .price(commodity: "tea", year: 2023, change: -0.3685),
            .price(commodity: "sugarcane", year: 2023, change: -0.3685),
        ])
        scenario.policies.consumptionHelp.enabled = true
        scenario.policies.consumptionHelp.commodities = ["tea"]
        let population = F.households(20) { $0.production = ["tea": 10_000, "sugarcane": 5_000] }
        let affected = 20 * 10_000 * (1 - Self.teaPrice(2023))
        for (yearly, expected) in [(20_385.0, 20_385 * (1 - Self.teaPrice(2023))), (1_000_000, affected)] {
            scenario.policies.consumptionHelp.yearly = yearly
            let result = try F.run(scenario, population)
            #expect(F.sameSpending(F.spending(result, .consumptionHelp, year: 2023), expected, payments: 20), "yearly \(yearly)")
            #expect(F.spending(result, .consumptionHelp, year: 2022) == 0)
        }
    }

    @Test func consumptionHelpSpendsItsYearlyAmountWhateverTheProductionFactors() throws {
        // With production volatility (σ = 0.25) each household's tea is worth its own
        // factor × 10,000, so the affected output differs from the base-year total by the
        // factors' draw. A yearly amount below it (20,385 of some 200,000) buys exactly that
        // much at base price, up to the rounding of the 20 payments, in every replication:
        // spending (1 − π)·20,385. It was once so only on average, the share set from the
        // base-year total.
        var scenario = F.quietScenario(replications: 4)
        scenario.shocks.prices.persistence = 0.5
        scenario.drill = Drill(events: [.price(commodity: "tea", year: 2023, change: -0.3685)])
        scenario.income.volatility.production = 0.25
        scenario.policies.consumptionHelp.enabled = true
        scenario.policies.consumptionHelp.commodities = ["tea"]
        scenario.policies.consumptionHelp.yearly = 20_385
        let population = F.households(20) { $0.production = ["tea": 10_000] }
        let result = try F.run(scenario, population)
        let above = 20_385 * (1 - Self.teaPrice(2023))
        for replication in 0..<4 {
            let spent = F.spending(result, .consumptionHelp, year: 2023, replication: replication)
            #expect(F.sameSpending(spent, above, payments: 20), "replication \(replication): \(spent)")
        }
        // Floods in March and May destroying 25% and then 40% of the tea left: the share is set
        // in January, before them (no month can depend on a later one), and destroyed tea is
        // not bought: 0.75 · 0.6 of the amount is spent.
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill?.events += [F.drillDisaster(year: 2023, month: 3, loss: 0.25), F.drillDisaster(year: 2023, month: 5, loss: 0.4)]
        let flooded = try F.run(scenario, population)
        for replication in 0..<4 {
            let spent = F.spending(flooded, .consumptionHelp, year: 2023, replication: replication)
            #expect(F.sameSpending(spent, 0.75 * 0.6 * above, payments: 20), "replication \(replication), floods: \(spent)")
        }
    }

    /// The 2023 tea price fall with binding (floor 0.85, half the producers bound) and
    /// consumption help of tea with a yearly amount that buys everything.
    static func boundTeaScenario() -> Scenario {
        var scenario = priceFallScenario()
        scenario.policies.binding.enabled = true
        scenario.policies.binding.floor = 0.85
        scenario.policies.binding.share = 0.5
        scenario.policies.consumptionHelp.enabled = true
        scenario.policies.consumptionHelp.commodities = ["tea"]
        scenario.policies.consumptionHelp.yearly = 1_000_000
        return scenario
    }

    /// 20 households with 10,000 of tea each, the first 10 bound.
    static func boundTeaHouseholds() -> Population {
        F.households(20) {
            $0.production = ["tea": 10_000]
            $0.bound = Int($0.id.dropFirst())! < 10
        }
    }

    @Test func consumptionHelpPaysBoundOutputOnlyWhatLiesAboveTheFloor() throws {
        // Tea at 0.6315 of base in 2023; 10 bound households (floor 0.85) and 10 unbound,
        // 10,000 of tea each, and a yearly amount that buys everything. A bound household's
        // tea fetches 8,500 from binding, and consumption help buys it at base price by
        // adding 1,500 (not 3,685 on top of the floor: 11,185 for 10,000 at base price); an
        // unbound one gets 3,685.
        var scenario = Self.boundTeaScenario()
        let population = Self.boundTeaHouseholds()
        let result = try F.run(scenario, population)
        let fall = 1 - Self.teaPrice(2023)
        #expect(F.sameSpending(F.spending(result, .consumptionHelp, year: 2023), 10 * 10_000 * (0.15 + fall), payments: 20))
        #expect(F.sameSpending(F.spending(result, .binding, year: 2023), 10 * 10_000 * (0.85 - Self.teaPrice(2023)), payments: 10))
        // A yearly amount below what would buy everything, 20,000 of the 200,000 of tea at
        // base price, buys a tenth of every household's: a tenth of what buying all pays.
        scenario.policies.consumptionHelp.yearly = 20_000
        let short = try F.run(scenario, population)
        #expect(F.sameSpending(F.spending(short, .consumptionHelp, year: 2023), 0.1 * 10 * 10_000 * (0.15 + fall), payments: 20))
    }

    @Test func bindingAndConsumptionHelpPayOnlyForTheOutputADisasterLeaves() throws {
        // MODEL.md §3.2: a disaster multiplies the year's production by 1 − s. Tea at 0.6315
        // of base in 2023, 10,000 of it per household, and a drill flood in May 2023
        // destroying the share s of it: binding pays its floor (0.85) and consumption help
        // buys at base price only what is left, (1 − s) of what they pay without the flood.
        // 10 bound and 10 unbound households; a yearly amount that buys everything.
        var scenario = Self.boundTeaScenario()
        scenario.shocks.disasters = [F.drillHazard()]
        let population = Self.boundTeaHouseholds()
        let price = Self.teaPrice(2023)
        for s in [0.0, 0.25, 1.0] {
            scenario.drill = Drill(events: [
                .price(commodity: "tea", year: 2023, change: -0.3685),
                F.drillDisaster(year: 2023, month: 5, loss: s),
            ])
            let result = try F.run(scenario, population)
            let binding = 10 * 10_000 * (0.85 - price) * (1 - s)
            let bought = 10 * 10_000 * (0.15 + 1 - price) * (1 - s)
            #expect(F.sameSpending(F.spending(result, .binding, year: 2023), binding, payments: 10), "s = \(s)")
            #expect(F.sameSpending(F.spending(result, .consumptionHelp, year: 2023), bought, payments: 20), "s = \(s)")
        }
    }

    // MARK: - Risk fund

    @Test func riskFundBudgetLimitsReimbursementsPerCounty() throws {
        // 20 bound households in each of 沧源 and 耿马, 10,000 of tea, a drill flood in each
        // county in May 2022 destroying 63.85%: claims 0.5·6,385 = 3,192.5 each, 63,850 per
        // county. The fund's yearly 10,000 in 沧源 caps it there; 耿马's 100,000 pays in full.
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [
            F.drillDisaster(county: .cangyuan, year: 2022, month: 5, loss: 0.6385),
            F.drillDisaster(county: .gengma, year: 2022, month: 5, loss: 0.6385),
        ])
        scenario.policies.binding.enabled = true
        scenario.policies.binding.share = 1
        scenario.policies.riskFund.enabled = true
        scenario.policies.riskFund.share = 0.5
        scenario.policies.riskFund.yearlyPerCounty = Keyed(100_000, [.cangyuan: 10_000])
        var population = F.households(20, county: .cangyuan) {
            $0.production = ["tea": 10_000]
            $0.bound = true
        }
        let other = F.households(20, county: .gengma) {
            $0.production = ["tea": 10_000]
            $0.bound = true
        }
        for i in 0..<other.count {
            var h = other[i]
            h.id = "g\(i)"
            population.append(h)
        }
        let result = try F.run(scenario, population)
        #expect(F.same(F.spending(result, .riskFund, county: .cangyuan, year: 2022), 10_000))
        #expect(F.same(F.spending(result, .riskFund, county: .gengma, year: 2022), 63_850))
        #expect(F.spending(result, .riskFund, county: .gengma, year: 2021) == 0)
        // A general budget tighter than the fund's own amount binds too.
        scenario.policies.budgets[.riskFund] = Budget(yearlyPerCounty: Keyed(5_000))
        let tight = try F.run(scenario, population)
        #expect(F.same(F.spending(tight, .riskFund, county: .gengma, year: 2022), 5_000))
        #expect(F.same(F.spending(tight, .riskFund, county: .cangyuan, year: 2022), 5_000))
    }

    @Test func riskFundReimbursesOnlyTheLossInsuranceAndConsumptionHelpLeave() throws {
        // 10 bound households, their 10,000 of tea insured, and a drill flood in May 2022
        // destroying all of it: agricultural insurance pays 0.7·(1 − 0.2)·10,000 = 5,600, and
        // the fund half of the 4,400 left, 2,200 (half the loss, 5,000, would repay 10,600 of
        // a 10,000 loss).
        // Every household bound, the fund reimbursing half, agricultural insurance on.
        func withFund(_ base: Scenario, coverage: Keyed<Commodity, Double>) -> Scenario {
            var scenario = base
            scenario.policies.binding.enabled = true
            scenario.policies.binding.share = 1
            scenario.policies.riskFund.enabled = true
            scenario.policies.riskFund.share = 0.5
            scenario.policies.agriInsurance.enabled = true
            scenario.policies.agriInsurance.coverage = coverage
            return scenario
        }
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2022, month: 5, loss: 1)])
        scenario = withFund(scenario, coverage: Keyed(1))
        let n = 10
        let population = F.households(n) {
            $0.production = ["tea": 10_000]
            $0.insured = ["tea"]
            $0.bound = true
        }
        let flooded = try F.run(scenario, population)
        #expect(F.sameSpending(F.spending(flooded, .agriInsurance, year: 2022), Double(n) * 5_600, payments: n))
        #expect(F.sameSpending(F.spending(flooded, .riskFund, year: 2022), Double(n) * 2_200, payments: n))
        // Price falls in 2023 to 0.5 of base for tea (insured) and 0.7 for nuts (not), 10,000
        // of each, binding's floor 0.85: each crop's price loss is 1,500. Price insurance pays
        // 0.7·(0.8 − 0.5)·10,000 = 2,100 for tea, more than its loss: the fund pays nothing for
        // tea, and half of nuts' loss, 750 (not half of 3,000 − 2,100 netted over the crops).
        scenario = F.quietScenario(replications: 1)
        scenario.shocks.prices.persistence = 0.5
        scenario.drill = Drill(events: [
            .price(commodity: "tea", year: 2023, change: -0.5), .price(commodity: "nuts", year: 2023, change: -0.3),
        ])
        scenario = withFund(scenario, coverage: Keyed(1, ["nuts": 0]))
        scenario.policies.binding.floor = 0.85
        scenario.policies.agriInsurance.priceInsurance.enabled = true
        let twoCrops = F.households(n) {
            $0.production = ["tea": 10_000, "nuts": 10_000]
            $0.insured = ["tea"]
            $0.bound = true
        }
        let fall = try F.run(scenario, twoCrops)
        #expect(F.sameSpending(F.spending(fall, .agriInsurance, year: 2023), Double(n) * 2_100, payments: n))
        #expect(F.sameSpending(F.spending(fall, .riskFund, year: 2023), Double(n) * 750, payments: n))
        // Consumption help buying all the nuts at base price (1,500 above the floor) leaves
        // the fund nothing to reimburse.
        scenario.policies.consumptionHelp.enabled = true
        scenario.policies.consumptionHelp.commodities = ["nuts"]
        scenario.policies.consumptionHelp.yearly = 1_000_000
        let bought = try F.run(scenario, twoCrops)
        #expect(F.sameSpending(F.spending(bought, .consumptionHelp, year: 2023), Double(n) * 1_500, payments: n))
        #expect(F.spending(bought, .riskFund, year: 2023) == 0)
    }

    // MARK: - Anti-relapse insurance

    @Test func relapseInsurancePaysShareOfTheShortfallUpToTheCap() throws {
        // 10,000 of tea, a drill flood in March 2022 destroying 63.85%: the projection falls to
        // 3,615 < M, and an insured household gets 0.8·(6,000 − 3,615) = 1,908 (cap 10,000) —
        // once, in the month of the covered loss — ending at 5,523 ≥ P. With cap 300 it gets
        // 300 and relapses (3,615 + 300 < 4,000). Coverage 1: everyone is insured.
        var scenario = F.insuredFlood()
        let n = 15
        let population = F.households(n) { $0.production = ["tea": 10_000] }
        for (cap, paid, relapsed) in [(10_000.0, 1_908.0, 0.0), (300, 300, Double(n))] {
            scenario.policies.relapseInsurance.cap = cap
            let result = try F.run(scenario, population)
            #expect(F.same(F.spending(result, .relapseInsurance, year: 2022), Double(n) * paid), "cap \(cap)")
            #expect(F.spending(result, .relapseInsurance, year: 2021) == 0)
            #expect(F.value(result, .relapseHouseholds, year: 2022) == relapsed)
        }
        // Coverage 0: nobody is insured, nothing is paid.
        scenario.policies.relapseInsurance.coverage = 0
        #expect(F.spending(try F.run(scenario, population), .relapseInsurance, year: 2022) == 0)
    }

    @Test func relapseInsurancePaysOnlyTheShortfallTheLossMade() throws {
        // MODEL.md §4: insured households are paid "when a covered loss pushes projected
        // resources below M_t". Ten households with transfers of 5,000 (below M = 6,000
        // already) and 100 of tea, whose 2023 price fall (1 − π = 0.3685) is a covered loss
        // of 36.85 each: each is paid 0.8·36.85 = 29.48, what the fall added to its
        // shortfall — not 0.8·(6,000 − 4,963.15) = 829.48, the whole shortfall.
        var scenario = Self.priceFallScenario()
        scenario.policies.relapseInsurance.enabled = true
        scenario.policies.relapseInsurance.coverage = 1
        scenario.policies.relapseInsurance.share = 0.8
        let population = F.households(10) {
            $0.transfer = 5_000
            $0.production = ["tea": 100]
        }
        let result = try F.run(scenario, population)
        let fall = 100 * (1 - Self.teaPrice(2023))
        #expect(F.sameSpending(F.spending(result, .relapseInsurance, year: 2023), 10 * 0.8 * fall, payments: 10))
        #expect(F.spending(result, .relapseInsurance, year: 2022) == 0)

        // A loss made good in the same month is no loss: consumption help buying all the tea
        // at base price pays back the fall, and the insurance pays nothing.
        var helped = scenario
        helped.policies.consumptionHelp.enabled = true
        helped.policies.consumptionHelp.commodities = ["tea"]
        helped.policies.consumptionHelp.yearly = 1_000_000
        #expect(F.spending(try F.run(helped, population), .relapseInsurance, year: 2023) == 0)

        // What is not a covered loss is not covered: an epidemic from January cutting a local
        // wage of 1,000 by 17% leaves the same 29.48 each for the price fall alone.
        var epidemic = scenario
        epidemic.drill = Drill(events: [
            .price(commodity: "tea", year: 2023, change: -0.3685),
            .epidemic(year: 2023, month: 1, months: 12),
        ])
        epidemic.shocks.labor.epidemic.localWageCut = 0.17
        let workers = F.households(10, laborers: 1) {
            $0.transfer = 4_000
            $0.wageLocal = 1_000
            $0.production = ["tea": 100]
        }
        let cut = try F.run(epidemic, workers)
        #expect(F.sameSpending(F.spending(cut, .relapseInsurance, year: 2023), 10 * 0.8 * fall, payments: 10))
    }

    // MARK: - Disaster relief

    @Test func disasterReliefPaysTemporaryAidAndHousingSubsidyForLowIncome() throws {
        // A drill flood in each county in July 2023 damages every house (repair a fixed 20,385).
        // Every affected household gets 2,000 of temporary assistance; the low-income ones
        // (monitored at start, in 沧源) also 0.6·20,385 = 12,231 of housing subsidy; the others
        // (耿马, well off and never found: cadre 0, self-report 0, screening 0) none.
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.disasters = [
            F.drillHazard(houseDamage: Hazard.HouseDamage(probability: 1, cost: .fixed(value: 20_385))),
        ]
        scenario.drill = Drill(events: [
            F.drillDisaster(county: .cangyuan, year: 2023, month: 7, loss: 0.1),
            F.drillDisaster(county: .gengma, year: 2023, month: 7, loss: 0.1),
        ])
        scenario.policies.disasterRelief.enabled = true
        scenario.policies.disasterRelief.temporary = 2_000
        scenario.policies.disasterRelief.housingSubsidy = 0.6
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 0
        scenario.policies.monitoring.selfReportMonthly = 0
        scenario.policies.monitoring.screening.sensitivity = 0
        scenario.policies.monitoring.gapCoverage = 0
        scenario.policies.monitoring.exit.stableYears = 99
        var population = F.households(10, county: .cangyuan) {
            $0.transfer = 5_000
            $0.monitored = true
        }
        for i in 0..<12 {
            var h = Household(
                id: "g\(i)", county: .gengma, township: "g", village: "g\(i)", size: 1, laborers: 0, migrants: 0,
                status: .exited)
            h.transfer = 50_000
            population.append(h)
        }
        let result = try F.run(scenario, population)
        #expect(F.same(F.spending(result, .disasterRelief, county: .cangyuan, year: 2023), 10 * (2_000 + 12_231)))
        #expect(F.spending(result, .disasterRelief, county: .gengma, year: 2023) == 12 * 2_000)
        #expect(F.spending(result, .disasterRelief, county: .gengma, year: 2022) == 0)
    }

    // MARK: - Budgets

    @Test func budgetStopsPaymentsAndGrantsTheEarliestMonthsFirst() throws {
        // Ten one-person 特困 households in 沧源 with nothing else: 832 a month each. A 低保
        // budget of 832·53 = 44,096 pays every household January–May (50 payments) and, in
        // June, the first three households in order; then nothing. So three households end
        // the year with 6·832 = 4,992 and seven with 5·832 = 4,160: with P = 4,500 exactly
        // seven relapse. (Paying household by household instead would leave 6 relapsing.)
        // 耿马's budget is far above its claims: paid in full, 12·9,984.
        var scenario = F.quietScenario(replications: 1)
        scenario.lines.poverty = .indexed(value: 4_500, growth: 0)
        scenario.policies.dibao.enabled = true
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: Keyed(1e9, [.cangyuan: 832 * 53]))
        var population = F.households(10, county: .cangyuan) { $0.tekun = true }
        for h in Self.tekunInGengma(12) { population.append(h) }
        let result = try F.run(scenario, population)
        for year in 2021...2025 {
            #expect(F.spending(result, .tekun, county: .cangyuan, year: year) == 832 * 53)
            #expect(F.same(F.spending(result, .tekun, county: .gengma, year: year), 12 * 9_984))
            #expect(F.value(result, .relapseHouseholds, year: year) == 7)
        }
    }

    @Test func budgetCapsDisasterReliefAndMonitoringHelp() throws {
        // Ten affected households would get 2,000 of temporary assistance each (20,000); a
        // budget of 5,385 pays 5,385. Ten monitored households with a flat 1,615 shortfall would
        // get 969 of help each (9,690); a budget of 2,385.3 pays 2,385.3 to within a
        // spending unit (10^-6 yuan) and never more: grants are whole units, rounded down.
        var scenario = F.quietScenario(replications: 1)
        scenario.shocks.disasters = [F.drillHazard()]
        scenario.drill = Drill(events: [F.drillDisaster(year: 2023, month: 7, loss: 0.1)])
        scenario.policies.disasterRelief.enabled = true
        scenario.policies.disasterRelief.temporary = 2_000
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.exit.stableYears = 99
        scenario.policies.budgets[.disasterRelief] = Budget(yearlyPerCounty: Keyed(5_385))
        scenario.policies.budgets[.monitoring] = Budget(yearlyPerCounty: Keyed(2_385.3))
        let population = F.households(10) {
            $0.transfer = 4_385
            $0.monitored = true
        }
        let result = try F.run(scenario, population)
        #expect(F.spending(result, .disasterRelief, year: 2023) == 5_385)
        #expect(F.spending(result, .disasterRelief, year: 2022) == 0)
        for year in 2021...2025 {
            let spent = F.spending(result, .monitoring, year: year)
            #expect(spent <= 2_385.3 && spent > 2_385.3 - 1e-6, "\(spent)")
        }
    }

    @Test func deniedMedicalPaymentsLowerResourcesOnlyWhenOutOfPocketCostsCount() throws {
        // Forty monitored one-person households with 5,000 of transfers (P = 4,000) fall ill at
        // λ = 0.8 a year, each illness costing a fixed 50,000; medical aid pays all that basic and
        // catastrophic insurance leave (rate 1, no cap), and a medical budget of 0 denies it.
        // With out-of-pocket costs counted, aid paid leaves nothing to pay, so nobody relapses;
        // aid denied leaves at least 8,622 of an illness to pay, so a year with any illness
        // among 40 households (P(none) = e^-32) has relapses. Not counted
        // (rigid_expenditure: false), resources stay 5,000 whatever is paid or denied.
        var counted = Self.illness(cost: 50_000, replications: 2, monitoredAreLowIncome: true)
        counted.policies.medical.aid.rate = 1
        counted.policies.medical.aid.cap = 1e9
        counted.policies.budgets[.medical] = Budget(yearlyPerCounty: Keyed(0))
        var notCounted = counted
        notCounted.accounting.rigidExpenditure = false
        var unlimited = notCounted
        unlimited.policies.budgets = [:]
        var countedUnlimited = counted
        countedUnlimited.policies.budgets = [:]
        let population = F.households(40) {
            $0.transfer = 5_000
            $0.monitored = true
        }
        let result = try F.run(
            variants: [("counted", counted), ("not-counted", notCounted), ("unlimited", unlimited),
                       ("counted-unlimited", countedUnlimited)], population)
        for r in 0..<2 {
            for year in 2021...2025 {
                #expect(F.value(result, .relapseHouseholds, year: year, replication: r, variant: 0) > 0)
                #expect(F.value(result, .relapseHouseholds, year: year, replication: r, variant: 1) == 0)
                #expect(F.value(result, .relapseHouseholds, year: year, replication: r, variant: 2) == 0)
                #expect(F.value(result, .relapseHouseholds, year: year, replication: r, variant: 3) == 0)
                #expect(F.spending(result, .medicalAid, year: year, replication: r, variant: 1) == 0)
                #expect(F.spending(result, .medicalAid, year: year, replication: r, variant: 2) > 0)
            }
        }
    }

    @Test func spendingInFenIsExact() throws {
        // A 特困 standard of 1,807.2 yuan a year is paid as twelve months of 150.6: spending is
        // summed in decimal units (10^-6 yuan), so the year's total is 1807.2 itself, not
        // 1807.1999998 (a binary unit cannot hold 150.6). A drill's months sum in the same units.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        scenario.policies.dibao.tekunStandard = 1_807.2
        let result = try F.run(scenario, F.households(3, county: .gengma) { $0.tekun = true })
        for year in 2021...2025 { #expect(F.spending(result, .tekun, county: .gengma, year: year) == 5_421.6) }
    }

    /// `n` one-person 特困 households of 耿马 with nothing else, each in a village of its own.
    static func tekunInGengma(_ n: Int) -> [Household] {
        (0..<n).map { i in
            var h = Household(
                id: "g\(i)", county: .gengma, township: "g", village: "g\(i)", size: 1, laborers: 0, migrants: 0,
                status: .exited)
            h.tekun = true
            return h
        }
    }

    @Test func aBudgetByCountyWithoutDefaultCapsOnlyTheCountiesItLists() throws {
        // Ten one-person 特困 households in 沧源 and twelve in 耿马, nothing else: 832 a month
        // each. A 低保 budget of 832·53 for 沧源 alone pays 沧源 53 household-months a year and
        // leaves 耿马 uncapped (12·9,984 a year); with `default: 0` 耿马 gets nothing.
        var scenario = F.quietScenario(replications: 1)
        scenario.policies.dibao.enabled = true
        var population = F.households(10, county: .cangyuan) { $0.tekun = true }
        for h in Self.tekunInGengma(12) { population.append(h) }
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: Keyed(0, [.cangyuan: 832 * 53]), capsUnlisted: false)
        let listed = try F.run(scenario, population)
        scenario.policies.budgets[.dibao] = Budget(yearlyPerCounty: Keyed(0, [.cangyuan: 832 * 53]), capsUnlisted: true)
        let everywhere = try F.run(scenario, population)
        for year in 2021...2025 {
            #expect(F.spending(listed, .tekun, county: .cangyuan, year: year) == 832 * 53)
            #expect(F.same(F.spending(listed, .tekun, county: .gengma, year: year), 12 * 9_984))
            #expect(F.spending(everywhere, .tekun, county: .cangyuan, year: year) == 832 * 53)
            #expect(F.spending(everywhere, .tekun, county: .gengma, year: year) == 0)
        }
    }
}

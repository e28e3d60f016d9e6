import DixianEngine
import DixianModel
import DixianReports
import DixianScenario
import Foundation
import Testing

/// Numeric edge cases (issue 5): the smallest households, villages and counties, incomes of
/// zero, probabilities of exactly 0 and 1, the shortest horizon and a single replication.
/// Known answers where MODEL.md gives one; elsewhere the invariants every run must keep.
@Suite struct EdgeCaseTests {
    /// Every figure of every replication is in range: counts whole and between 0 and the
    /// households (persons for `relapse_persons`; village- and township-years for breaches),
    /// shares in [0, 1], spending finite and ≥ 0, and NaN only for the figures MODEL.md
    /// leaves undefined (a share or a lag with no household to take it over).
    static func expectInRange(
        _ result: RunResult, _ population: Population, _ label: String = "",
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let households = Double(population.count)
        let persons = Double(population.size.reduce(0) { $0 + Int($1) })
        let years = Double(result.layout.years.count)
        let villages = Double(population.geography.villages.count)
        let townships = Double(population.geography.townships.count)
        // The place groups with a village holding an exited household (breaches count only
        // relapsed exited households: elsewhere they are undefined).
        let geography = population.geography
        var borderVillages = Set<Int32>()
        for h in population.indices where population.flags[h].contains(.border) { borderVillages.insert(population.village[h]) }
        var breachable: Set<OutcomeGroup> = []
        for h in population.indices where population.status[h] == .exited {
            let county = geography.townships[Int(geography.villages[Int(population.village[h])].township)].county
            breachable.formUnion([.all, .county(county)] + (county.isKeyAssisted ? [.keyCounty] : []))
            if borderVillages.contains(population.village[h]) { breachable.insert(.border) }
        }
        var problems: [String] = []
        for (v, outcomes) in result.materializedOutcomes.enumerated() {
            for (r, outcome) in outcomes.enumerated() {
                for period in 0..<result.layout.periodCount {
                    let span = period == result.layout.allPeriod ? years : 1
                    for metric in Metric.allCases {
                        for group in OutcomeGroup.every {
                            let x = outcome.value(metric, period: period, group: group)
                            let upper: Double
                            switch metric {
                            case .foundShare, .anyVillageBreach: upper = 1
                            case .detectionLagMonths: upper = 12 * years
                            case .relapsePersons, .newPovertyPersons: upper = persons
                            case .villageBreaches: upper = villages * span
                            case .townshipBreaches: upper = townships * span
                            case .spendingTotal: upper = .greatestFiniteMagnitude
                            default: upper = households
                            }
                            // docs/outputs.md: shares and lags with nobody to take them over; breaches
                            // for groups that are not places, or whose places hold no exited
                            // household; spending for groups that are not payers.
                            let place: Bool
                            switch group {
                            case .relocated, .monitoredAtStart, .dibao: place = false
                            case .border: place = metric != .townshipBreaches && breachable.contains(group)
                            default: place = breachable.contains(group)
                            }
                            let payer: Bool
                            switch group {
                            case .all, .county, .keyCounty: payer = true
                            default: payer = false
                            }
                            let mayBeUndefined =
                                metric == .foundShare || metric == .detectionLagMonths
                                || ([.villageBreaches, .townshipBreaches, .anyVillageBreach].contains(metric)
                                    && !place)
                                || (metric == .spendingTotal && !payer)
                            let whole =
                                metric != .foundShare && metric != .detectionLagMonths
                                && metric != .spendingTotal
                            let ok =
                                x.isNaN
                                ? mayBeUndefined : (x >= 0 && x <= upper && (!whole || x == x.rounded()))
                            if !ok && problems.count < 5 {
                                problems.append(
                                    "variant \(v) replication \(r) \(metric.rawValue) \(group.name) period \(period): \(x)"
                                )
                            }
                        }
                    }
                }
                for x in outcome.spending + outcome.causes where !(x.isFinite && x >= 0) && problems.count < 5
                {
                    problems.append("variant \(v) replication \(r): spending or cause \(x)")
                }
            }
        }
        #expect(problems.isEmpty, "\(label): \(problems)", sourceLocation: sourceLocation)
    }

    // MARK: Households, villages, counties

    @Test func aCommodityNoPriceCoversIsRefusedWithTheColumnItMayMisspell() throws {
        // A household file's `prod_cofee` names a commodity of its own, which has no price: the
        // problem says so, and which column it may have meant.
        let listed = Commodity.standard
        let problem = Simulator.unlisted(produced: [Commodity(rawValue: "cofee"), Commodity(rawValue: "tea")], listed: listed)
        #expect(problem == "the population produces cofee, which shocks.prices.commodities does not list; add it to "
            + "the list (or, if the household file misspells a column, correct it: `prod_cofee` for `prod_coffee`)")
        #expect(Simulator.unlisted(produced: [Commodity(rawValue: "rubber")], listed: listed)
            == "the population produces rubber, which shocks.prices.commodities does not list; add it to the list")
        #expect(Simulator.unlisted(produced: [Commodity(rawValue: "tea")], listed: listed) == nil)
        // A standard commodity the list leaves out is no misspelling of another.
        let six = Array(listed.prefix(6))
        #expect(Simulator.unlisted(produced: listed, listed: six)
            == "the population produces \(listed.dropFirst(6).map(\.rawValue).joined(separator: ", ")), which "
                + "shocks.prices.commodities does not list; add them to the list")
    }

    @Test func oneMemberHouseholdsRelapseExactlyBelowTheLine() throws {
        // Size 1: per-capita resources are the household's income. 3,999.5 is below the
        // poverty line of 4,000 and relapses; 4,000.5 does not; both are below the
        // monitoring line of 6,000 (at risk).
        let scenario = EngineFixtures.quietScenario(replications: 3)
        var population = EngineFixtures.households(10) { $0.transfer = 3_999.5 }
        for i in 0..<7 {
            var h = Household(
                id: "b\(i)", county: .cangyuan, township: "t0", village: "b\(i)", size: 1, laborers: 0,
                migrants: 0,
                status: .exited)
            h.transfer = 4_000.5
            population.append(h)
        }
        let result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for period in 0..<result.layout.periodCount {
                #expect(outcome.value(.relapseHouseholds, period: period) == 10)
                #expect(outcome.value(.relapsePersons, period: period) == 10)
                #expect(outcome.value(.atRiskHouseholds, period: period) == 17)
            }
        }
        Self.expectInRange(result, population)
    }

    @Test func newPovertyIsCountedInHouseholdsAndInPersons() throws {
        // MODEL.md §5: new poverty (新致贫) is a household of another status than `exited`
        // below the poverty line, counted in households and persons. No shock, no policy:
        // four `edge` households of three at 3,000 a head are newly poor every year (4
        // households, 12 persons); one of five at 5,000 a head is not; two exited households
        // of two at 3,000 a head relapse and are not new poverty.
        let scenario = EngineFixtures.quietScenario(replications: 2)
        var population = EngineFixtures.households(2, size: 2) { $0.transfer = 6_000 }
        for (i, (size, perHead)) in [(3, 3_000.0), (3, 3_000), (3, 3_000), (3, 3_000), (5, 5_000)].enumerated() {
            var h = Household(
                id: "e\(i)", county: .cangyuan, township: "t0", village: "e\(i)", size: size, laborers: 0,
                migrants: 0, status: .edge)
            h.transfer = Double(size) * perHead
            population.append(h)
        }
        let result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for period in 0..<result.layout.periodCount {
                #expect(outcome.value(.newPovertyHouseholds, period: period) == 4)
                #expect(outcome.value(.newPovertyPersons, period: period) == 12)
                #expect(outcome.value(.newPovertyPersons, period: period, group: .county(.cangyuan)) == 12)
                #expect(outcome.value(.relapseHouseholds, period: period) == 2)
                #expect(outcome.value(.relapsePersons, period: period) == 4)
            }
        }
        Self.expectInRange(result, population)
    }

    @Test func aMonitoringLineBelowThePovertyLineStillCountsTheHouseholdsBetweenThem() throws {
        // M_t = 3,000 below P_t = 4,000 (nothing forbids it). Households of 3,500 are above M_t,
        // so the pass settles them by its fast path, which leaves nothing to count at the
        // year's end only when M_t ≥ P_t: here they are below P_t and relapse every year;
        // those of 2,500 are at risk and relapse; those of 4,500 neither.
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.lines.monitoring = .indexed(value: 3_000, growth: 0)
        var incomes = [2_500.0, 3_500, 3_500, 4_500, 4_500, 4_500].makeIterator()
        let population = EngineFixtures.households(6) { $0.transfer = incomes.next()! }
        let result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for year in 0..<5 {
                #expect(outcome.value(.relapseHouseholds, period: year) == 3)
                #expect(outcome.value(.atRiskHouseholds, period: year) == 1)
            }
        }
    }

    @Test func zeroIncomeHouseholdsRelapseEveryYearAndNothingIsUndefinedByAccident() throws {
        // No income at all, three members: resources 0 < 4,000 every year, all shocks and
        // policies off. With every default shock and policy on the run keeps its invariants
        // (no division by the zero income makes a NaN or an infinity).
        let population = EngineFixtures.households(12, size: 3, laborers: 2, migrants: 1)
        let quiet = try EngineFixtures.run(EngineFixtures.quietScenario(replications: 2), population)
        for outcome in quiet.materializedOutcomes[0] {
            for year in 0..<5 { #expect(outcome.value(.relapseHouseholds, period: year) == 12) }
            #expect(outcome.value(.relapsePersons, period: quiet.layout.allPeriod) == 36)
            #expect(outcome.spending.allSatisfy { $0 == 0 })
        }
        var everything = Scenario()
        everything.replications = .fixed(4)
        let full = try EngineFixtures.run(everything, population)
        Self.expectInRange(full, population, "every default on")
    }

    @Test func placesWithoutExitedHouseholdsHaveNoBreachFigure() throws {
        // Breaches count relapsed exited households: 耿马's villages hold only edge households
        // and nobody lives in a border village, so neither can breach — their breach figures
        // are undefined, not a zero that looks measured. 沧源's five exited households, each
        // alone in its village, relapse every year and breach with `min_households: 1`.
        var population = EngineFixtures.households(5) { $0.transfer = 1_000 }
        for i in 0..<5 {
            var h = Household(
                id: "g\(i)", county: .gengma, township: "gt", village: "gv\(i)", size: 1, laborers: 0, migrants: 0,
                status: .edge)
            h.transfer = 1_000
            population.append(h)
        }
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.largeScale.village.minHouseholds = 1
        scenario.largeScale.township.minHouseholds = 1
        let result = try EngineFixtures.run(scenario, population)
        let gengma = OutcomeGroup.county(.gengma)
        for outcome in result.materializedOutcomes[0] {
            for period in 0..<result.layout.periodCount {
                for metric in [Metric.villageBreaches, .townshipBreaches, .anyVillageBreach] {
                    #expect(outcome.value(metric, period: period, group: gengma).isNaN, "\(metric) \(period)")
                    #expect(outcome.value(metric, period: period, group: .county(.cangyuan)) > 0, "\(metric) \(period)")
                }
                #expect(outcome.value(.anyVillageBreach, period: period, group: .border).isNaN)
                #expect(outcome.value(.villageBreaches, period: period) > 0)
            }
        }
        // villages.csv and townships.csv: no probability, no interval, no rate there.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dixian-edge-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RunWriter.write(result, population: population, metadata: Self.metadata(), formats: [.csv], to: folder)
        let villages = try String(contentsOfFile: folder + "/villages.csv", encoding: .utf8)
        #expect(villages.contains("baseline,gengma,gt,gv0,,,,\n"), "\(villages)")
        #expect(villages.contains("baseline,cangyuan,t0,v0,1,"), "\(villages)")
        let townships = try String(contentsOfFile: folder + "/townships.csv", encoding: .utf8)
        #expect(townships.contains("baseline,gengma,gt,,,,\n"), "\(townships)")
    }

    @Test func villagesOfOneHouseholdBreachOnlyWhenTheThresholdAllowsOneHousehold() throws {
        // Five villages of one household each, every household relapsing every year. A
        // village breaches when its relapse rate is ≥ 10% *and* at least `min_households`
        // relapse: with the default 5, one household never suffices; with 1, every village
        // breaches every year.
        let population = EngineFixtures.households(5) { $0.transfer = 1_000 }
        var scenario = EngineFixtures.quietScenario(replications: 2)
        let none = try EngineFixtures.run(scenario, population)
        #expect(
            none.materializedOutcomes[0].allSatisfy { $0.value(.villageBreaches, period: none.layout.allPeriod) == 0 })
        scenario.largeScale.village.minHouseholds = 1
        let all = try EngineFixtures.run(scenario, population)
        for outcome in all.materializedOutcomes[0] {
            for year in 0..<5 {
                #expect(outcome.value(.villageBreaches, period: year) == 5)
                #expect(outcome.value(.anyVillageBreach, period: year) == 1)
            }
            #expect(outcome.value(.villageBreaches, period: all.layout.allPeriod) == 25)
        }
        #expect(all.places[0].villageBreaches == [2, 2, 2, 2, 2])
        Self.expectInRange(all, population)
    }

    @Test func aVillageAtExactlyTheThresholdRateBreaches() throws {
        // 100 exited households in one village and township, 7 of them below the poverty line
        // every year: a relapse rate of exactly 7%, which meets a threshold of 0.07 ("at
        // least θ"), though 0.07 × 100 is 7.000000000000001 in floating point. Likewise a
        // township at exactly 7%.
        var population = Population()
        for i in 0..<100 {
            var h = Household(
                id: "h\(i)", county: .cangyuan, township: "t0", village: "v0", size: 1, laborers: 0, migrants: 0,
                status: .exited)
            h.transfer = i < 7 ? 1_000 : 10_000
            population.append(h)
        }
        var scenario = EngineFixtures.quietScenario(replications: 1)
        scenario.largeScale.village = .init(rate: 0.07, minHouseholds: 5)
        scenario.largeScale.township = .init(rate: 0.07, minHouseholds: 5)
        let result = try EngineFixtures.run(scenario, population)
        for year in 0..<5 {
            #expect(result.materializedOutcomes[0][0].value(.villageBreaches, period: year) == 1)
            #expect(result.materializedOutcomes[0][0].value(.townshipBreaches, period: year) == 1)
        }
        // At 7.01% neither breaches.
        scenario.largeScale.village.rate = 0.0701
        scenario.largeScale.township.rate = 0.0701
        let above = try EngineFixtures.run(scenario, population)
        #expect(above.materializedOutcomes[0][0].value(.villageBreaches, period: above.layout.allPeriod) == 0)
        #expect(above.materializedOutcomes[0][0].value(.townshipBreaches, period: above.layout.allPeriod) == 0)
    }

    @Test func aCountyWithNoHouseholdsHasZerosAndNoUndefinedCounts() throws {
        // Every household in 沧源: the other seven counties have none. Their counts are 0 in
        // every replication (not NaN), their shares and breaches (no village to breach)
        // undefined, their spending 0; the written summary has their count rows with mean 0
        // and no "nan" anywhere.
        var scenario = Scenario()
        scenario.replications = .fixed(3)
        let population = EngineFixtures.households(40, size: 2, laborers: 1, migrants: 1) {
            $0.wageMigrant = 6_000
            $0.transfer = 1_500
        }
        let result = try EngineFixtures.run(scenario, population)
        Self.expectInRange(result, population)
        for outcome in result.materializedOutcomes[0] {
            for period in 0..<result.layout.periodCount {
                for metric in [
                    Metric.relapseHouseholds, .atRiskHouseholds, .monitoredHouseholds, .spendingTotal,
                ] {
                    #expect(outcome.value(metric, period: period, group: .county(.gengma)) == 0)
                }
                #expect(outcome.value(.foundShare, period: period, group: .county(.gengma)).isNaN)
                for item in SpendingItem.allCases {
                    #expect(outcome.spending(item, county: .linxiang, period: period) == 0)
                }
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dixian-edge-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RunWriter.write(
            result, population: population, metadata: Self.metadata(), formats: [.csv, .json], to: folder)
        let summary = try String(contentsOfFile: folder + "/summary.csv", encoding: .utf8)
        #expect(summary.contains("baseline,relapse_households,2021,county:gengma,0,0,0,0,0,0,0,0,0,3\n"))
        #expect(!summary.contains("county:gengma") || !summary.contains("found_share,2021,county:gengma"))
        for name in [
            "summary.csv", "summary.json", "replications.csv", "villages.csv", "townships.csv", "spending.csv",
            "causes.csv",
        ] {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).lowercased()
            #expect(!text.contains("nan") && !text.contains("inf"), "\(name)")
        }
    }

    @Test func noCommodityAtAllWithFullInsuranceAndBinding() throws {
        // Households that produce nothing (no `prod_` column: the population lists no
        // commodity) while agricultural insurance and 双绑 cover everyone, with price shocks
        // on: nothing to insure or bind, nothing paid, every figure in range.
        var scenario = Scenario()
        scenario.replications = .fixed(3)
        scenario.policies.agriInsurance.coverage = Keyed(1)
        scenario.policies.binding.share = 1
        var population = Population(commodities: [])
        for i in 0..<30 {
            var h = Household(
                id: "n\(i)", county: .gengma, township: "t0", village: "v\(i % 3)", size: 2, laborers: 1,
                migrants: 1,
                status: .exited)
            h.wageMigrant = 8_000
            population.append(h)
        }
        #expect(population.commodities.isEmpty)
        let result = try EngineFixtures.run(scenario, population)
        Self.expectInRange(result, population)
        let all = result.layout.allPeriod
        for outcome in result.materializedOutcomes[0] {
            #expect(outcome.spending(.agriInsurance, county: .gengma, period: all) == 0)
            #expect(outcome.spending(.binding, county: .gengma, period: all) == 0)
        }
    }

    // MARK: Probabilities 0 and 1

    @Test func jobLossCertainAndReemploymentCertainAlternateMonthByMonth() throws {
        // h = 1, r = 1 (MODEL.md §3.3): employed at the start, the migrant loses the job in
        // January, finds one in February, loses it in March…: six months earned a year.
        // 12,600 a year of migrant wages (1,050 a month) and 2,000 of transfers for two
        // persons: six months give 8,300 (4,150 each, no relapse), five would give 3,625.
        // 11,400 a year: six months give 3,850 each (relapse), seven would give 4,325.
        // So A never relapses and B always does iff exactly six months are earned.
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.shocks.labor.jobLossMonthly = 1
        scenario.shocks.labor.reemploymentMonthly = 1
        var population = EngineFixtures.households(6, size: 2, laborers: 1, migrants: 1) {
            $0.wageMigrant = 12_600
            $0.transfer = 2_000
        }
        for i in 0..<4 {
            var h = Household(
                id: "b\(i)", county: .cangyuan, township: "t0", village: "b\(i)", size: 2, laborers: 1,
                migrants: 1,
                status: .exited)
            h.wageMigrant = 11_400
            h.transfer = 2_000
            population.append(h)
        }
        let result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for year in 0..<5 { #expect(outcome.value(.relapseHouseholds, period: year) == 4) }
        }

        // h = 1, r = 0: the job is lost in the first January for good; only transfers remain.
        scenario.shocks.labor.reemploymentMonthly = 0
        let never = try EngineFixtures.run(scenario, population)
        for outcome in never.materializedOutcomes[0] {
            for year in 0..<5 { #expect(outcome.value(.relapseHouseholds, period: year) == 10) }
        }
        // h = 0: never lost, twelve months earned; nobody relapses.
        scenario.shocks.labor.jobLossMonthly = 0
        let always = try EngineFixtures.run(scenario, population)
        #expect(
            always.materializedOutcomes[0].allSatisfy {
                $0.value(.relapseHouseholds, period: always.layout.allPeriod) == 0
            })
    }

    @Test func aCertainPriceCrashEveryYearHalvesTheHarvestsValueYearAfterYear() throws {
        // Crash probability 1 with a fixed size 0.5 and no other price movement: the price
        // index is 0.5^(t − 2020). 9,000 of tea alone: 4,500 in 2021 (at risk, no relapse),
        // 2,250 in 2022 and less afterwards (relapse). Probability 0: 9,000 every year.
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.shocks.prices.crashProbability = Keyed(1)
        scenario.shocks.prices.crashSize = .fixed(value: 0.5)
        let population = EngineFixtures.households(8) { $0.production = ["tea": 9_000] }
        let result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            #expect(outcome.value(.relapseHouseholds, period: 0) == 0)
            #expect(outcome.value(.atRiskHouseholds, period: 0) == 8)
            for year in 1..<5 { #expect(outcome.value(.relapseHouseholds, period: year) == 8) }
        }
        scenario.shocks.prices.crashProbability = Keyed(0)
        let none = try EngineFixtures.run(scenario, population)
        #expect(
            none.materializedOutcomes[0].allSatisfy { $0.value(.atRiskHouseholds, period: none.layout.allPeriod) == 0 })
    }

    @Test func certainDiscoveryFindsEveryoneAtRiskAndNoDiscoveryNobody() throws {
        // Monitoring on, nothing else: households at 5,000 are at risk (below 6,000) from
        // January. Cadre visits that always find (p = 1) monitor every one of them by year
        // end: found share 1. Visits and self-reports that never find (p = 0), no
        // screening: found share 0 and nobody monitored.
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.policies.monitoring.enabled = true
        scenario.policies.monitoring.cadreMonthly = 1
        scenario.policies.monitoring.selfReportMonthly = 0
        scenario.policies.monitoring.screening.months = []
        let population = EngineFixtures.households(9) { $0.transfer = 5_000 }
        let found = try EngineFixtures.run(scenario, population)
        for outcome in found.materializedOutcomes[0] {
            for year in 0..<5 {
                #expect(outcome.value(.foundShare, period: year) == 1)
                #expect(outcome.value(.monitoredHouseholds, period: year) == 9)
            }
        }
        scenario.policies.monitoring.cadreMonthly = 0
        let missed = try EngineFixtures.run(scenario, population)
        for outcome in missed.materializedOutcomes[0] {
            for year in 0..<5 {
                #expect(outcome.value(.foundShare, period: year) == 0)
                #expect(outcome.value(.monitoredHouseholds, period: year) == 0)
            }
        }
    }

    /// Every probability of the scenario reference set to exactly 0 and to exactly 1, one
    /// at a time, in a scenario file on top of every default, on a mixed population: each
    /// loads and runs, and the run keeps its invariants (no trap, NaN or infinity from a
    /// log(1 − p), a division by p or a geometric waiting time).
    static let probabilityKeys = [
        "shocks.prices.crash.probability", "shocks.disasters.earthquake.affected_share",
        "shocks.disasters.earthquake.house_damage.probability",
        "shocks.disasters.earthquake.injury.probability",
        "shocks.disasters.drought.affected_share", "shocks.labor.job_loss_monthly",
        "shocks.labor.reemployment_monthly", "shocks.labor.downturn.probability",
        "shocks.labor.epidemic.probability", "shocks.labor.epidemic.local_wage_cut",
        "shocks.illness.disability_per_laborer", "policies.monitoring.cadre_monthly",
        "policies.monitoring.self_report_monthly", "policies.monitoring.screening.sensitivity",
        "policies.medical.take_up", "policies.agri_insurance.coverage", "policies.binding.share",
        "policies.relapse_insurance.coverage", "large_scale.village.rate", "large_scale.township.rate",
    ]

    @Test(arguments: [0.0, 1.0]) func everyProbabilityAtZeroAndOne(_ p: Double) throws {
        let population = EngineFixtures.mixedPopulation(120)
        for key in Self.probabilityKeys {
            // The value set as a patch is checked exactly as if written in the file.
            let text =
                "name: edge\nreplications: 3\nshocks: {disasters: [{hazard: earthquake}, {hazard: drought}]}\n"
            var overrides: [LoadedScenario.Override] = [.init(keyPath: key, value: .number(p))]
            if key == "shocks.labor.reemployment_monthly" && p == 1 {
                // r + the employment policy's boost may not exceed 1.
                overrides.append(.init(keyPath: "policies.employment.reemployment_boost", value: .number(0)))
            }
            let loaded = try ScenarioLoader.load(text: text, file: "edge.yaml").applying(overrides)
            let result = try EngineFixtures.run(loaded.scenario, population)
            Self.expectInRange(result, population, "\(key) = \(p)")
        }
    }

    @Test func aCertainDisasterEveryYearTakesEveryHarvest() throws {
        // Rate 365 a year (the most a scenario allows), every village and every household
        // hit (footprint and affected share 1), loss 1: the chance of a year without an
        // event is e^(−365). 9,000 of tea and 3,000 of transfers: 3,000 remain, relapse.
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.shocks.disasters = [
            Hazard(
                name: "flood", rate: Keyed(365), footprint: .fixed(value: 1), affectedShare: 1,
                loss: .fixed(value: 1))
        ]
        let population = EngineFixtures.households(6) {
            $0.production = ["tea": 9_000]
            $0.transfer = 3_000
        }
        let result = try EngineFixtures.run(scenario, population)
        for outcome in result.materializedOutcomes[0] {
            for year in 0..<5 { #expect(outcome.value(.relapseHouseholds, period: year) == 6) }
            // Causes over the horizon count household-years: 6 households × 5 years.
            #expect(outcome.relapses(cause: .disaster, period: result.layout.allPeriod) == 30)
        }
    }

    // MARK: Horizon and replications

    @Test func aOneYearHorizonAndADrillInItsLastMonth() throws {
        // The shortest horizon MODEL.md allows is one year (`years: {start, end}` with
        // start = end): twelve months. A drill whose only event falls in December has one
        // month of timeline (drill.csv starts at the first event).
        var scenario = EngineFixtures.quietScenario(replications: 2)
        scenario.years = YearRange(start: 2021, end: 2021)
        scenario.shocks.disasters = [EngineFixtures.drillHazard()]
        scenario.drill = Drill(events: [EngineFixtures.drillDisaster(year: 2021, month: 12, loss: 1)])
        let population = EngineFixtures.households(5) {
            $0.production = ["tea": 9_000]
            $0.transfer = 1_000
        }
        let result = try EngineFixtures.run(scenario, population)
        #expect(result.layout.years == [2021])
        #expect(result.layout.periodCount == 2)
        for outcome in result.materializedOutcomes[0] {
            // The harvest is lost whatever the month: relapse in the single year and in `all`.
            #expect(outcome.value(.relapseHouseholds, period: 0) == 5)
            #expect(outcome.value(.relapseHouseholds, period: 1) == 5)
            #expect(outcome.monthly(.relapsing, yearIndex: 0, month: 11) == 5)
            #expect(outcome.monthly(.relapsing, yearIndex: 0, month: 10) == 0)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dixian-edge-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RunWriter.write(
            result, population: population, metadata: Self.metadata(), formats: [.csv], drillStart: 11,
            to: folder)
        let drill = try String(contentsOfFile: folder + "/drill.csv", encoding: .utf8).split(separator: "\n")
        #expect(drill.count == 2)
        #expect(drill.last?.hasPrefix("baseline,2021,12,") == true)
    }

    @Test func oneReplicationLeavesIntervalsEmptyNotNaN() throws {
        // sd, se and the t-interval need two replications: with one they are nil — empty in
        // summary.csv, null in summary.json — while the mean and quantiles are the value.
        let population = EngineFixtures.mixedPopulation(60)
        var scenario = Scenario()
        scenario.replications = .fixed(1)
        let result = try EngineFixtures.run(scenario, population)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dixian-edge-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RunWriter.write(
            result, population: population, metadata: Self.metadata(), formats: [.csv, .json], to: folder)
        let summary = try String(contentsOfFile: folder + "/summary.csv", encoding: .utf8)
        let row = summary.split(separator: "\n").first {
            $0.hasPrefix("baseline,relapse_households,2021,all,")
        }
        let fields =
            row.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        #expect(fields.count == 14)
        let value = result.materializedOutcomes[0][0].value(.relapseHouseholds, period: 0)
        #expect(fields.count == 14 && fields[4] == ScenarioValue.format(value))
        #expect(
            fields.count == 14 && fields[5...8].allSatisfy(\.isEmpty), "sd, se, ci_low, ci_high: \(fields)")
        #expect(fields.count == 14 && fields[9...12].allSatisfy { $0 == ScenarioValue.format(value) })
        #expect(fields.last == "1", "replications: \(fields)")
        let json = try String(contentsOfFile: folder + "/summary.json", encoding: .utf8)
        #expect(json.contains("\"sd\":null,\"se\":null,\"ci_low\":null,\"ci_high\":null"))
        for name in [
            "summary.csv", "summary.json", "spending.csv", "villages.csv", "townships.csv", "exceedance.csv",
            "causes.csv",
        ] {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).lowercased()
            #expect(!text.contains("nan") && !text.contains("inf"), "\(name)")
        }
        // An event's exact interval needs one trial only: given (sd and se are not).
        let breach =
            summary.split(separator: "\n").first { $0.hasPrefix("baseline,any_village_breach,all,all,") }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        #expect(
            breach.count == 14 && breach[5].isEmpty && breach[6].isEmpty && !breach[7].isEmpty
                && !breach[8].isEmpty)
    }

    static func metadata() -> RunMetadata {
        RunMetadata(
            scenarioName: "edge", resolvedScenario: "{}", seed: 2_385, programVersion: "0.0.0-test",
            gslVersion: "2.7",
            generator: "mt19937", threads: 1, startTime: Date(timeIntervalSince1970: 0),
            endTime: Date(timeIntervalSince1970: 1), commandLine: ["dixian"])
    }
}

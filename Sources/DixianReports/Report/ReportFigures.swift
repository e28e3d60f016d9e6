import DixianEngine
import DixianModel

/// The figures `report.html` shows, computed from a ``RunResult`` the same way as the
/// CSV files (``SummaryTable``, ``VillagesTable``, ``CausesTable``, ``SpendingTable``),
/// so that the page and the files never disagree.
struct ReportFigures {
    /// One variant's figures.
    struct Variant {
        var name: String
        /// `relapse_households`, group `all`, one per simulated year.
        var relapseByYear: [SummaryStatistics]
        /// Households relapsed at least once over the horizon (`all`).
        var relapseAll: SummaryStatistics
        /// Relapsing households of every replication-year, pooled.
        var yearlyRelapse: [Double]
        /// `any_village_breach` over the horizon: a probability with its exact interval; nil
        /// when undefined (no village has an exited household, MODEL.md §5).
        var anyVillageBreach: SummaryStatistics?
        /// Replications in which some township breached in some year.
        var townshipBreachReplications: Int
        /// Village-years in breach over the horizon (nil when undefined, as above).
        var villageBreachYears: SummaryStatistics?
        /// Households relapsed at least once, per county, in ``County/allCases`` order.
        var counties: [(county: County, stats: SummaryStatistics)]
        /// Mean household-years per cause over the horizon, and shares; ``RelapseCause/allCases`` order.
        var causes: [(cause: RelapseCause, mean: Double, share: Double?)]
        /// Total spending over the horizon per item, summed over counties.
        var spendingByItem: [(item: SpendingItem, stats: SummaryStatistics)]
        /// Total spending over the horizon per county, summed over items.
        var spendingByCounty: [(county: County, stats: SummaryStatistics)]
        var spendingTotal: SummaryStatistics
        /// Mean spending per item, county and year (period index), for budgets.
        var meanSpending: (SpendingItem, County, Int) -> Double
        /// Spending per item, county and year (period index) in every replication, for budgets.
        var spendingColumn: (SpendingItem, County, Int) -> [Double]
    }

    /// A paired difference of a variant against its baseline (common random numbers).
    struct Difference {
        var variant: String
        /// The variant it is compared with (its `baseline:`, else the first).
        var baseline: String
        /// Per period (years, then `all`): relapse households, variant − baseline.
        var relapse: [SummaryStatistics]
        /// Spending over the horizon, variant − baseline.
        var cost: SummaryStatistics
        /// P(any village breach) of the variant (nil when undefined).
        var breach: SummaryStatistics?
        /// Relapse households and spending over the whole horizon against the first variant
        /// (the cost-effect plane's, whose ring is the first); those above when it is the baseline.
        var relapseAgainstFirst: SummaryStatistics
        var costAgainstFirst: SummaryStatistics

        /// Whether the whole-horizon difference in relapses cannot be told from zero (its 95%
        /// interval holds 0); nil without an interval (one replication).
        var indistinguishableFromZero: Bool? {
            let all = relapse[relapse.count - 1]
            guard let low = all.ciLow, let high = all.ciHigh else { return nil }
            return low <= 0 && 0 <= high
        }
    }

    /// A village or township in a ranked table.
    struct Place {
        var index: Int
        var county: County
        /// A village's township (nil for a township).
        var township: String?
        var code: String
        var exited: Int
        /// Per variant: breach probability with its exact interval, and mean yearly relapse rate.
        var probability: [Double]
        var low: Double
        var high: Double
        var rate: Double?
    }

    var years: [Int]
    var replications: Int
    /// The first replication's number (a shard's range starts where its part of the run does).
    var firstReplication: Int
    var variants: [Variant]
    var differences: [Difference]
    /// Exited households per county (the denominators of the county shares).
    var exitedByCounty: [County: Int]
    var villageCount: Int
    /// Households in the population.
    var householdCount: Int
    /// The villages ranked by the first variant's breach probability (then mean relapse rate).
    var rankedVillages: [Place]
    var townshipCount: Int
    /// The townships ranked likewise.
    var rankedTownships: [Place]
    /// For a drill, per variant, its months from the first event (the rows of `drill.csv`);
    /// empty lists otherwise.
    var drill: [[DrillTable.Month]]

    init(result: RunResult, population: Population, villagesShown: Int = 20, drillStart: Int = 0, baselines: [Int] = []) {
        let layout = result.layout
        years = layout.years
        replications = result.replications.count
        firstReplication = result.replications.lowerBound
        let all = layout.allPeriod

        func stats(_ values: [Double], event: Bool = false) -> SummaryStatistics {
            let defined = values.filter { !$0.isNaN }
            return SummaryStatistics(defined.isEmpty ? [0] : defined, isEvent: event)
        }
        func stats(_ v: Int, event: Bool = false, _ figure: Int) -> SummaryStatistics {
            stats(result.column(v, figure), event: event)
        }
        /// Nil when the figure is undefined in every replication (summary.csv has no row).
        func definedStats(_ v: Int, event: Bool = false, _ figure: Int) -> SummaryStatistics? {
            let column = result.column(v, figure)
            return column.allSatisfy(\.isNaN) ? nil : stats(column, event: event)
        }
        let n = result.replications.count

        variants = result.variantNames.enumerated().map { v, name in
            let yearly = layout.years.indices.map { y in result.column(v, layout.figure(.relapseHouseholds, period: y)) }
            let byYear = yearly.map { stats($0) }
            // Replication by replication, year by year.
            var pooled: [Double] = []
            for r in 0..<n {
                for y in layout.years.indices where !yearly[y][r].isNaN { pooled.append(yearly[y][r]) }
            }
            let causeMeans = RelapseCause.allCases.map { cause in
                n == 0 ? 0 : CompensatedSum.of(result.column(v, layout.figure(relapses: cause, period: all))) / Double(n)
            }
            let causeTotal = CompensatedSum.of(causeMeans)
            // Spending, read in the figures' order (item × county × period): the yearly means,
            // and per replication the horizon's totals per item (over counties) and per county
            // (over items), each a compensated sum in the order of the other.
            var columns = result.columnCursor(v)
            var means: [SpendingItem: [County: [Double]]] = [:]
            var itemTotals: [[Double]] = []
            var countyTotals = County.allCases.map { _ in [CompensatedSum](repeating: CompensatedSum(), count: n) }
            for item in SpendingItem.allCases {
                var itemTotal = [CompensatedSum](repeating: CompensatedSum(), count: n)
                for (c, county) in County.allCases.enumerated() {
                    means[item, default: [:]][county] = layout.years.indices.map { y in
                        CompensatedSum.of(columns.column(layout.figure(spending: item, county: county, period: y)))
                            / Double(max(1, n))
                    }
                    let horizon = columns.column(layout.figure(spending: item, county: county, period: all))
                    for r in 0..<n {
                        itemTotal[r].add(horizon[r])
                        // By county as spending_total counts it (not anti-relapse insurance's payouts).
                        if item.countsInTotal { countyTotals[c][r].add(horizon[r]) }
                    }
                }
                itemTotals.append(itemTotal.map(\.value))
            }
            let frozen = means
            let townships = result.column(v, layout.figure(.townshipBreaches, period: all))
            return Variant(
                name: name, relapseByYear: byYear,
                relapseAll: stats(v, layout.figure(.relapseHouseholds, period: all)),
                yearlyRelapse: pooled,
                anyVillageBreach: definedStats(v, event: true, layout.figure(.anyVillageBreach, period: all)),
                townshipBreachReplications: townships.filter { $0 > 0 }.count,
                villageBreachYears: definedStats(v, layout.figure(.villageBreaches, period: all)),
                counties: County.allCases.map { c in
                    (c, stats(v, layout.figure(.relapseHouseholds, period: all, group: .county(c))))
                },
                causes: zip(RelapseCause.allCases, causeMeans).map { ($0, $1, causeTotal > 0 ? $1 / causeTotal : nil) },
                spendingByItem: zip(SpendingItem.allCases, itemTotals).map { ($0, stats($1)) },
                spendingByCounty: zip(County.allCases, countyTotals).map { c, totals in (c, stats(totals.map(\.value))) },
                spendingTotal: stats(v, layout.figure(.spendingTotal, period: all)),
                meanSpending: { item, county, year in frozen[item]?[county]?[year] ?? 0 },
                spendingColumn: { item, county, year in
                    result.column(v, layout.figure(spending: item, county: county, period: year))
                })
        }

        differences = result.variantNames.indices.dropFirst().map { v in
            let b = v < baselines.count && baselines[v] != v && baselines[v] < result.variantNames.count ? baselines[v] : 0
            func paired(_ figure: Int, against b: Int = b) -> SummaryStatistics {
                let d = zip(result.column(v, figure), result.column(b, figure)).map { $0 - $1 }.filter { !$0.isNaN }
                return SummaryStatistics(d.isEmpty ? [0] : d)
            }
            return Difference(
                variant: result.variantNames[v], baseline: result.variantNames[b],
                relapse: (0..<layout.periodCount).map { p in paired(layout.figure(.relapseHouseholds, period: p)) },
                cost: paired(layout.figure(.spendingTotal, period: all)),
                breach: definedStats(v, event: true, layout.figure(.anyVillageBreach, period: all)),
                relapseAgainstFirst: paired(layout.figure(.relapseHouseholds, period: all), against: 0),
                costAgainstFirst: paired(layout.figure(.spendingTotal, period: all), against: 0))
        }

        drill = result.variantNames.indices.map { DrillTable.months(result, variant: $0, start: drillStart) }

        var exited: [County: Int] = [:]
        for h in population.indices where population.status[h] == .exited {
            exited[population.geography.townships[Int(population.geography.villages[Int(population.village[h])].township)].county, default: 0] += 1
        }
        exitedByCounty = exited

        let geography = population.geography
        villageCount = geography.villages.count
        householdCount = population.count
        townshipCount = geography.townships.count
        let exitedByVillage = VillagesTable.exitedHouseholds(population)
        let exitedByTownship = TownshipsTable.exitedHouseholds(population)
        let years = layout.years.count
        rankedVillages = Self.ranked(
            VillagesTable.order(geography), shown: villagesShown, exited: exitedByVillage, years: years, replications: n,
            breaches: result.places.map(\.villageBreaches), relapsed: result.places.map(\.villageRelapsed)
        ) { village in
            let township = geography.townships[Int(geography.villages[village].township)]
            return (township.county, township.code, geography.villages[village].code)
        }
        rankedTownships = Self.ranked(
            TownshipsTable.order(geography), shown: villagesShown, exited: exitedByTownship, years: years,
            replications: n, breaches: result.places.map(\.townshipBreaches),
            relapsed: result.places.map(\.townshipRelapsed)
        ) { t in (geography.townships[t].county, nil, geography.townships[t].code) }
    }

    /// The first `shown` places of `order` as the first variant's ``BreachRanking`` orders them;
    /// `breaches` and `relapsed` per variant and place.
    private static func ranked(
        _ order: [Int], shown: Int, exited: [Int], years: Int, replications n: Int, breaches: [[Int32]],
        relapsed: [[Int64]], describe: (Int) -> (county: County, township: String?, code: String)
    ) -> [Place] {
        func rate(_ v: Int, _ place: Int) -> Double? {
            let exposure = Double(exited[place]) * Double(years) * Double(n)
            return exposure > 0 ? Double(relapsed[v][place]) / exposure : nil
        }
        let ranked = BreachRanking.ranked(order, breaches: breaches[0], relapsed: relapsed[0], exited: exited).prefix(shown)
        return ranked.map { place in
            let (county, township, code) = describe(place)
            let interval = BinomialInterval.exact(successes: Int(breaches[0][place]), trials: n)
            return Place(
                index: place, county: county, township: township, code: code, exited: exited[place],
                probability: breaches.map { Double($0[place]) / Double(n) }, low: interval.low, high: interval.high,
                rate: rate(0, place))
        }
    }
}

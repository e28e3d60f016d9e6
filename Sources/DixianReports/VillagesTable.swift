import DixianEngine
import DixianModel

/// `villages.csv`: each village's probability of a large-scale relapse (规模性返贫) and its
/// mean relapse rate, per variant (MODEL.md §5).
///
/// - `breach_probability` = replications in which the village breached in at least one
///   year / replications, with the exact (Clopper–Pearson) 95% interval; empty, as the
///   interval, for a village without exited households, which cannot breach.
/// - `mean_relapse_rate` = relapsed household-years / (exited households × years ×
///   replications): the mean yearly share of the village's exited households that
///   relapse. Empty for a village without exited households.
///
/// Villages are grouped by county in ``County/allCases`` order; within a county they
/// follow the population's order of townships, then of villages (first appearance in
/// the household file). Nothing is sorted by value.
public enum VillagesTable {
    static let columns = [
        "variant", "county", "township", "village", "breach_probability", "ci_low", "ci_high", "mean_relapse_rate",
    ]

    /// Village indices in output order.
    public static func order(_ geography: Geography) -> [Int] {
        let countyRank = Dictionary(uniqueKeysWithValues: County.allCases.enumerated().map { ($1, $0) })
        return geography.villages.indices.sorted { a, b in
            let ta = Int(geography.villages[a].township)
            let tb = Int(geography.villages[b].township)
            let ka = (countyRank[geography.townships[ta].county]!, ta, a)
            let kb = (countyRank[geography.townships[tb].county]!, tb, b)
            return ka < kb
        }
    }

    /// Exited households (脱贫户) per village, in the population's village order.
    public static func exitedHouseholds(_ population: Population) -> [Int] {
        var exited = [Int](repeating: 0, count: population.geography.villages.count)
        for h in population.indices where population.status[h] == .exited {
            exited[Int(population.village[h])] += 1
        }
        return exited
    }

    static func rows(_ result: RunResult, population: Population, _ emit: ([Cell]) throws -> Void) rethrows {
        let geography = population.geography
        try placeRows(
            result, order: order(geography), exited: exitedHouseholds(population), breaches: \.villageBreaches,
            relapsed: \.villageRelapsed,
            codes: { village in
                let place = geography.villages[village]
                let township = geography.townships[Int(place.township)]
                return [.text(township.county.rawValue), .text(township.code), .text(place.code)]
            }, emit)
    }

    /// The rows of `villages.csv` or `townships.csv`: per variant and place in `order`, the
    /// place's codes, then its `breach_probability`, `ci_low`, `ci_high` and
    /// `mean_relapse_rate` (empty without exited households) from its tallies.
    static func placeRows(
        _ result: RunResult, order: [Int], exited: [Int], breaches: KeyPath<PlaceTally, [Int32]>,
        relapsed: KeyPath<PlaceTally, [Int64]>, codes: (Int) -> [Cell], _ emit: ([Cell]) throws -> Void
    ) rethrows {
        let replications = result.replications.count
        let years = result.layout.years.count
        for (v, variant) in result.variantNames.enumerated() {
            let tally = result.places[v]
            for place in order {
                let count = Int(tally[keyPath: breaches][place])
                let interval = BinomialInterval.exact(successes: count, trials: replications)
                let exposure = Double(exited[place]) * Double(years) * Double(replications)
                // A place without exited households cannot breach: nothing to estimate.
                let possible = exited[place] > 0
                try emit(
                    [.text(variant)] + codes(place) + [
                        .number(possible ? Double(count) / Double(replications) : nil),
                        .number(possible ? interval.low : nil), .number(possible ? interval.high : nil),
                        .number(exposure > 0 ? Double(tally[keyPath: relapsed][place]) / exposure : nil),
                    ])
            }
        }
    }
}

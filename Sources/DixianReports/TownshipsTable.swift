import DixianEngine
import DixianModel

/// `townships.csv`: each township's probability of a large-scale relapse (规模性返贫) and
/// its mean relapse rate, per variant (MODEL.md §5), as `villages.csv` gives them for
/// villages.
///
/// - `breach_probability` = replications in which the township breached (at least
///   `θ_township` of its exited households and at least `k_township` of them relapsed)
///   in at least one year / replications, with the exact (Clopper–Pearson) 95% interval.
/// - `mean_relapse_rate` = relapsed household-years / (exited households × years ×
///   replications). Empty for a township without exited households.
///
/// Townships are grouped by county in ``County/allCases`` order; within a county they
/// follow the population's order (first appearance in the household file).
enum TownshipsTable {
    static let columns = [
        "variant", "county", "township", "breach_probability", "ci_low", "ci_high", "mean_relapse_rate",
    ]

    /// Township indices in output order.
    static func order(_ geography: Geography) -> [Int] {
        let countyRank = Dictionary(uniqueKeysWithValues: County.allCases.enumerated().map { ($1, $0) })
        return geography.townships.indices.sorted { a, b in
            (countyRank[geography.townships[a].county]!, a) < (countyRank[geography.townships[b].county]!, b)
        }
    }

    /// Exited households (脱贫户) per township, in the population's township order.
    static func exitedHouseholds(_ population: Population) -> [Int] {
        let geography = population.geography
        var exited = [Int](repeating: 0, count: geography.townships.count)
        for (village, count) in VillagesTable.exitedHouseholds(population).enumerated() {
            exited[Int(geography.villages[village].township)] += count
        }
        return exited
    }

    static func rows(_ result: RunResult, population: Population, _ emit: ([Cell]) throws -> Void) rethrows {
        let geography = population.geography
        try VillagesTable.placeRows(
            result, order: order(geography), exited: exitedHouseholds(population), breaches: \.townshipBreaches,
            relapsed: \.townshipRelapsed,
            codes: { t in [.text(geography.townships[t].county.rawValue), .text(geography.townships[t].code)] }, emit)
    }
}

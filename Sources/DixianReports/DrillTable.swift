import DixianEngine
import DixianModel

/// `drill.csv`: a drill month by month, from the month of its first event to the end of
/// the horizon (MODEL.md §6): one row per `variant, year, month` with the mean over
/// replications of each ``DrillMetric`` and its 95% t-interval, plus the households found
/// and helped and the spending since the first event (cumulative, with intervals), and the
/// mean households at risk in each county (`at_risk_households_<county>`) and the mean
/// spending of each payer in the month (`spending_<instrument>`), to set against budgets.
enum DrillTable {
    static var columns: [String] {
        var names = ["variant", "year", "month"]
        for metric in DrillMetric.allCases {
            names += [metric.rawValue, metric.rawValue + "_ci_low", metric.rawValue + "_ci_high"]
        }
        for name in cumulative.map(\.name) { names += [name, name + "_ci_low", name + "_ci_high"] }
        names += County.allCases.map { "at_risk_households_\($0.rawValue)" }
        names += SpendingItem.allCases.map { "spending_\($0.rawValue)" }
        return names
    }

    /// The running totals reported since the drill's first event.
    static let cumulative: [(name: String, metric: DrillMetric)] = [
        ("found_since_start", .found), ("helped_since_start", .helped), ("spending_since_start", .spending),
    ]

    /// - Parameter start: the first month of the drill, counted from January of the first simulated year.
    static func rows(_ result: RunResult, start: Int, _ emit: ([Cell]) throws -> Void) rethrows {
        let months = result.layout.years.count * 12
        for (v, variant) in result.variantNames.enumerated() {
            let outcomes = result.outcomes[v]
            guard let first = outcomes.first, !first.monthly.isEmpty else { continue }
            var running = Array(repeating: [Double](repeating: 0, count: outcomes.count), count: cumulative.count)
            for absolute in max(0, start)..<months {
                let (y, month) = (absolute / 12, absolute % 12)
                var cells: [Cell] = [.text(variant), .text(String(result.layout.years[y])), .integer(month + 1)]
                for metric in DrillMetric.allCases {
                    let s = SummaryStatistics(outcomes.map { $0.monthly(metric, yearIndex: y, month: month) })
                    cells += [.number(s.mean), .number(s.ciLow), .number(s.ciHigh)]
                }
                for (k, item) in cumulative.enumerated() {
                    for r in outcomes.indices { running[k][r] += outcomes[r].monthly(item.metric, yearIndex: y, month: month) }
                    let s = SummaryStatistics(running[k])
                    cells += [.number(s.mean), .number(s.ciLow), .number(s.ciHigh)]
                }
                for county in County.allCases {
                    let total = outcomes.reduce(0) { $0 + $1.monthlyAtRisk(county: county, yearIndex: y, month: month) }
                    cells.append(.number(total / Double(outcomes.count)))
                }
                for item in SpendingItem.allCases {
                    let total = outcomes.reduce(0) { $0 + $1.monthlySpending(item, yearIndex: y, month: month) }
                    cells.append(.number(total / Double(outcomes.count)))
                }
                try emit(cells)
            }
        }
    }
}

import DixianEngine
import DixianModel

/// `drill.csv`: a drill month by month, from the month of its first event to the end of
/// the horizon (MODEL.md §6): one row per `variant, year, month` with the mean over
/// replications of each ``DrillMetric`` and its 95% t-interval, plus the households found
/// and helped and the spending since the first event (cumulative, with intervals), and the
/// mean households at risk and heading for relapse in each county
/// (`at_risk_households_<county>`, `relapsing_households_<county>`) and the mean
/// spending of each payer in the month (`spending_<instrument>`), to set against budgets.
///
/// The drill timeline of `report.html` draws the same ``Month`` values.
enum DrillTable {
    /// One month of one variant: the figures of one row of `drill.csv`.
    struct Month {
        /// Index of the simulated year (0 = the first) and month in it (0 = January).
        var yearIndex: Int
        var month: Int
        /// Per ``DrillMetric`` (in `allCases` order): mean over replications and 95% t-interval.
        var metrics: [SummaryStatistics]
        /// Per ``cumulative`` entry: the running total since the drill's start, summarised.
        var cumulative: [SummaryStatistics]
        /// Mean households at risk per county, ``County/allCases`` order.
        var atRiskByCounty: [Double]
        /// Mean exited households heading for relapse per county, ``County/allCases`` order.
        var relapsingByCounty: [Double]
        /// Mean spending in the month per item, ``SpendingItem/allCases`` order, yuan.
        var spendingByItem: [Double]

        subscript(_ metric: DrillMetric) -> SummaryStatistics {
            metrics[DrillMetric.allCases.firstIndex(of: metric)!]
        }
    }

    static var columns: [String] {
        var names = ["variant", "year", "month"]
        for metric in DrillMetric.allCases {
            names += [metric.rawValue, metric.rawValue + "_ci_low", metric.rawValue + "_ci_high"]
        }
        for name in cumulative.map(\.name) { names += [name, name + "_ci_low", name + "_ci_high"] }
        names += County.allCases.map { "at_risk_households_\($0.rawValue)" }
        names += County.allCases.map { "relapsing_households_\($0.rawValue)" }
        names += SpendingItem.allCases.map { "spending_\($0.rawValue)" }
        return names
    }

    /// The running totals reported since the drill's first event.
    static let cumulative: [(name: String, metric: DrillMetric)] = [
        ("found_since_start", .found), ("helped_since_start", .helped), ("relapsed_since_start", .firstRelapsing),
        ("spending_since_start", .spending),
    ]

    /// - Parameter start: the first month of the drill, counted from January of the first simulated year.
    static func rows(_ result: RunResult, start: Int, _ emit: ([Cell]) throws -> Void) rethrows {
        for (v, variant) in result.variantNames.enumerated() {
            for m in months(result, variant: v, start: start) {
                var cells: [Cell] = [.text(variant), .text(String(result.layout.years[m.yearIndex])), .integer(m.month + 1)]
                for s in m.metrics + m.cumulative { cells += [.number(s.mean), .number(s.ciLow), .number(s.ciHigh)] }
                cells += (m.atRiskByCounty + m.relapsingByCounty).map { .number($0) }
                cells += m.spendingByItem.map { .number($0) }
                try emit(cells)
            }
        }
    }

    /// The months of variant `v` from `start` (months from January of the first simulated
    /// year) to the end of the horizon; empty when the run was not a drill.
    static func months(_ result: RunResult, variant v: Int, start: Int) -> [Month] {
        let layout = result.layout
        let n = result.replications.count
        guard result.hasMonthly, n > 0 else { return [] }
        let count = layout.years.count * 12
        var running = Array(repeating: [Double](repeating: 0, count: n), count: cumulative.count)
        return (min(max(0, start), count)..<count).map { absolute in
            let (y, month) = (absolute / 12, absolute % 12)
            // The month's figures are consecutive: one pass reads them all.
            let figures = layout.monthFigures(yearIndex: y, month: month)
            let columns = result.columns(v, figures)
            func column(_ figure: Int) -> [Double] { columns[figure - figures.lowerBound] }
            let metrics = DrillMetric.allCases.map { metric in
                SummaryStatistics(column(layout.figure(metric, yearIndex: y, month: month)))
            }
            let totals = cumulative.indices.map { k in
                let values = column(layout.figure(cumulative[k].metric, yearIndex: y, month: month))
                for r in 0..<n { running[k][r] += values[r] }
                return SummaryStatistics(running[k])
            }
            let atRisk = County.allCases.map { county in
                column(layout.figure(atRisk: county, yearIndex: y, month: month)).reduce(0, +) / Double(n)
            }
            let relapsing = County.allCases.map { county in
                column(layout.figure(relapsing: county, yearIndex: y, month: month)).reduce(0, +) / Double(n)
            }
            let spending = SpendingItem.allCases.map { item in
                column(layout.figure(monthlySpending: item, yearIndex: y, month: month)).reduce(0, +) / Double(n)
            }
            return Month(
                yearIndex: y, month: month, metrics: metrics, cumulative: totals, atRiskByCounty: atRisk,
                relapsingByCounty: relapsing, spendingByItem: spending)
        }
    }
}

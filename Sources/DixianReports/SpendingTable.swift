import DixianEngine
import DixianModel

/// `spending.csv`: policy spending in yuan per payer (``SpendingItem``) and county, per
/// variant and period: the mean over replications with its 95% t-interval. For `all`,
/// the total over the years.
///
/// Rows follow variant, then period, then ``County/allCases``, then
/// ``SpendingItem/allCases``: every combination, zeros included.
enum SpendingTable {
    static let columns = ["variant", "year", "county", "instrument", "mean", "ci_low", "ci_high"]

    static func rows(_ result: RunResult, _ emit: ([Cell]) throws -> Void) rethrows {
        let layout = result.layout
        for (v, variant) in result.variantNames.enumerated() {
            // Summarised in the figures' order (item × county × period, one pass per chunk of
            // them), written in the rows' order.
            var columns = result.columnCursor(v)
            var statistics: [Int: SummaryStatistics] = [:]
            for figure in layout.spendingFigures {
                let values = columns.definedValues(figure)
                if !values.isEmpty { statistics[figure] = SummaryStatistics(values) }
            }
            for period in 0..<layout.periodCount {
                for county in County.allCases {
                    for item in SpendingItem.allCases {
                        guard let s = statistics[layout.figure(spending: item, county: county, period: period)] else {
                            continue
                        }
                        try emit([
                            .text(variant), .text(result.periodName(period)), .text(county.rawValue),
                            .text(item.rawValue), .number(s.mean), .number(s.ciLow), .number(s.ciHigh),
                        ])
                    }
                }
            }
        }
    }
}

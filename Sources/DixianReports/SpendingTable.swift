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
        for (v, variant) in result.variantNames.enumerated() {
            for period in 0..<result.layout.periodCount {
                for county in County.allCases {
                    for item in SpendingItem.allCases {
                        let values = result.definedValues(variant: v) {
                            $0.spending(item, county: county, period: period)
                        }
                        guard !values.isEmpty else { continue }
                        let s = SummaryStatistics(values)
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

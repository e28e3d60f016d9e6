import DixianEngine

/// `summary.csv` / `summary.json`: one row per `variant,metric,year,group` with the
/// statistics of the figure across replications (MODEL.md §5).
///
/// Rows follow variant order, then ``Metric/allCases``, then periods (years, then
/// `all`), then ``OutcomeGroup/every``. Replications where the figure is undefined
/// (NaN) are skipped; a row none defines is left out. Event figures
/// (``Metric/isEvent``) get the exact binomial interval.
enum SummaryTable {
    static let columns = [
        "variant", "metric", "year", "group", "mean", "sd", "se", "ci_low", "ci_high", "q05", "q50", "q95", "q99",
    ]

    static func rows(_ result: RunResult, _ emit: ([Cell]) throws -> Void) rethrows {
        for (v, variant) in result.variantNames.enumerated() {
            for metric in Metric.allCases {
                for period in 0..<result.layout.periodCount {
                    for group in OutcomeGroup.every {
                        let values = result.definedValues(variant: v) {
                            $0.value(metric, period: period, group: group)
                        }
                        guard !values.isEmpty else { continue }
                        let s = SummaryStatistics(values, isEvent: metric.isEvent)
                        try emit([
                            .text(variant), .text(metric.rawValue), .text(result.periodName(period)), .text(group.name),
                            .number(s.mean), .number(s.sd), .number(s.se), .number(s.ciLow), .number(s.ciHigh),
                            .number(s.q05), .number(s.q50), .number(s.q95), .number(s.q99),
                        ])
                    }
                }
            }
        }
    }
}

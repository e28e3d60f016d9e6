import DixianEngine

/// `summary.csv` / `summary.json`: one row per `variant,metric,year,group` with the
/// statistics of the figure across replications (MODEL.md §5).
///
/// Rows follow variant order, then ``Metric/allCases``, then periods (years, then
/// `all`), then ``OutcomeGroup/every``. Replications where the figure is undefined
/// (NaN) are skipped (`replications`, the last column, counts those that are not); a row none
/// defines is left out. Event figures
/// (``Metric/isEvent``) get the exact binomial interval.
enum SummaryTable {
    static let columns = [
        "variant", "metric", "year", "group", "mean", "sd", "se", "ci_low", "ci_high", "q05", "q50", "q95", "q99",
        "replications",
    ]

    static func rows(_ result: RunResult, _ emit: ([Cell]) throws -> Void) rethrows {
        for r in SummaryRow.rows(of: result) {
            try emit([
                .text(r.variant), .text(r.metric), .text(r.year), .text(r.group), .number(r.mean), .number(r.sd),
                .number(r.se), .number(r.ciLow), .number(r.ciHigh), .number(r.q05), .number(r.q50), .number(r.q95),
                .number(r.q99), r.replications.map(Cell.integer) ?? .number(nil),
            ])
        }
    }
}

import DixianEngine

/// One row of a run's `summary.csv` (INTERFACE.md): the statistics across replications
/// of one `variant, metric, year, group` figure — as stored in the catalog's `summary`.
public struct SummaryRow: Sendable, Equatable {
    public var variant: String
    public var metric: String
    /// A calendar year or `all`.
    public var year: String
    public var group: String
    public var mean: Double
    public var sd: Double?
    public var se: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var q05: Double
    public var q50: Double
    public var q95: Double
    public var q99: Double
    /// The replications that define the figure (the others are skipped); nil in the rows of
    /// a batch catalog made before it was recorded.
    public var replications: Int?

    public init(
        variant: String, metric: String, year: String, group: String, mean: Double, sd: Double?, se: Double?,
        ciLow: Double?, ciHigh: Double?, q05: Double, q50: Double, q95: Double, q99: Double, replications: Int?
    ) {
        (self.variant, self.metric, self.year, self.group) = (variant, metric, year, group)
        (self.mean, self.sd, self.se, self.ciLow, self.ciHigh) = (mean, sd, se, ciLow, ciHigh)
        (self.q05, self.q50, self.q95, self.q99, self.replications) = (q05, q50, q95, q99, replications)
    }

    /// The rows of `result`, in `summary.csv`'s order and by its rules: variants, then
    /// ``Metric/allCases``, then periods (years, then `all`), then ``OutcomeGroup/every``;
    /// replications where a figure is undefined (NaN) are skipped and a figure no
    /// replication defines has no row; events get the exact binomial interval; `replications`
    /// counts the replications that define the figure.
    /// `summary.csv`, `summary.json` and the batch catalog are all written from these rows.
    public static func rows(of result: RunResult) -> [SummaryRow] {
        var rows: [SummaryRow] = []
        for (v, variant) in result.variantNames.enumerated() {
            // Rows follow the figures' order (metric × period × group): one pass per chunk of them.
            var columns = result.columnCursor(v)
            for metric in Metric.allCases {
                for period in 0..<result.layout.periodCount {
                    for group in OutcomeGroup.every {
                        let values = columns.definedValues(result.layout.figure(metric, period: period, group: group))
                        guard !values.isEmpty else { continue }
                        let s = SummaryStatistics(values, isEvent: metric.isEvent)
                        rows.append(
                            SummaryRow(
                                variant: variant, metric: metric.rawValue, year: result.layout.periodName(period),
                                group: group.name, mean: s.mean, sd: s.sd, se: s.se, ciLow: s.ciLow,
                                ciHigh: s.ciHigh, q05: s.q05, q50: s.q50, q95: s.q95, q99: s.q99, replications: values.count))
                    }
                }
            }
        }
        return rows
    }
}

import DixianEngine

/// `exceedance.csv`: P(metric ≥ n) for every count figure (``Metric/isCount``) of the
/// whole population, for each year and for `all` (MODEL.md §5).
///
/// The curve is a step function given at n = 0 (when every replication is above 0) and
/// at every distinct observed value, increasing (``ExceedanceCurve``); between two
/// listed n the probability is that of the larger one.
enum ExceedanceTable {
    static let columns = ["variant", "metric", "period", "n", "probability"]

    static func rows(_ result: RunResult, _ emit: ([Cell]) throws -> Void) rethrows {
        for (v, variant) in result.variantNames.enumerated() {
            var columns = result.columnCursor(v)
            for metric in Metric.allCases where metric.isCount {
                for period in 0..<result.layout.periodCount {
                    let values = columns.definedValues(result.layout.figure(metric, period: period))
                    guard !values.isEmpty else { continue }
                    for point in ExceedanceCurve(values).points {
                        try emit([
                            .text(variant), .text(metric.rawValue), .text(result.periodName(period)),
                            .number(point.n), .number(point.probability),
                        ])
                    }
                }
            }
        }
    }
}

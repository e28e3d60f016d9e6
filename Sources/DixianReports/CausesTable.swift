import DixianEngine
import DixianModel

/// `causes.csv`: what relapses are blamed on (MODEL.md §5), per variant and period.
///
/// `mean_households` is the mean over replications of the relapsed households blamed on
/// the cause; `share` is that mean over the sum of the means of every cause (empty when
/// no household relapsed in any replication). Causes in ``RelapseCause/allCases`` order.
enum CausesTable {
    static let columns = ["variant", "year", "cause", "mean_households", "share"]

    static func rows(_ result: RunResult, _ emit: ([Cell]) throws -> Void) rethrows {
        for (v, variant) in result.variantNames.enumerated() {
            var columns = result.columnCursor(v)
            for period in 0..<result.layout.periodCount {
                let means: [Double?] = RelapseCause.allCases.map { cause in
                    let values = columns.definedValues(result.layout.figure(relapses: cause, period: period))
                    return values.isEmpty ? nil : CompensatedSum.of(values) / Double(values.count)
                }
                let total = CompensatedSum.of(means.compactMap { $0 })
                for (cause, mean) in zip(RelapseCause.allCases, means) {
                    let share = mean.flatMap { total > 0 ? $0 / total : nil }
                    try emit([
                        .text(variant), .text(result.periodName(period)), .text(cause.rawValue),
                        .number(mean), .number(share),
                    ])
                }
            }
        }
    }
}

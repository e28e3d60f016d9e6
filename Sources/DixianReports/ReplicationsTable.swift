import DixianEngine

/// `replications.csv`: one row per `variant,replication,year` with every headline figure
/// of the whole population (group `all`), one column per ``Metric`` named by its raw
/// value (`spending_total` among them).
///
/// `replication` is the absolute replication number (a shard's rows keep their numbers).
/// A figure undefined in a replication (NaN) is an empty field.
enum ReplicationsTable {
    static let columns = ["variant", "replication", "year"] + Metric.allCases.map(\.rawValue)

    static func rows(_ result: RunResult, _ emit: ([Cell]) throws -> Void) rethrows {
        for (v, variant) in result.variantNames.enumerated() {
            for (i, outcome) in result.outcomes[v].enumerated() {
                let replication = result.replications.lowerBound + i
                for period in 0..<result.layout.periodCount {
                    var cells: [Cell] = [.text(variant), .integer(replication), .text(result.periodName(period))]
                    for metric in Metric.allCases {
                        let x = outcome.value(metric, period: period, group: .all)
                        cells.append(.number(x.isNaN ? nil : x))
                    }
                    try emit(cells)
                }
            }
        }
    }
}

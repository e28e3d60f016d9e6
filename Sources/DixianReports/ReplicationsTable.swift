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
        let layout = result.layout
        // Row by row, a block of replications at a time: each block's headline values in one read.
        let figures = layout.valueFigures
        let columns = (0..<layout.periodCount).map { period in
            Metric.allCases.map { layout.figure($0, period: period) - figures.lowerBound }
        }
        for (v, variant) in result.variantNames.enumerated() {
            try result.stores[v].forEachBlock(figures: figures) { first, n, stride, values in
                for i in 0..<n {
                    let replication = result.replications.lowerBound + first + i
                    for period in 0..<layout.periodCount {
                        var cells: [Cell] = [.text(variant), .integer(replication), .text(result.periodName(period))]
                        for figure in columns[period] {
                            let x = values[figure * stride + i]
                            cells.append(.number(x.isNaN ? nil : x))
                        }
                        try emit(cells)
                    }
                }
            }
        }
    }
}

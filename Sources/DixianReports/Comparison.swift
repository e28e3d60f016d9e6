import DixianEngine
import DixianModel
import Foundation

/// Policy variants against their baselines, replication by replication (MODEL.md §6).
///
/// Variants of a run share their shocks (common random numbers), so the difference of a
/// figure between a variant and its baseline is taken within each replication and its
/// mean and 95% t-interval come from those paired differences: far narrower than the
/// intervals of two independent runs.
///
/// Cost per relapse averted is `extra cost / relapses averted` (both means of paired
/// differences, yuan and households), with a 95% interval by the delta method:
/// `Var(C̄/Ā) ≈ (Var C̄ + R²·Var Ā − 2R·Cov(C̄, Ā)) / Ā²`. It is given only when the variant
/// averts relapses (Ā > 0), and its interval only when the relapses averted are
/// distinguishable from zero (their interval excludes 0) — otherwise the ratio has no
/// useful interval.
public struct Comparison: Sendable {
    /// One variant against its baseline for one metric and period.
    public struct Row: Sendable {
        public var variant: Int
        public var baseline: Int
        public var metric: Metric
        public var period: Int
        public var difference: SummaryStatistics
        /// Mean paired difference of all spending, yuan.
        public var extraCost: Double
        public var costPerRelapseAverted: Double?
        public var costPerRelapseAvertedInterval: (low: Double, high: Double)?

        /// Whether the difference cannot be told from zero at 95%.
        public var isIndistinguishableFromZero: Bool {
            guard let low = difference.ciLow, let high = difference.ciHigh else { return true }
            return low <= 0 && high >= 0
        }
    }

    public var rows: [Row]

    /// The metrics compared: every metric, group `all`, in the order of every other file.
    public static let metrics: [Metric] = Metric.allCases

    /// Compares every variant with its baseline (`baselines[v]`, the index of variant v's
    /// reference; a variant is not compared with itself).
    public init(_ result: RunResult, baselines: [Int]) {
        var rows: [Row] = []
        for v in result.variantNames.indices {
            let b = v < baselines.count ? baselines[v] : 0
            guard b != v else { continue }
            // Each period's extra cost and cost per relapse averted; rows in the order of
            // every other file: metric, then period.
            let costs = (0..<result.layout.periodCount).map { period in
                let cost = Self.paired(result, v, b, .spendingTotal, period)
                let averted = Self.paired(result, b, v, .relapseHouseholds, period)
                let extraCost = cost.isEmpty ? 0 : CompensatedSum.of(cost) / Double(cost.count)
                return (extraCost, Self.ratio(cost: cost, averted: averted))
            }
            for metric in Self.metrics {
                for period in 0..<result.layout.periodCount {
                    let differences = Self.paired(result, v, b, metric, period)
                    guard !differences.isEmpty else { continue }
                    let (extraCost, ratio) = costs[period]
                    rows.append(
                        Row(
                            variant: v, baseline: b, metric: metric, period: period,
                            difference: SummaryStatistics(differences), extraCost: extraCost,
                            costPerRelapseAverted: ratio.value, costPerRelapseAvertedInterval: ratio.interval))
                }
            }
        }
        self.rows = rows
    }

    /// `a − b` per replication, where both are defined.
    static func paired(_ result: RunResult, _ a: Int, _ b: Int, _ metric: Metric, _ period: Int) -> [Double] {
        let figure = result.layout.figure(metric, period: period)
        return zip(result.column(a, figure), result.column(b, figure)).compactMap { x, y in
            let d = x - y
            return d.isNaN ? nil : d
        }
    }

    static func ratio(cost: [Double], averted: [Double]) -> (value: Double?, interval: (low: Double, high: Double)?) {
        let n = Double(averted.count)
        guard averted.count == cost.count, averted.count >= 1 else { return (nil, nil) }
        let a = CompensatedSum.of(averted) / n
        let c = CompensatedSum.of(cost) / n
        guard a > 0 else { return (nil, nil) }
        let r = c / a
        guard averted.count >= 2 else { return (r, nil) }
        let averts = SummaryStatistics(averted)
        guard let low = averts.ciLow, low > 0 else { return (r, nil) }
        let varA = CompensatedSum.of(averted.map { ($0 - a) * ($0 - a) }) / (n - 1) / n
        let varC = CompensatedSum.of(cost.map { ($0 - c) * ($0 - c) }) / (n - 1) / n
        let cov = CompensatedSum.of(zip(cost, averted).map { ($0 - c) * ($1 - a) }) / (n - 1) / n
        let variance = max(0, (varC + r * r * varA - 2 * r * cov) / (a * a))
        let z = 1.959963984540054  // 97.5% standard normal quantile
        return (r, (r - z * variance.squareRoot(), r + z * variance.squareRoot()))
    }
}

/// `comparison.csv`: one row per variant, metric (group `all`) and period.
enum ComparisonTable {
    static let columns = [
        "variant", "baseline", "metric", "year", "mean_difference", "ci_low", "ci_high", "extra_cost",
        "cost_per_relapse_averted", "cost_per_relapse_averted_ci_low", "cost_per_relapse_averted_ci_high",
        "replications",
    ]

    static func rows(_ result: RunResult, baselines: [Int], _ emit: ([Cell]) throws -> Void) rethrows {
        for row in Comparison(result, baselines: baselines).rows {
            try emit([
                .text(result.variantNames[row.variant]), .text(result.variantNames[row.baseline]),
                .text(row.metric.rawValue), .text(result.periodName(row.period)), .number(row.difference.mean),
                .number(row.difference.ciLow), .number(row.difference.ciHigh), .number(row.extraCost),
                .number(row.costPerRelapseAverted), .number(row.costPerRelapseAvertedInterval?.low),
                .number(row.costPerRelapseAvertedInterval?.high), .integer(row.difference.count),
            ])
        }
    }
}

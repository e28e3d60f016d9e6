import GSL

/// What Monte Carlo replications say about one figure (MODEL.md §5): its mean, spread,
/// Monte-Carlo standard error, a 95% confidence interval and quantiles.
///
/// Values are taken in replication order and summed with Neumaier's compensated
/// summation, so results are the same bits whatever the thread or process count and
/// stay accurate over millions of replications. Statistics that need two or more
/// replications (`sd`, `se`, the interval of a mean) are `nil` with one.
public struct SummaryStatistics: Hashable, Sendable {
    /// Number of replications.
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); nil for one replication.
    public var sd: Double?
    /// Monte-Carlo standard error of the mean, `sd / √n`; nil for one replication.
    public var se: Double?
    /// 95% confidence interval: for a mean, `mean ± t(0.975, n−1)·se`; for an event
    /// probability, the exact Clopper–Pearson interval (defined for any n ≥ 1).
    public var ciLow: Double?
    public var ciHigh: Double?
    /// Quantiles 5, 50, 95 and 99% (GSL's definition: linear interpolation between
    /// order statistics, `gsl_stats_quantile_from_sorted_data`, kept between the two it
    /// interpolates, so that they never decrease with the level).
    public var q05: Double
    public var q50: Double
    public var q95: Double
    public var q99: Double

    /// The quantile levels reported for every figure.
    public static let quantileLevels = [0.05, 0.50, 0.95, 0.99]
    /// Confidence level of every interval.
    public static let confidence = 0.95

    /// Summarises a figure measured once per replication. `values` must be non-empty.
    ///
    /// - Parameter isEvent: the values are 0/1 outcomes (e.g. `any_village_breach`); the
    ///   interval is then the exact binomial one.
    public init(_ values: [Double], isEvent: Bool = false) {
        precondition(!values.isEmpty, "a summary needs at least one replication")
        let n = values.count
        count = n
        mean = CompensatedSum.of(values) / Double(n)
        let sorted = values.sorted()
        // GSL's value, kept between the two order statistics it interpolates: `(1 − δ)·a + δ·b`
        // can fall an ulp outside [a, b] (below a when a = b), which put a 99% quantile
        // below the 95% one.
        let q = Self.quantileLevels.map { p in
            let i = Int((p * Double(n - 1)).rounded(.down))
            let (a, b) = (sorted[i], sorted[min(i + 1, n - 1)])
            return min(max(Statistics.quantile(sorted: sorted, p), a), b)
        }
        (q05, q50, q95, q99) = (q[0], q[1], q[2], q[3])
        if n >= 2 {
            let m = mean
            let squares = CompensatedSum.of(values.lazy.map { ($0 - m) * ($0 - m) })
            let s = (squares / Double(n - 1)).squareRoot()
            sd = s
            se = s / Double(n).squareRoot()
        }
        if isEvent {
            let successes = values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
            let interval = Statistics.binomialInterval(
                successes: successes, trials: n, confidence: Self.confidence)
            (ciLow, ciHigh) = (interval.low, interval.high)
        } else if let se {
            let t = Statistics.tQuantile(0.5 + Self.confidence / 2, degreesOfFreedom: Double(n - 1))
            (ciLow, ciHigh) = (mean - t * se, mean + t * se)
        }
    }

    /// Relative standard error `se / |mean|`: the precision target of adaptive runs.
    /// Nil with one replication or a zero mean.
    public var relativeSE: Double? {
        guard let se, mean != 0 else { return nil }
        return se / abs(mean)
    }
}

/// Neumaier's compensated summation: the error of a sum of n terms stays at a few
/// units in the last place instead of growing with n.
public struct CompensatedSum: Sendable {
    public private(set) var sum = 0.0
    private var compensation = 0.0

    public init() {}

    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The compensated total.
    public var value: Double { sum + compensation }

    public static func of<S: Sequence>(_ values: S) -> Double where S.Element == Double {
        var total = CompensatedSum()
        for x in values { total.add(x) }
        return total.value
    }
}

import GSL

/// Variance-based sensitivity indices of one output for each parameter of a Saltelli
/// design (see ``SweepDesign``), with bootstrap confidence intervals — what researchers
/// otherwise compute with SALib's `sobol.analyze`.
///
/// With f(A)ⱼ, f(B)ⱼ, f(A_B⁽ⁱ⁾)ⱼ the outputs of row j (j = 1…N) of each matrix and
/// V = Var(Y) the variance (divisor 2N) of the 2N outputs of A and B together:
///
/// - first-order (Saltelli et al. 2010, Table 2 (b)):
///   Sᵢ = (1/N) Σⱼ (f(B)ⱼ − f̄)·(f(A_B⁽ⁱ⁾)ⱼ − f(A)ⱼ) / V, with f̄ the mean of the A and B
///   outputs. Centring f(B) leaves the estimator unbiased (the differences have mean
///   zero) and removes the variance its mean would add — large when the output's mean is
///   large against its spread, as for counts of households. SALib centres on the mean of
///   all N·(k + 2) outputs: its Sᵢ may differ in the fourth decimal.
/// - total effect (Jansen 1999; Saltelli et al. 2010, Table 2 (f)):
///   S_Tᵢ = (1/2N) Σⱼ (f(A)ⱼ − f(A_B⁽ⁱ⁾)ⱼ)² / V
///
/// Confidence intervals: the percentile bootstrap — resample the N rows j with
/// replacement (the same rows for A, B and every A_B⁽ⁱ⁾, and V recomputed), recompute
/// both indices, and take the 2.5% and 97.5% quantiles of the resampled values.
/// Estimates are not clipped to [0, 1]: values slightly outside say the sample is small.
/// When V = 0 (the output never changes) every index is undefined (nil).
public struct SensitivityIndices: Sendable, Equatable {
    /// One parameter's indices with their intervals.
    public struct Index: Sendable, Equatable {
        public var parameter: String
        public var firstOrder: Double?
        public var firstOrderLow: Double?
        public var firstOrderHigh: Double?
        public var totalEffect: Double?
        public var totalEffectLow: Double?
        public var totalEffectHigh: Double?

        public init(
            parameter: String, firstOrder: Double?, firstOrderLow: Double?, firstOrderHigh: Double?,
            totalEffect: Double?, totalEffectLow: Double?, totalEffectHigh: Double?
        ) {
            self.parameter = parameter
            (self.firstOrder, self.firstOrderLow, self.firstOrderHigh) = (firstOrder, firstOrderLow, firstOrderHigh)
            (self.totalEffect, self.totalEffectLow, self.totalEffectHigh) = (totalEffect, totalEffectLow, totalEffectHigh)
        }
    }

    /// Bootstrap resamples for the intervals.
    public static let defaultResamples = 1_000
    /// Coverage of the bootstrap intervals.
    public static let confidence = 0.95

    public var indices: [Index]

    /// A variance of the outputs at most this share of their squared mean is rounding
    /// noise (about (10⁻¹²)², far above double precision's 10⁻³² for the square): the
    /// indices are then undefined rather than a ratio of noise.
    static let negligibleVariance = 1e-24

    /// The indices of each parameter from the outputs of a Saltelli design.
    ///
    /// - Parameters:
    ///   - a, b: outputs of the N rows of A and of B.
    ///   - ab: for each parameter i, the outputs of the N rows of A_B⁽ⁱ⁾.
    ///   - parameters: the parameter names, one per `ab` entry.
    ///   - seed: seed of the bootstrap's generator (mt19937), so intervals are reproducible.
    ///   - resamples: bootstrap resamples; 0 leaves the intervals nil.
    public init(
        a: [Double], b: [Double], ab: [[Double]], parameters: [String], seed: UInt64,
        resamples: Int = defaultResamples
    ) throws {
        precondition(a.count == b.count && ab.allSatisfy { $0.count == a.count } && ab.count == parameters.count)
        let n = a.count
        let all = Array(0..<n)
        let estimates = parameters.indices.map { i in Self.estimate(a, b, ab[i], rows: all) }
        var firstSamples = [[Double]](repeating: [], count: parameters.count)
        var totalSamples = [[Double]](repeating: [], count: parameters.count)
        if resamples > 0, n > 1 {
            let rng = try RandomGenerator(name: "mt19937", seed: seed)
            var rows = [Int](repeating: 0, count: n)
            for _ in 0..<resamples {
                for j in 0..<n { rows[j] = Int(rng.uniformInt(UInt(n))) }
                for i in parameters.indices {
                    if let e = Self.estimate(a, b, ab[i], rows: rows) {
                        firstSamples[i].append(e.first)
                        totalSamples[i].append(e.total)
                    }
                }
            }
        }
        let tail = (1 - Self.confidence) / 2
        indices = parameters.indices.map { i in
            let e = estimates[i]
            let first = firstSamples[i].sorted()
            let total = totalSamples[i].sorted()
            func q(_ x: [Double], _ p: Double) -> Double? { x.isEmpty ? nil : Statistics.quantile(sorted: x, p) }
            return Index(
                parameter: parameters[i], firstOrder: e?.first, firstOrderLow: e == nil ? nil : q(first, tail),
                firstOrderHigh: e == nil ? nil : q(first, 1 - tail), totalEffect: e?.total,
                totalEffectLow: e == nil ? nil : q(total, tail), totalEffectHigh: e == nil ? nil : q(total, 1 - tail))
        }
    }

    /// Both estimators over the rows `rows` (indices into the N rows, repeats allowed);
    /// nil when the outputs of A and B have no variance.
    static func estimate(_ a: [Double], _ b: [Double], _ ab: [Double], rows: [Int]) -> (first: Double, total: Double)? {
        let n = Double(rows.count)
        var sum = 0.0
        for j in rows { sum += a[j] + b[j] }
        let mean = sum / (2 * n)
        var v = 0.0
        var first = 0.0
        var total = 0.0
        for j in rows {
            v += (a[j] - mean) * (a[j] - mean) + (b[j] - mean) * (b[j] - mean)
            first += (b[j] - mean) * (ab[j] - a[j])
            total += (a[j] - ab[j]) * (a[j] - ab[j])
        }
        v /= 2 * n
        guard v > negligibleVariance * max(1, mean * mean) else { return nil }
        return (first / n / v, total / (2 * n) / v)
    }
}

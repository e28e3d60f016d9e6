import CGSL

/// A multivariate normal distribution N(μ, Σ), sampled as μ + L·z with L the
/// lower Cholesky factor of Σ (computed once) and z independent standard normals.
///
/// A value type holding only the mean and the factor, so it is freely shared;
/// draws use the caller's `RandomGenerator` (ziggurat normals).
public struct MultivariateNormal: Sendable {
    /// Largest accepted |Σᵢⱼ − Σⱼᵢ| relative to max(|Σᵢⱼ|, |Σⱼᵢ|, 1): round-off
    /// from a covariance computed in floating point, not a genuine asymmetry.
    public static let symmetryTolerance = 1e-12

    /// The mean vector μ.
    public let mean: [Double]

    /// L, the lower-triangular Cholesky factor of Σ = L·Lᵀ, row-major, n × n.
    private let factor: [Double]

    /// The number of variables n.
    public var dimension: Int { mean.count }

    /// Prepares N(`mean`, `covariance`).
    ///
    /// - Parameters:
    ///   - mean: μ, n values in the variables' units.
    ///   - covariance: Σ, n rows of n values in the products of those units;
    ///     symmetric and positive definite.
    /// - Throws: `GSLError.invalidArgument` for an empty mean, a non-square,
    ///   mismatched, non-finite or asymmetric Σ, or a Σ that is not positive
    ///   definite; `GSLError.status` for any other failure of the factorisation.
    ///
    /// The corresponding C function is `gsl_linalg_cholesky_decomp1`.
    public init(mean: [Double], covariance: [[Double]]) throws {
        GSL.disableAbortOnError()
        let n = mean.count
        guard n > 0 else {
            throw GSLError.invalidArgument("multivariate normal needs at least one variable")
        }
        guard mean.allSatisfy(\.isFinite) else {
            throw GSLError.invalidArgument("multivariate normal mean \(mean) has a non-finite entry")
        }
        guard covariance.count == n, covariance.allSatisfy({ $0.count == n }) else {
            throw GSLError.invalidArgument(
                "covariance must be \(n) × \(n) to match the mean; got \(covariance.map(\.count))")
        }
        for i in 0..<n {
            for j in 0..<n {
                let a = covariance[i][j]
                let b = covariance[j][i]
                guard a.isFinite else {
                    throw GSLError.invalidArgument("covariance[\(i)][\(j)] is \(a); it must be finite")
                }
                guard abs(a - b) <= Self.symmetryTolerance * max(abs(a), abs(b), 1) else {
                    throw GSLError.invalidArgument(
                        "covariance is not symmetric: [\(i)][\(j)] = \(a) but [\(j)][\(i)] = \(b)")
                }
            }
        }
        var matrix = covariance.flatMap { $0 }
        let status = matrix.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var view = gsl_matrix_view_array(buffer.baseAddress, n, n)
            return gsl_linalg_cholesky_decomp1(&view.matrix)
        }
        if status == GSL_EDOM {
            throw GSLError.invalidArgument(
                "covariance matrix is not positive definite (gsl_linalg_cholesky_decomp1 failed); "
                    + "check that every variance is > 0 and the correlations are mutually consistent")
        }
        try GSLError.check(status, "gsl_linalg_cholesky_decomp1")
        // GSL leaves Lᵀ in the upper triangle; keep only L.
        for i in 0..<n {
            for j in (i + 1)..<n { matrix[i * n + j] = 0 }
        }
        self.mean = mean
        factor = matrix
    }

    /// Writes one draw into `out`, resizing it to `dimension` if needed (no
    /// allocation when it already has that size). Uses `dimension` standard normals.
    /// The corresponding C function is `gsl_ran_gaussian_ziggurat`.
    public func sample(_ rng: RandomGenerator, into out: inout [Double]) {
        let n = dimension
        if out.count != n {
            out = [Double](repeating: 0, count: n)
        }
        out.withUnsafeMutableBufferPointer { x in
            factor.withUnsafeBufferPointer { l in
                mean.withUnsafeBufferPointer { mu in
                    for i in 0..<n { x[i] = rng.gaussian() }
                    // x ← μ + L·z in place: row i uses z[0...i], so go from the last
                    // row up, overwriting z[i] only after every row below used it.
                    for i in stride(from: n - 1, through: 0, by: -1) {
                        var sum = mu[i]
                        for j in 0...i { sum += l[i * n + j] * x[j] }
                        x[i] = sum
                    }
                }
            }
        }
    }
}

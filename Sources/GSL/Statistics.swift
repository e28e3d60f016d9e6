import CGSL

/// Summary statistics, quantiles and distribution functions for reporting
/// Monte Carlo results (relapse rates, their confidence intervals).
///
/// Arguments outside a function's domain give NaN (documented per function)
/// instead of reaching GSL's error handler.
public enum Statistics {
    /// The arithmetic mean of `x`; NaN when `x` is empty.
    /// The corresponding C function is `gsl_stats_mean`.
    public static func mean(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        return gsl_stats_mean(x, 1, x.count)
    }

    /// The sample variance of `x`, Σ(xᵢ − x̄)²/(n − 1); NaN when n < 2.
    /// The corresponding C function is `gsl_stats_variance`.
    public static func variance(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        return gsl_stats_variance(x, 1, x.count)
    }

    /// The sample standard deviation of `x`, √variance (n − 1 divisor); NaN when n < 2.
    /// The corresponding C function is `gsl_stats_sd`.
    public static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        return gsl_stats_sd(x, 1, x.count)
    }

    /// The `p` quantile of ascending-sorted `x` by GSL's definition: with
    /// δ = (n − 1)p, i = ⌊δ⌋, the value (1 − (δ − i))·x[i] + (δ − i)·x[i + 1]
    /// (so [1, 2, 3, 4] at 0.5 gives 2.5). NaN when `x` is empty or `p` is
    /// outside [0, 1]. `x` must be sorted ascending (checked in debug builds).
    /// The corresponding C function is `gsl_stats_quantile_from_sorted_data`.
    public static func quantile(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty, p >= 0, p <= 1 else { return .nan }
        assert(zip(x, x.dropFirst()).allSatisfy { $0 <= $1 }, "quantile(sorted:): data are not sorted")
        return gsl_stats_quantile_from_sorted_data(x, 1, x.count, p)
    }

    // MARK: - Normal and Student's t

    /// The standard normal quantile Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1].
    /// The corresponding C function is `gsl_cdf_ugaussian_Pinv`.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// The standard normal distribution function Φ(x) = P(Z ≤ x).
    /// The corresponding C function is `gsl_cdf_ugaussian_P`.
    public static func normalCDF(_ x: Double) -> Double {
        gsl_cdf_ugaussian_P(x)
    }

    /// The quantile of Student's t with `degreesOfFreedom` ν > 0 (ν need not be an
    /// integer); NaN for p outside [0, 1] or ν ≤ 0.
    /// The corresponding C function is `gsl_cdf_tdist_Pinv`.
    public static func tQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        guard p >= 0, p <= 1, degreesOfFreedom > 0 else { return .nan }
        GSL.disableAbortOnError()
        return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }

    // MARK: - Beta and the binomial proportion

    /// The quantile of Beta(`a`, `b`); NaN for p outside [0, 1], a ≤ 0 or b ≤ 0.
    /// The corresponding C function is `gsl_cdf_beta_Pinv`. Its Newton iteration does not
    /// always converge (for instance p = 0.975, a = 33, b = 968: it reports a failure and
    /// returns NaN); then the quantile is found by bisection on `gsl_cdf_beta_P`, which is
    /// increasing in x, down to adjacent doubles.
    public static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
        guard p >= 0, p <= 1, a > 0, b > 0 else { return .nan }
        GSL.disableAbortOnError()
        let x = gsl_cdf_beta_Pinv(p, a, b)
        if !x.isNaN { return x }
        var low = 0.0
        var high = 1.0
        while true {
            let mid = low + (high - low) / 2
            if mid <= low || mid >= high { break }
            let cdf = gsl_cdf_beta_P(mid, a, b)
            if cdf.isNaN { return .nan }
            if cdf < p { low = mid } else { high = mid }
        }
        // The smallest x with P(X ≤ x) ≥ p, to the nearest double.
        return high
    }

    /// P(X ≤ x) for X ~ Beta(`a`, `b`); NaN for a ≤ 0 or b ≤ 0.
    /// The corresponding C function is `gsl_cdf_beta_P`.
    public static func betaCDF(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0 else { return .nan }
        GSL.disableAbortOnError()
        return gsl_cdf_beta_P(x, a, b)
    }

    /// The exact (Clopper–Pearson) two-sided interval for a binomial proportion:
    /// with α = 1 − `confidence`, low = B⁻¹(α/2; k, n − k + 1) and
    /// high = B⁻¹(1 − α/2; k + 1, n − k), where B⁻¹ is the beta quantile;
    /// low = 0 when k = 0 and high = 1 when k = n. Its coverage is at least
    /// `confidence` for every true proportion.
    ///
    /// - Parameters:
    ///   - successes: k, for example households that relapsed, 0 ≤ k ≤ n.
    ///   - trials: n ≥ 0; n = 0 gives the uninformative (0, 1).
    ///   - confidence: in (0, 1); default 0.95.
    /// - Returns: (low, high) proportions in [0, 1]; (NaN, NaN) for arguments
    ///   outside these ranges.
    ///
    /// The corresponding C function is `gsl_cdf_beta_Pinv`.
    public static func binomialInterval(successes: Int, trials: Int, confidence: Double = 0.95)
        -> (low: Double, high: Double)
    {
        guard trials >= 0, successes >= 0, successes <= trials, confidence > 0, confidence < 1 else {
            return (.nan, .nan)
        }
        let k = Double(successes)
        let n = Double(trials)
        let tail = (1 - confidence) / 2
        let low = successes == 0 ? 0 : betaQuantile(tail, a: k, b: n - k + 1)
        let high = successes == trials ? 1 : betaQuantile(1 - tail, a: k + 1, b: n - k)
        return (low, high)
    }

    // MARK: - Other distribution functions

    /// P(X ≤ x) for a log-normal X with log-mean `zeta` and log-sd `sigma` > 0
    /// (e^zeta is the median); NaN for sigma ≤ 0.
    /// The corresponding C function is `gsl_cdf_lognormal_P`.
    public static func lognormalCDF(_ x: Double, zeta: Double, sigma: Double) -> Double {
        guard sigma > 0 else { return .nan }
        return gsl_cdf_lognormal_P(x, zeta, sigma)
    }

    /// P(X ≤ x) for X ~ Gamma(`shape` k, `scale` θ), mean kθ; NaN unless k, θ > 0.
    /// The corresponding C function is `gsl_cdf_gamma_P`.
    public static func gammaCDF(_ x: Double, shape: Double, scale: Double) -> Double {
        guard shape > 0, scale > 0 else { return .nan }
        GSL.disableAbortOnError()
        return gsl_cdf_gamma_P(x, shape, scale)
    }

    /// P(N ≤ k) for N ~ Poisson(`mean`); NaN for a negative mean.
    /// The corresponding C function is `gsl_cdf_poisson_P`.
    public static func poissonCDF(_ k: UInt32, mean: Double) -> Double {
        guard mean >= 0 else { return .nan }
        GSL.disableAbortOnError()
        return gsl_cdf_poisson_P(k, mean)
    }
}

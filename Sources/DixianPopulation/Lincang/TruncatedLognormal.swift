import Foundation
import GSL

/// A log-normal distribution of per-capita income, truncated to `lower…upper` yuan:
/// `ln y ~ N(μ, σ²)` conditioned on `lower ≤ y ≤ upper` (`upper` may be +∞).
///
/// With α = (ln lower − μ)/σ and β = (ln upper − μ)/σ, and Φ the standard normal CDF:
///
///     P(y < x | truncation) = (Φ((ln x − μ)/σ) − Φ(α)) / (Φ(β) − Φ(α))
///     E[y | truncation]     = exp(μ + σ²/2) · (Φ(β − σ) − Φ(α − σ)) / (Φ(β) − Φ(α))
///
/// Upper tails are computed as Φ(−x) to keep precision.
struct TruncatedLognormal: Sendable, Hashable {
    var mu: Double
    var sigma: Double
    var lower: Double
    var upper: Double = .infinity

    private var alpha: Double { (log(lower) - mu) / sigma }
    private var beta: Double { upper.isFinite ? (log(upper) - mu) / sigma : .infinity }

    /// Φ(b) − Φ(a) for a ≤ b, accurate in either tail.
    private static func mass(_ a: Double, _ b: Double) -> Double {
        if a > 0 { return Statistics.normalCDF(-a) - (b.isFinite ? Statistics.normalCDF(-b) : 0) }
        return (b.isFinite ? Statistics.normalCDF(b) : 1) - Statistics.normalCDF(a)
    }

    /// Mean income, yuan.
    var mean: Double {
        exp(mu + sigma * sigma / 2) * Self.mass(alpha - sigma, beta - sigma) / Self.mass(alpha, beta)
    }

    /// P(y < x), for lower ≤ x ≤ upper.
    func cdf(_ x: Double) -> Double {
        Self.mass(alpha, (log(x) - mu) / sigma) / Self.mass(alpha, beta)
    }

    /// The u-quantile, u in (0, 1).
    func quantile(_ u: Double) -> Double {
        let a = Statistics.normalCDF(alpha)
        let b = beta.isFinite ? Statistics.normalCDF(beta) : 1
        let z = Statistics.normalQuantile(a + u * (b - a))
        return min(max(exp(mu + sigma * z), lower), upper)
    }

    /// Solves (μ, σ) so that, truncated below at `lower`, the mean is `mean` and the
    /// share below `threshold` is `shareBelow` — by nested Brent root finding: for each
    /// σ the share fixes μ (the share falls as μ rises), and an outer search on σ matches
    /// the mean (the mean rises with σ at a fixed share).
    ///
    /// Brackets: σ in [0.02, 2.5]; μ in [ln lower − 4σ, ln threshold + 4σ].
    static func calibrate(lower: Double, mean: Double, threshold: Double, shareBelow: Double) throws -> TruncatedLognormal {
        func mu(forSigma sigma: Double) throws -> Double {
            try RootFinding.brent(in: (log(lower) - 4 * sigma)...(log(threshold) + 4 * sigma), absoluteTolerance: 1e-12) { mu in
                TruncatedLognormal(mu: mu, sigma: sigma, lower: lower).cdf(threshold) - shareBelow
            }
        }
        var failure: Error?
        let sigma = try RootFinding.brent(in: 0.02...2.5, absoluteTolerance: 1e-12) { sigma in
            do {
                return TruncatedLognormal(mu: try mu(forSigma: sigma), sigma: sigma, lower: lower).mean - mean
            } catch {
                failure = error
                return .nan
            }
        }
        if let failure { throw failure }
        return TruncatedLognormal(mu: try mu(forSigma: sigma), sigma: sigma, lower: lower)
    }

    /// A band given by its median (untruncated), log-sd and bounds.
    static func band(median: Double, logSd: Double, lower: Double, upper: Double) -> TruncatedLognormal {
        TruncatedLognormal(mu: log(median), sigma: logSd, lower: lower, upper: upper)
    }
}

import Foundation
import GSL
import Testing

@Suite("Statistics")
struct StatisticsTests {
    @Test func meanVarianceSD() {
        let x = [2.0, 4, 4, 4, 5, 5, 7, 9]
        // Mean 5; Σ(x − 5)² = 32, so the (n − 1) variance is 32/7. Small integers:
        // only round-off, a few ulps.
        #expect(abs(Statistics.mean(x) - 5) <= 1e-14)
        #expect(abs(Statistics.variance(x) - 32.0 / 7) <= 1e-14)
        #expect(abs(Statistics.standardDeviation(x) - (32.0 / 7).squareRoot()) <= 1e-14)
        #expect(Statistics.mean([]).isNaN)
        #expect(Statistics.variance([3]).isNaN)
        #expect(Statistics.standardDeviation([]).isNaN)
    }

    @Test func quantileFromSortedData() {
        let x = [1.0, 2, 3, 4]
        // GSL: δ = (n − 1)p; 0.5 → δ = 1.5 → 2.5; 0.25 → δ = 0.75 → 1.75. Exact in binary.
        #expect(Statistics.quantile(sorted: x, 0.5) == 2.5)
        #expect(Statistics.quantile(sorted: x, 0.25) == 1.75)
        #expect(Statistics.quantile(sorted: x, 0) == 1)
        #expect(Statistics.quantile(sorted: x, 1) == 4)
        #expect(Statistics.quantile(sorted: x, 1.5).isNaN)
        #expect(Statistics.quantile(sorted: [], 0.5).isNaN)
    }

    @Test func normalQuantileAndCDF() {
        // Φ⁻¹(0.975) = 1.959963984540054 (published tables to 15 digits); GSL's
        // Wichura AS241 algorithm is accurate to about 1e-16 relative.
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959963984540054) <= 1e-12)
        #expect(Statistics.normalQuantile(0.5) == 0)
        #expect(Statistics.normalQuantile(0) == -.infinity)
        #expect(Statistics.normalQuantile(1.2).isNaN)
        #expect(abs(Statistics.normalCDF(1.959963984540054) - 0.975) <= 1e-12)
        #expect(Statistics.normalCDF(0) == 0.5)
    }

    @Test func tQuantile() {
        // t₀.₉₇₅ with 10 degrees of freedom = 2.228138851986274 (tables to 12+
        // digits). GSL inverts the t CDF by Newton steps to near machine precision;
        // 1e-9 leaves room for that.
        #expect(abs(Statistics.tQuantile(0.975, degreesOfFreedom: 10) - 2.228138851986274) <= 1e-9)
        #expect(Statistics.tQuantile(0.975, degreesOfFreedom: 0).isNaN)
        #expect(Statistics.tQuantile(-0.1, degreesOfFreedom: 5).isNaN)
    }

    @Test func betaQuantileClosedForms() {
        // Beta(1, 1) is uniform: quantile p. Beta(a, 1) has CDF x^a: quantile p^(1/a).
        // GSL's inverse is iterated to ~1e-10 absolute or better.
        for p in [0.01, 0.2385, 0.5, 0.9] {
            #expect(abs(Statistics.betaQuantile(p, a: 1, b: 1) - p) <= 1e-10)
            #expect(abs(Statistics.betaQuantile(p, a: 2.385, b: 1) - pow(p, 1 / 2.385)) <= 1e-10)
            // Beta(1, b) has CDF 1 − (1 − x)^b: quantile 1 − (1 − p)^(1/b).
            #expect(abs(Statistics.betaQuantile(p, a: 1, b: 3.5) - (1 - pow(1 - p, 1 / 3.5))) <= 1e-10)
        }
        #expect(Statistics.betaQuantile(0.5, a: 0, b: 1).isNaN)
        #expect(abs(Statistics.betaCDF(0.3, a: 2.385, b: 1) - pow(0.3, 2.385)) <= 1e-12)
    }

    @Test func clopperPearsonEdges() {
        let alpha = 0.05
        for n in [1, 10, 37, 1_000] {
            // 0 of n: upper solves (1 − u)^n = α/2; n of n: lower solves l^n = α/2.
            let none = Statistics.binomialInterval(successes: 0, trials: n)
            #expect(none.low == 0)
            #expect(abs(none.high - (1 - pow(alpha / 2, 1 / Double(n)))) <= 1e-10)
            let all = Statistics.binomialInterval(successes: n, trials: n)
            #expect(all.high == 1)
            #expect(abs(all.low - pow(alpha / 2, 1 / Double(n))) <= 1e-10)
        }
    }

    @Test func clopperPearsonPublishedValue() {
        // 5 of 10 at 95%: (0.1870860, 0.8129140), as printed by R's binom.test and
        // standard tables to 7 digits; hence 5e-7.
        let interval = Statistics.binomialInterval(successes: 5, trials: 10)
        #expect(abs(interval.low - 0.1870860) <= 5e-7)
        #expect(abs(interval.high - 0.8129140) <= 5e-7)
        // Symmetric by construction: low(k, n) = 1 − high(n − k, n).
        #expect(abs(interval.low - (1 - interval.high)) <= 1e-12)
    }

    @Test func clopperPearsonLargeSample() {
        // Monte Carlo sized counts: the interval must bracket k/n and be about
        // ±1.96·√(p(1 − p)/n) wide (normal approximation, good to a few % here).
        let (k, n) = (12_345, 1_000_000)
        let p = Double(k) / Double(n)
        let interval = Statistics.binomialInterval(successes: k, trials: n)
        #expect(interval.low < p && p < interval.high)
        let halfWidth = 1.959963984540054 * (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs((interval.high - interval.low) / 2 - halfWidth) <= 0.02 * halfWidth)
    }

    @Test func clopperPearsonBoundsExistForEveryCount() {
        // GSL's beta quantile does not converge for some counts (32 of 1,000 at 95%, among
        // others), and a bound once came out NaN, an empty field in summary.csv. For every k
        // of n = 1,000 and 2,000, each bound solves its defining equation: P(X ≤ high) = 0.975
        // for X ~ Beta(k + 1, n − k), P(X ≤ low) = 0.025 for X ~ Beta(k, n − k + 1). The
        // beta CDF's slope near the bound is at most ~1e3 here, so a bound exact to a few
        // ulps gives the probability to ~1e-12; 1e-9 allows GSL's own quantiles.
        for n in [1_000, 2_000] {
            for k in 0...n {
                let interval = Statistics.binomialInterval(successes: k, trials: n)
                let kn = (Double(k), Double(n))
                if k < n {
                    let p = Statistics.betaCDF(interval.high, a: kn.0 + 1, b: kn.1 - kn.0)
                    #expect(abs(p - 0.975) <= 1e-9, "high of \(k)/\(n): \(interval.high)")
                }
                if k > 0 {
                    let p = Statistics.betaCDF(interval.low, a: kn.0, b: kn.1 - kn.0 + 1)
                    #expect(abs(p - 0.025) <= 1e-9, "low of \(k)/\(n): \(interval.low)")
                }
            }
        }
        // The case of the baseline's summary.csv: 32 of 1,000, upper bound 0.044876 (5e-7).
        #expect(abs(Statistics.binomialInterval(successes: 32, trials: 1_000).high - 0.044876) <= 5e-7)
    }

    @Test func clopperPearsonInvalidArguments() {
        #expect(Statistics.binomialInterval(successes: 3, trials: 2).low.isNaN)
        #expect(Statistics.binomialInterval(successes: 1, trials: 2, confidence: 1).high.isNaN)
        let empty = Statistics.binomialInterval(successes: 0, trials: 0)
        #expect(empty.low == 0 && empty.high == 1)
    }

    @Test func otherCDFs() {
        // Lognormal: P(X ≤ e^ζ) = 1/2. Gamma(1, θ) is exponential: 1 − e^(−x/θ).
        #expect(abs(Statistics.lognormalCDF(exp(0.385), zeta: 0.385, sigma: 0.7) - 0.5) <= 1e-14)
        #expect(abs(Statistics.gammaCDF(2.385, shape: 1, scale: 1.7) - (1 - exp(-2.385 / 1.7))) <= 1e-12)
        // Poisson(μ): P(N ≤ 1) = e^(−μ)(1 + μ).
        #expect(abs(Statistics.poissonCDF(1, mean: 2.385) - exp(-2.385) * (1 + 2.385)) <= 1e-12)
        #expect(Statistics.gammaCDF(1, shape: 0, scale: 1).isNaN)
    }
}

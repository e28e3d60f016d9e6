import GSL
import Testing

@Suite("MultivariateNormal")
struct MultivariateNormalTests {
    let mean = [1.5, -2.385, 10.0]
    let covariance: [[Double]] = [
        [4.0, 1.2, -0.6],
        [1.2, 2.25, 0.3],
        [-0.6, 0.3, 1.0],
    ]

    @Test func sampleMeansAndCovariance() throws {
        let distribution = try MultivariateNormal(mean: mean, covariance: covariance)
        #expect(distribution.dimension == 3)
        let rng = try RandomGenerator(seed: 31_415)
        var draw: [Double] = []
        var sums = [Double](repeating: 0, count: 3)
        var crossSum = 0.0  // Σ (x₀ − μ₀)(x₁ − μ₁), with the known means.
        for _ in 0..<sampleSize {
            distribution.sample(rng, into: &draw)
            for i in 0..<3 { sums[i] += draw[i] }
            crossSum += (draw[0] - mean[0]) * (draw[1] - mean[1])
        }
        let n = Double(sampleSize)
        for i in 0..<3 {
            // Each margin is N(μᵢ, Σᵢᵢ): the mean's standard error is √(Σᵢᵢ/n).
            let tolerance = standardErrors * (covariance[i][i] / n).squareRoot()
            #expect(abs(sums[i] / n - mean[i]) <= tolerance, "mean \(i)")
        }
        // For jointly normal data with known means, Var[(x₀ − μ₀)(x₁ − μ₁)] =
        // Σ₀₀Σ₁₁ + Σ₀₁², so the covariance estimate's standard error is √(that/n).
        let productVariance = covariance[0][0] * covariance[1][1] + covariance[0][1] * covariance[0][1]
        let tolerance = standardErrors * (productVariance / n).squareRoot()
        #expect(abs(crossSum / n - covariance[0][1]) <= tolerance)
    }

    @Test func resizesTheOutputOnce() throws {
        let distribution = try MultivariateNormal(mean: [0, 0], covariance: [[1, 0], [0, 1]])
        let rng = try RandomGenerator(seed: 5)
        var out = [1.0, 2.0, 3.0, 4.0]
        distribution.sample(rng, into: &out)
        #expect(out.count == 2)
    }

    @Test(arguments: [
        [[1, 2], [2, 1]],  // eigenvalues 3 and −1: indefinite
        [[1, 1], [1, 1]],  // perfectly correlated: singular
        [[-1, 0], [0, 1]],  // a negative variance
    ] as [[[Double]]])
    func notPositiveDefiniteThrows(_ covariance: [[Double]]) {
        #expect {
            try MultivariateNormal(mean: [0, 0], covariance: covariance)
        } throws: { error in
            guard case let .invalidArgument(text) = error as? GSLError else { return false }
            return text.contains("not positive definite")
        }
    }

    @Test func malformedCovarianceThrowsInvalidArgument() {
        let cases: [([Double], [[Double]])] = [
            ([], []),
            ([0, 0], [[1, 0]]),
            ([0, 0], [[1, 0.5], [0.4, 1]]),
            ([0, 0], [[1, .nan], [.nan, 1]]),
            ([.infinity, 0], [[1, 0], [0, 1]]),
        ]
        for (mean, covariance) in cases {
            #expect {
                try MultivariateNormal(mean: mean, covariance: covariance)
            } throws: { error in
                guard case .invalidArgument = error as? GSLError else { return false }
                return true
            }
        }
    }
}

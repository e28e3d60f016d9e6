import DixianEngine
import GSL
import Testing

@Suite struct SummaryStatisticsTests {
    @Test func meanIntervalAndQuantilesOfAKnownSample() {
        // 1…10: mean 5.5, sd = sqrt(110/12) = 3.0276503540974917, t(0.975, 9) = 2.2621571627.
        let s = SummaryStatistics((1...10).map(Double.init))
        #expect(s.mean == 5.5)
        #expect(abs(s.sd! - 3.0276503540974917) < 1e-12)
        #expect(abs(s.se! - 3.0276503540974917 / 10.0.squareRoot()) < 1e-12)
        let half = 2.2621571627409915 * s.se!
        #expect(abs(s.ciLow! - (5.5 - half)) < 1e-9)
        #expect(abs(s.ciHigh! - (5.5 + half)) < 1e-9)
        // GSL's quantile: x[(n−1)p] interpolated; (10−1)·0.05 = 0.45 → 1.45.
        #expect(abs(s.q05 - 1.45) < 1e-12)
        #expect(s.q50 == 5.5)
    }

    @Test func quantilesOfEqualValuesAreThatValue() {
        // GSL interpolates (1 − δ)·a + δ·b: for a = b = 1.1 and the 5% level of two values
        // (δ = 0.05) that is 1.0999999999999999, an ulp below both; every quantile of a
        // constant sample is the constant, and the quantiles never decrease with the level.
        #expect(Statistics.quantile(sorted: [1.1, 1.1], 0.05) < 1.1)
        let s = SummaryStatistics([1.1, 1.1])
        #expect(s.q05 == 1.1 && s.q50 == 1.1 && s.q95 == 1.1 && s.q99 == 1.1)
        let spread = SummaryStatistics([0.3, 1.1, 1.1, 1.1, 1.1, 2.0])
        #expect(spread.q05 <= spread.q50 && spread.q50 <= spread.q95 && spread.q95 <= spread.q99)
    }

    @Test func oneReplicationSaysSoInsteadOfNaN() {
        let s = SummaryStatistics([42])
        #expect(s.mean == 42 && s.sd == nil && s.se == nil && s.ciLow == nil)
        #expect(s.q99 == 42)
    }

    @Test func eventIntervalIsClopperPearson() {
        // 0 of 10: upper bound 1 − 0.025^(1/10) = 0.3084971078187608.
        let s = SummaryStatistics(Array(repeating: 0, count: 10), isEvent: true)
        #expect(s.ciLow == 0)
        #expect(abs(s.ciHigh! - 0.3084971078187608) < 1e-9)
    }

    @Test func compensatedSumIsExactWhereNaiveSummationDrifts() {
        // 1e16, then 10^6 ones, then −1e16: the exact sum is the integer 10^6. Naive
        // left-to-right summation loses every 1 (1e16 + 1 rounds back to 1e16) and returns 0;
        // the compensated sum carries them exactly (every partial sum is an exact integer).
        var values = [1e16]
        values += Array(repeating: 1.0, count: 1_000_000)
        values.append(-1e16)
        #expect(values.reduce(0, +) == 0)
        #expect(CompensatedSum.of(values) == 1_000_000)
    }

    @Test func meanAndSpreadOfAMillionReplicationsMatchExactIntegerArithmetic() {
        // 10^6 replications of a figure in yuan near 10^11 (a county's spending over a
        // horizon): x_i = 10^11 + y_i, y_i = (7,919·i mod 1,001) − 500, whole numbers. The
        // exact sum is an integer (10^17 + Σy fits in Int64) while the running double sum
        // passes 2^53 ≈ 9·10^15 after 90,072 terms, past which it rounds every addition to
        // a multiple of 16: naive summation drifts, compensated summation does not.
        // Exact mean = 10^11 + Σy/n; exact variance = (n·Σy² − (Σy)²) / (n(n−1)), in Int64
        // (n·Σy² ≤ 10^6 · 10^6 · 250,000 = 2.5·10^17).
        let n = 1_000_000
        let offset = 100_000_000_000
        var y = [Int](repeating: 0, count: n)
        for i in 0..<n { y[i] = (7_919 * i) % 1_001 - 500 }
        let sumY = y.reduce(0, +)
        let sumY2 = y.reduce(0) { $0 + $1 * $1 }
        let exactMean = Double(offset) + Double(sumY) / Double(n)
        let exactVariance = Double(n * sumY2 - sumY * sumY) / (Double(n) * Double(n - 1))
        let values = y.map { Double(offset + $0) }

        let s = SummaryStatistics(values)
        // The mean to the last bit but one (the spacing of doubles near 10^11 is 1.5·10^-5).
        #expect(abs(s.mean - exactMean) <= exactMean.ulp, "mean \(s.mean), exact \(exactMean)")
        // The spread to 10^-9: deviations are taken from the rounded mean, whose error δ adds
        // only δ²/variance ≈ 10^-15 to the variance, and summed with compensation.
        #expect(abs(s.sd! - exactVariance.squareRoot()) <= 1e-9 * exactVariance.squareRoot(),
                "sd \(s.sd!), exact \(exactVariance.squareRoot())")
        // What the compensation is for: left-to-right summation misses the mean by far more.
        let naive = values.reduce(0, +) / Double(n)
        #expect(abs(naive - exactMean) > 100 * exactMean.ulp, "naive \(naive), exact \(exactMean)")
    }

    @Test func exceedanceIsAStepFunctionAtObservedValues() {
        let curve = ExceedanceCurve([3, 1, 3, 0, 7])
        #expect(curve.points.map(\.n) == [0, 1, 3, 7])
        #expect(curve.points.map(\.probability) == [1, 0.8, 0.6, 0.2])
        #expect(curve.probability(atLeast: 2) == 0.6)
        #expect(curve.probability(atLeast: 8) == 0)
    }
}

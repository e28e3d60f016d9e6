import DixianEngine
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

    @Test func exceedanceIsAStepFunctionAtObservedValues() {
        let curve = ExceedanceCurve([3, 1, 3, 0, 7])
        #expect(curve.points.map(\.n) == [0, 1, 3, 7])
        #expect(curve.points.map(\.probability) == [1, 0.8, 0.6, 0.2])
        #expect(curve.probability(atLeast: 2) == 0.6)
        #expect(curve.probability(atLeast: 8) == 0)
    }
}

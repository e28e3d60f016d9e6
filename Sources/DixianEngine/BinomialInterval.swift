import GSL

/// The exact (Clopper–Pearson) confidence interval of a binomial proportion: for a
/// village's breach probability, estimated as breaching replications / replications.
///
/// It is the interval ``SummaryStatistics`` gives an event figure, computed from the
/// two counts alone, so that a caller holding tallies need not build a 0/1 vector of
/// every replication. Defined for any `trials` ≥ 1; `low` is 0 when `successes` is 0
/// and `high` is 1 when `successes == trials`.
public enum BinomialInterval {
    /// The exact interval at `confidence` (default ``SummaryStatistics/confidence``, 95%).
    /// NaN bounds when the counts are impossible (`successes` outside 0…`trials`).
    /// The corresponding function is `Statistics.binomialInterval` (GSL's beta quantiles).
    public static func exact(
        successes: Int, trials: Int, confidence: Double = SummaryStatistics.confidence
    ) -> (low: Double, high: Double) {
        guard trials >= 1 else { return (.nan, .nan) }
        return Statistics.binomialInterval(successes: successes, trials: trials, confidence: confidence)
    }
}

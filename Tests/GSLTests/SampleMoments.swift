import GSL
import Testing

/// Draw count for every sample-mean check: 10^5 keeps each check's standard error
/// at sd/316 while the whole suite stays well under a second in debug builds.
let sampleSize = 100_000

/// Accepted distance of a sample mean from its theoretical value, in standard
/// errors. For a fixed seed the check is deterministic; for a random seed a
/// correct sampler would fail it with probability 2·(1 − Φ(4)) ≈ 6.3e-5.
let standardErrors = 4.0

/// The mean of `count` draws.
func sampleMean(_ count: Int = sampleSize, _ draw: () -> Double) -> Double {
    var sum = 0.0
    for _ in 0..<count { sum += draw() }
    return sum / Double(count)
}

/// Expects the mean of `sampleSize` draws within `standardErrors` standard errors
/// (sd/√n, from the distribution's theoretical standard deviation) of `mean`.
func expectMean(
    _ expected: Double, sd: Double, sourceLocation: SourceLocation = #_sourceLocation,
    _ draw: () -> Double
) {
    let observed = sampleMean(sampleSize, draw)
    let tolerance = standardErrors * sd / Double(sampleSize).squareRoot()
    #expect(abs(observed - expected) <= tolerance,
            "mean \(observed), expected \(expected) ± \(tolerance)", sourceLocation: sourceLocation)
}

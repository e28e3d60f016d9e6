/// How many replications a run makes (MODEL.md §5).
public enum Replications: Hashable, Sendable {
    /// Exactly this many.
    case fixed(Int)
    /// At least `min` and at most `max`, stopping as soon as the relative standard error
    /// of the headline figures is at most `relativeSE`.
    case adaptive(min: Int, max: Int, relativeSE: Double)

    /// The most replications the run may make.
    public var maximum: Int {
        switch self {
        case .fixed(let n): n
        case .adaptive(_, let max, _): max
        }
    }

    /// Default smallest number of replications of an adaptive run before it may stop: assumption.
    public static let defaultAdaptiveMinimum = 100
    /// Below this `min`, an adaptive run's first look reads a standard error too rough to
    /// stop on (the scenario is noted): a standard deviation from n replications is itself off by
    /// about 1/√(2(n − 1)) of itself, 16% at n = 20.
    public static let roughAdaptiveMinimum = 20
}

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
}

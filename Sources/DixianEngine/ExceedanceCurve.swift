/// P(X ≥ n) for a count measured once per replication (MODEL.md §5), e.g. the
/// probability that 500 or more households relapse in 2023.
///
/// The curve is a step function that changes only at observed values, so it is given
/// at n = 0 and at every distinct observed value, in increasing n.
public struct ExceedanceCurve: Hashable, Sendable {
    public struct Point: Hashable, Sendable {
        public var n: Double
        public var probability: Double
    }

    public var points: [Point]

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "an exceedance curve needs at least one replication")
        let sorted = values.sorted()
        let total = Double(sorted.count)
        var points: [Point] = []
        if let first = sorted.first, first > 0 {
            points.append(Point(n: 0, probability: 1))
        }
        var index = 0
        while index < sorted.count {
            let value = sorted[index]
            // Every replication from `index` on has X ≥ value.
            points.append(Point(n: value, probability: Double(sorted.count - index) / total))
            while index < sorted.count && sorted[index] == value { index += 1 }
        }
        self.points = points
    }

    /// P(X ≥ n).
    public func probability(atLeast n: Double) -> Double {
        var result = 0.0
        for point in points.reversed() where point.n >= n { result = point.probability }
        return points.last.map { n > $0.n } == true ? 0 : result
    }
}

/// Exact integer allocation.
enum Allocation {
    /// Splits `total` into non-negative integers proportional to `weights` that sum exactly
    /// to `total` (Hamilton's largest-remainder method; ties go to the lower index).
    ///
    /// Weights must be finite and ≥ 0 with a positive sum (or `total` must be 0).
    static func largestRemainder(_ total: Int, weights: [Double]) -> [Int] {
        precondition(total >= 0, "cannot allocate a negative total")
        let sum = weights.reduce(0, +)
        guard total > 0 else { return [Int](repeating: 0, count: weights.count) }
        precondition(sum > 0 && sum.isFinite, "weights must have a positive finite sum")
        var counts = [Int](repeating: 0, count: weights.count)
        var remainders: [(index: Int, fraction: Double)] = []
        remainders.reserveCapacity(weights.count)
        var assigned = 0
        for (i, w) in weights.enumerated() {
            let exact = Double(total) * w / sum
            let whole = Int(exact.rounded(.down))
            counts[i] = whole
            assigned += whole
            remainders.append((i, exact - Double(whole)))
        }
        remainders.sort { $0.fraction != $1.fraction ? $0.fraction > $1.fraction : $0.index < $1.index }
        for k in 0..<(total - assigned) { counts[remainders[k].index] += 1 }
        return counts
    }

    /// Splits a whole number of yuan `total` into whole-yuan parts proportional to the
    /// first `count` of `weights` (largest remainder), written to `parts[0..<count]`; all
    /// zero when those weights sum to zero. No allocation: meant for per-household loops
    /// with scratch arrays, `count` small (O(count²)).
    static func splitYuan(_ total: Double, weights: [Double], count: Int, into parts: inout [Double]) {
        var sum = 0.0
        for k in 0..<count { sum += weights[k] }
        guard sum > 0, total > 0 else {
            for k in 0..<count { parts[k] = 0 }
            return
        }
        var left = total
        for k in 0..<count {
            parts[k] = (total * weights[k] / sum).rounded(.down)
            left -= parts[k]
        }
        // Hand out the remaining yuan (fewer than `count`) by largest fraction, lower index first.
        while left > 0 {
            var best = -1
            var bestFraction = -1.0
            for k in 0..<count where weights[k] > 0 {
                let fraction = total * weights[k] / sum - parts[k]
                if fraction > bestFraction { best = k; bestFraction = fraction }
            }
            parts[best] += 1
            left -= 1
        }
    }
}

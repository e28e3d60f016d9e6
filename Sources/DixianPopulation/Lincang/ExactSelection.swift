import Foundation
import GSL

/// Picks households at random, favouring larger weights, so that the number picked and
/// the persons they hold are exactly what a published figure says.
///
/// 1. Every candidate gets the priority `log(u) / w` (u uniform on (0, 1], w its weight):
///    ordering by it is weighted sampling without replacement (Efraimidis & Spirakis 2006).
/// 2. The best `count` candidates are taken — or, without a count, candidates in priority
///    order until their persons reach `persons`.
/// 3. With a person total, swaps fix the difference: a picked household of size a is
///    exchanged for the best unpicked household of size a ± δ, largest useful δ first, until
///    the total is exact. Each swap changes a household for a near-equal one, so the
///    preference survives.
///
/// O(n log n) for n candidates (the sort), plus O(s²) per swap for s distinct sizes.
enum ExactSelection {
    struct Infeasible: Error, CustomStringConvertible {
        var description: String
    }

    /// - Parameters:
    ///   - candidates: household indices to choose from.
    ///   - weights: preference weight (> 0) of each candidate, same order.
    ///   - sizes: the population's `size` column.
    ///   - count: exactly this many households, or nil for as many as `persons` needs.
    ///   - persons: exactly this many persons in total, or nil for any.
    /// - Returns: the picked household indices, ascending.
    static func pick(
        from candidates: [Int32], weights: [Double], sizes: [UInt8],
        count: Int?, persons: Int?, rng: RandomGenerator
    ) throws -> [Int32] {
        precondition(count != nil || persons != nil, "give a count, a person total or both")
        precondition(weights.count == candidates.count)
        if let count, count > candidates.count {
            throw Infeasible(description: "cannot pick \(count) households from \(candidates.count) candidates")
        }
        // (priority, position) pairs sorted in place: contiguous, no indirection.
        var ranked = [(key: Double, position: Int)]()
        ranked.reserveCapacity(candidates.count)
        for k in candidates.indices { ranked.append((log(rng.uniformPositive()) / weights[k], k)) }
        ranked.sort { $0.key > $1.key }
        let order = ranked.map(\.position)

        var taken: Int
        var total = 0
        if let count {
            taken = count
            for k in order.prefix(count) { total += Int(sizes[Int(candidates[k])]) }
        } else {
            taken = 0
            while taken < order.count, total < persons! {
                total += Int(sizes[Int(candidates[order[taken]])])
                taken += 1
            }
        }
        guard let persons, total != persons else {
            return order.prefix(taken).map { candidates[$0] }.sorted()
        }

        // Swap adjustments, by size buckets.
        let maxSize = Int(candidates.map { sizes[Int($0)] }.max() ?? 1)
        var picked = [[Int32]](repeating: [], count: maxSize + 1)    // lowest priority last
        var spare = [[Int32]](repeating: [], count: maxSize + 1)     // highest priority first
        var nextSpare = [Int](repeating: 0, count: maxSize + 1)
        for (rank, k) in order.enumerated() {
            let h = candidates[k]
            if rank < taken { picked[Int(sizes[Int(h)])].append(h) } else { spare[Int(sizes[Int(h)])].append(h) }
        }
        var swappedIn: [Int32] = []
        var gap = persons - total
        while gap != 0 {
            let direction = gap > 0 ? 1 : -1
            var swapped = false
            search: for delta in stride(from: min(abs(gap), maxSize - 1), through: 1, by: -1) {
                for a in 1...maxSize {
                    let b = a + direction * delta
                    guard b >= 1, b <= maxSize, !picked[a].isEmpty, nextSpare[b] < spare[b].count else { continue }
                    picked[a].removeLast()
                    swappedIn.append(spare[b][nextSpare[b]])
                    nextSpare[b] += 1
                    gap -= direction * delta
                    swapped = true
                    break search
                }
            }
            if !swapped {
                throw Infeasible(description: "cannot reach exactly \(persons) persons (\(gap) short) by swapping households")
            }
        }
        return (picked.joined() + swappedIn).sorted()
    }
}

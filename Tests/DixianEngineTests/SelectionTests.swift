@testable import DixianEngine
import Testing

@Suite struct SelectionTests {
    @Test func smallestFirstPutsTheSmallestAtTheFrontForEverySizeAndCount() {
        // Every arrangement of up to 6 entries (keys with ties among them), every count from 0
        // to n: the first `count` entries are the `count` smallest by (key, household).
        func permutations(_ xs: [Int]) -> [[Int]] {
            xs.count <= 1 ? [xs] : xs.indices.flatMap { i in
                permutations(Array(xs[..<i] + xs[(i + 1)...])).map { [xs[i]] + $0 }
            }
        }
        for n in 0...6 {
            let keys: [Double] = (0..<n).map { Double($0 / 2) }  // 0, 0, 1, 1, 2, 2: ties broken by household
            for order in permutations(Array(0..<n)) {
                for count in 0...n {
                    var entries = order.map { (key: keys[$0], household: $0) }
                    PolicySelections.smallestFirst(&entries, count: count)
                    #expect(Set(entries.prefix(count).map(\.household)) == Set(0..<count), "n \(n), \(order), count \(count)")
                    #expect(Set(entries.map(\.household)) == Set(0..<n))
                }
            }
        }
    }
}

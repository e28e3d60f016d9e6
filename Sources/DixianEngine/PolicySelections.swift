import DixianModel

/// Which households an instrument with a coverage share reaches: bound to a cooperative
/// (双绑 `binding.share`), insured per commodity (`agri_insurance.coverage`), holding
/// anti-relapse insurance (`relapse_insurance.coverage`).
///
/// The population's own flags (`bound`, `insured`) come first: each eligible household
/// gets a fixed pseudo-random key in [0, 1) — flagged households in [0, f), the others in
/// [f, 1), with f the flagged share — and the `round(share × eligible)` households with the
/// smallest keys are covered: the share is met exactly, not on average. At a share equal to
/// the population's, exactly the flagged households are covered; a higher share adds
/// households, a lower one drops some, and raising a share never removes anyone (so sweeps
/// over a share are monotone). Keys depend on the scenario seed and the household only,
/// never on the replication.
///
/// A household file is the planner's own record of who is bound and insured: with one,
/// its `bound` and `insured` columns are used as they are and the two shares do not apply.
struct PolicySelections: Sendable {
    var bound: [Bool]
    /// Bit c set when commodity c is insured.
    var insured: [UInt32]
    var relapseInsured: [Bool]
    /// Households with anti-relapse insurance per county (for its premiums).
    var relapseInsuredPerCounty: [Int]

    init(
        table: HouseholdTable, settings: PolicySettings, commodities: [Commodity], seed: UInt64,
        flagsFromFile: Bool
    ) {
        let n = table.count

        relapseInsured = Self.choose(
            share: settings.relapseInsurance.coverage, eligible: 0..<n, flagged: { _ in false }, salt: 2,
            seed: seed, count: n)
        var perCounty = [Int](repeating: 0, count: County.allCases.count)
        for h in 0..<n where relapseInsured[h] { perCounty[Int(table.county[h])] += 1 }
        relapseInsuredPerCounty = perCounty

        if flagsFromFile {
            bound = Array(table.boundInFile)
            insured = table.insuredInFile
            return
        }
        // Households producing anything, and producing each commodity, ascending: one pass
        // over the sparse production.
        var producers: [Int32] = []
        var producersOf = [[Int32]](repeating: [], count: commodities.count)
        for h in 0..<n {
            var any = false
            for e in Int(table.productionStart[h])..<Int(table.productionStart[h + 1]) where table.productionAmount[e] > 0 {
                producersOf[Int(table.productionCommodity[e])].append(Int32(h))
                any = true
            }
            if any { producers.append(Int32(h)) }
        }
        bound = Self.choose(
            share: settings.binding.share, eligible: producers.lazy.map(Int.init),
            flagged: { table.boundInFile[$0] }, salt: 1, seed: seed, count: n)

        insured = [UInt32](repeating: 0, count: n)
        for (c, commodity) in commodities.enumerated() {
            let chosen = Self.choose(
                share: settings.agriInsurance.coverage[commodity],
                eligible: producersOf[c].lazy.map(Int.init),
                flagged: { table.insuredInFile[$0] & (1 << UInt32(c)) != 0 }, salt: 100 + UInt64(c), seed: seed,
                count: n)
            for h in 0..<n where chosen[h] { insured[h] |= 1 << UInt32(c) }
        }
    }

    private static func choose(
        share: Double, eligible: some Collection<Int>, flagged: (Int) -> Bool, salt: UInt64, seed: UInt64, count: Int
    ) -> [Bool] {
        var chosen = [Bool](repeating: false, count: count)
        guard !eligible.isEmpty else { return chosen }
        let flaggedShare = Double(eligible.lazy.filter(flagged).count) / Double(eligible.count)
        var keyed: [(key: Double, household: Int)] = eligible.map { h in
            let u = Double(StreamSeeds.splitMix(seed ^ (salt << 40) ^ UInt64(h)) >> 11) * 0x1p-53
            return (flagged(h) ? u * flaggedShare : flaggedShare + u * (1 - flaggedShare), h)
        }
        let covered = min(keyed.count, max(0, Int((share * Double(keyed.count)).rounded())))
        smallestFirst(&keyed, count: covered)
        for i in 0..<covered { chosen[keyed[i].household] = true }
        return chosen
    }

    /// Moves the `count` smallest entries (by key, then household: a strict order) to the
    /// front of `entries`, in no particular order: Hoare's selection, in linear time on average.
    static func smallestFirst(_ entries: inout [(key: Double, household: Int)], count: Int) {
        @inline(__always) func less(_ a: (key: Double, household: Int), _ b: (key: Double, household: Int)) -> Bool {
            a.key < b.key || (a.key == b.key && a.household < b.household)
        }
        var low = 0
        var high = entries.count - 1
        while low < high && count > low && count <= high {
            // Median of the first, middle and last entries as the pivot.
            let mid = low + (high - low) / 2
            if less(entries[mid], entries[low]) { entries.swapAt(mid, low) }
            if less(entries[high], entries[low]) { entries.swapAt(high, low) }
            if less(entries[high], entries[mid]) { entries.swapAt(high, mid) }
            let pivot = entries[mid]
            var i = low
            var j = high
            while i <= j {
                while less(entries[i], pivot) { i += 1 }
                while less(pivot, entries[j]) { j -= 1 }
                if i <= j {
                    entries.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // [low, j] ≤ pivot ≤ [i, high]; entries strictly between j and i equal the pivot.
            if count <= j { high = j } else if count >= i { low = i } else { return }
        }
    }
}

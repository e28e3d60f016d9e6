/// Laborers absent through illness or injury (MODEL.md §3.2 and §3.4: a laborer loses months
/// of wage), month by month through a household's year and the next: an absence takes only
/// the months in which one of the household's able laborers is still at work, so that no
/// month loses more laborers' wages than the household has. The laborers are not identified;
/// an absence is one more laborer absent in each of its months that has one at work.
struct Absence {
    /// Absent laborers per month: this year's twelve, then the next year's.
    private var absent = SIMD32<UInt8>()
    /// The next year's laborer-months taken so far, by cause.
    private var nextIllness = 0
    private var nextInjury = 0

    /// The most laborers absent in a month that a year passes on to the next (four bits).
    static let carriedAtMost = 15

    /// Starts a year from `carry`, what the year before passed on (``carry``): returns this
    /// year's laborer-months of absences begun in earlier years, by cause.
    mutating func start(from carry: UInt64) -> (illness: Int, injury: Int) {
        for m in 0..<12 { absent[m] = UInt8(truncatingIfNeeded: (carry >> UInt64(4 * m)) & 0xF) }
        return (Int((carry >> 48) & 0xFF), Int(carry >> 56))
    }

    /// An absence of one laborer for `months` months from `month` (0-based in this year; 12
    /// and on are the next year's), of a household with `laborers` able laborers: the
    /// laborer-months it takes this year (`now`, to charge at once) and beyond the next year
    /// (`beyond`, counted in full: left to the years they fall in); the next year's it takes
    /// are kept for ``carry``.
    mutating func take(from month: Int, months: Int, laborers: Int, illness: Bool) -> (now: Int, beyond: Int) {
        var now = 0
        var next = 0
        for m in month..<max(month, min(month + months, 24)) {
            let room = m < 12 ? laborers : min(laborers, Self.carriedAtMost)
            guard Int(absent[m]) < room else { continue }
            absent[m] += 1
            if m < 12 { now += 1 } else { next += 1 }
        }
        if illness { nextIllness += next } else { nextInjury += next }
        return (now, max(0, month + months - 24))
    }

    /// After a disability in `month` leaves the household `laborers` able laborers: a month
    /// from `month` on with more laborers absent than that loses no wage by their absence
    /// (the disability takes the disabled one's). Returns this year's laborer-months given
    /// back; the next year's are forgotten, illness months first.
    mutating func release(from month: Int, laborers: Int) -> Int {
        var given = 0
        for m in month..<24 where Int(absent[m]) > laborers {
            let excess = Int(absent[m]) - laborers
            absent[m] = UInt8(laborers)
            if m < 12 {
                given += excess
            } else {
                let illness = min(excess, nextIllness)
                nextIllness -= illness
                nextInjury -= min(excess - illness, nextInjury)
            }
        }
        return given
    }

    /// What the next year starts from: its months' absent laborers (four bits each) and its
    /// laborer-months by cause (a byte each: at most 12 · 15).
    var carry: UInt64 {
        var bits: UInt64 = 0
        for m in 0..<12 { bits |= UInt64(absent[12 + m]) << UInt64(4 * m) }
        return bits | UInt64(nextIllness) << 48 | UInt64(nextInjury) << 56
    }
}

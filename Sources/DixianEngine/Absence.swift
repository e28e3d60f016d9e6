/// Laborers absent through illness or injury (MODEL.md §3.2 and §3.4: a laborer loses months
/// of wage), month by month through a household's year and the next: an absence takes only
/// the months in which one of the household's able laborers is still at work, so that no
/// month loses more laborers' wages than the household has. The laborers are not identified;
/// an absence is one more laborer absent in each of its months that has one at work.
struct Absence {
    /// Absent laborers per month, and those of them ill: this year's twelve, then the next year's.
    private var absent = SIMD32<UInt8>()
    private var ill = SIMD32<UInt8>()

    /// The most laborers absent in a month that a year passes on to the next (four bits).
    static let carriedAtMost = 15

    /// What a year passes on to the next (``carry``): the next year's months' absent laborers
    /// and, of them, the ill ones, four bits a month.
    struct Carry: Equatable {
        var absent: UInt64 = 0
        var ill: UInt64 = 0
        var isEmpty: Bool { absent == 0 }
    }

    /// Starts a year from what the year before passed on: returns this year's laborer-months
    /// of absences begun in earlier years, by cause.
    mutating func start(from carry: Carry) -> (illness: Int, injury: Int) {
        var (illness, injury) = (0, 0)
        for m in 0..<12 {
            absent[m] = UInt8(truncatingIfNeeded: (carry.absent >> UInt64(4 * m)) & 0xF)
            ill[m] = UInt8(truncatingIfNeeded: (carry.ill >> UInt64(4 * m)) & 0xF)
            illness += Int(ill[m])
            injury += Int(absent[m] - ill[m])
        }
        return (illness, injury)
    }

    /// An absence of one laborer for `months` months from `month` (0-based in this year; 12
    /// and on are the next year's), of a household with `laborers` able laborers: the
    /// laborer-months it takes this year (`now`, to charge at once) and beyond the next year
    /// (`beyond`, counted in full: left to the years they fall in); the next year's it takes
    /// are kept for ``carry``.
    mutating func take(from month: Int, months: Int, laborers: Int, illness: Bool) -> (now: Int, beyond: Int) {
        var now = 0
        for m in month..<max(month, min(month + months, 24)) {
            let room = m < 12 ? laborers : min(laborers, Self.carriedAtMost)
            guard Int(absent[m]) < room else { continue }
            absent[m] += 1
            if illness { ill[m] += 1 }
            if m < 12 { now += 1 }
        }
        return (now, max(0, month + months - 24))
    }

    /// After a disability in `month` leaves the household `laborers` able laborers: a month
    /// from `month` on with more laborers absent than that loses no wage by their absence
    /// (the disability takes the disabled one's). Returns this year's laborer-months given
    /// back, by cause (a month's ill laborers first, as it holds them); the next year's are
    /// forgotten likewise.
    mutating func release(from month: Int, laborers: Int) -> (illness: Int, injury: Int) {
        var (illness, injury) = (0, 0)
        for m in month..<24 where Int(absent[m]) > laborers {
            let excess = Int(absent[m]) - laborers
            let ofIll = min(excess, Int(ill[m]))
            absent[m] = UInt8(laborers)
            ill[m] -= UInt8(ofIll)
            if m < 12 {
                illness += ofIll
                injury += excess - ofIll
            }
        }
        return (illness, injury)
    }

    /// What the next year starts from.
    var carry: Carry {
        var carry = Carry()
        for m in 0..<12 {
            carry.absent |= UInt64(absent[12 + m]) << UInt64(4 * m)
            carry.ill |= UInt64(ill[12 + m]) << UInt64(4 * m)
        }
        return carry
    }
}

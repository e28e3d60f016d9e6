/// Laborers absent through illness or injury (MODEL.md §3.2 and §3.4: a laborer loses months
/// of wage), month by month through a household's year and the next: an absence takes only
/// the months in which one of the household's able laborers is still at work, so that no
/// month loses more laborers' wages than the household has. The laborers are not identified;
/// an absence is one more laborer absent in each of its months that has one at work.
///
/// The counts are bytes of three words (month m is byte m, lowest first), read and written
/// through raw pointers: no per-month bounds checks or vector-lane shuffles in the pass.
struct Absence {
    /// Absent laborers per month, and those of them ill: this year's twelve, then the next year's.
    private var absent: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var ill: (UInt64, UInt64, UInt64) = (0, 0, 0)
    /// Whether an absence has reached the next year (otherwise ``carry`` is empty).
    private var reachesNextYear = false

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
        absent = (Self.bytes(ofNibbles: carry.absent & 0xFFFF_FFFF), Self.bytes(ofNibbles: carry.absent >> 32), 0)
        ill = (Self.bytes(ofNibbles: carry.ill & 0xFFFF_FFFF), Self.bytes(ofNibbles: carry.ill >> 32), 0)
        // Each month at most 15: no sum of a word's bytes reaches 256.
        let illness = Self.byteSum(ill.0) + Self.byteSum(ill.1)
        return (illness, Self.byteSum(absent.0) + Self.byteSum(absent.1) - illness)
    }

    /// An absence of one laborer for `months` months from `month` (0-based in this year; 12
    /// and on are the next year's), of a household with `laborers` able laborers: the
    /// laborer-months it takes this year (`now`, to charge at once) and beyond the next year
    /// (`beyond`, counted in full: left to the years they fall in); the next year's it takes
    /// are kept for ``carry``.
    mutating func take(from month: Int, months: Int, laborers: Int, illness: Bool) -> (now: Int, beyond: Int) {
        var now = 0
        let end = max(month, min(month + months, 24))
        if end > 12 { reachesNextYear = true }
        withUnsafeMutableBytes(of: &absent) { absent in
            withUnsafeMutableBytes(of: &ill) { ill in
                for m in month..<end {
                    let room = m < 12 ? laborers : min(laborers, Self.carriedAtMost)
                    guard Int(absent[m]) < room else { continue }
                    absent[m] += 1
                    if illness { ill[m] += 1 }
                    if m < 12 { now += 1 }
                }
            }
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
        withUnsafeMutableBytes(of: &absent) { absent in
            withUnsafeMutableBytes(of: &ill) { ill in
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
            }
        }
        return (illness, injury)
    }

    /// What the next year starts from: months 12...23, each at most 15.
    var carry: Carry {
        guard reachesNextYear else { return Carry() }
        return Carry(
            absent: Self.nibbles(ofBytes: absent.1 >> 32) | Self.nibbles(ofBytes: absent.2) << 16,
            ill: Self.nibbles(ofBytes: ill.1 >> 32) | Self.nibbles(ofBytes: ill.2) << 16)
    }

    /// The bytes of `x` (each below 16), lowest first, as nibbles.
    @inline(__always) private static func nibbles(ofBytes x: UInt64) -> UInt64 {
        var x = (x | x >> 4) & 0x00FF_00FF_00FF_00FF
        x = (x | x >> 8) & 0x0000_FFFF_0000_FFFF
        return (x | x >> 16) & 0xFFFF_FFFF
    }

    /// The nibbles of `x` (eight at most), lowest first, as bytes.
    @inline(__always) private static func bytes(ofNibbles x: UInt64) -> UInt64 {
        var x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
        x = (x | x << 8) & 0x00FF_00FF_00FF_00FF
        return (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F
    }

    /// The sum of the bytes of `x`, when below 256.
    @inline(__always) private static func byteSum(_ x: UInt64) -> Int {
        Int((x &* 0x0101_0101_0101_0101) >> 56)
    }
}

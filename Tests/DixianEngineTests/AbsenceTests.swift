import Testing
@testable import DixianEngine

/// Absences of laborers month by month (MODEL.md §3.2, §3.4; docs/model.md §3.2).
@Suite struct AbsenceTests {
    @Test func absencesOverlappingAcrossDecemberAreCountedOnceEach() {
        // One laborer: injured in October for 4 months (October to January), ill in December
        // for 3 (December and January are taken: February only). This year: 3 months, all
        // the injury's; the next: January (injury) and February (illness).
        var year = Absence()
        #expect(year.take(from: 9, months: 4, laborers: 1, illness: false) == (now: 3, beyond: 0))
        #expect(year.take(from: 11, months: 3, laborers: 1, illness: true) == (now: 0, beyond: 0))
        var next = Absence()
        let carried = next.start(from: year.carry)
        #expect(carried.illness == 1 && carried.injury == 1)
        // Both months are taken: an absence from January of the next year finds March first.
        #expect(next.take(from: 0, months: 3, laborers: 1, illness: true) == (now: 1, beyond: 0))
    }

    @Test func twoLaborersAreAbsentTogetherAndAThirdAbsenceWaits() {
        var year = Absence()
        #expect(year.take(from: 10, months: 2, laborers: 2, illness: true).now == 2)
        #expect(year.take(from: 10, months: 2, laborers: 2, illness: false).now == 2)
        #expect(year.take(from: 10, months: 4, laborers: 2, illness: false).now == 0)
        var next = Absence()
        #expect(next.start(from: year.carry) == (illness: 0, injury: 2))
    }

    @Test func monthsBeyondTheNextYearAreLeftToTheirYears() {
        // December 2021 for 30 months: 1 this year, 12 the next, 17 beyond.
        var year = Absence()
        #expect(year.take(from: 11, months: 30, laborers: 1, illness: false) == (now: 1, beyond: 17))
        var next = Absence()
        #expect(next.start(from: year.carry) == (illness: 0, injury: 12))
    }

    @Test func aDisabilityTakesTheMonthsOfAnAbsenceAfterIt() {
        // One laborer ill from January for 6 months, disabled in March: March to June are the
        // disability's (4 months given back); with two laborers, one still able, nothing is.
        var one = Absence()
        #expect(one.take(from: 0, months: 6, laborers: 1, illness: true).now == 6)
        #expect(one.release(from: 2, laborers: 0) == (illness: 4, injury: 0))
        var two = Absence()
        #expect(two.take(from: 0, months: 6, laborers: 2, illness: true).now == 6)
        #expect(two.release(from: 2, laborers: 1) == (illness: 0, injury: 0))
        // The next year's months of an absence are given up too.
        var late = Absence()
        #expect(late.take(from: 10, months: 5, laborers: 1, illness: true).now == 2)
        #expect(late.release(from: 11, laborers: 0) == (illness: 1, injury: 0))
        var next = Absence()
        #expect(next.start(from: late.carry) == (illness: 0, injury: 0))
        #expect(late.carry.isEmpty)
    }

    @Test func whatADisabilityGivesBackIsOfTheCausesOfItsMonths() {
        // One laborer ill in January and February, injured June to November, disabled in July:
        // July to November are given back, all of them injury months; the illness stays.
        var year = Absence()
        #expect(year.take(from: 0, months: 2, laborers: 1, illness: true).now == 2)
        #expect(year.take(from: 5, months: 6, laborers: 1, illness: false).now == 6)
        #expect(year.release(from: 6, laborers: 0) == (illness: 0, injury: 5))
        // Carried into the next year, the months keep their causes.
        var before = Absence()
        _ = before.take(from: 11, months: 3, laborers: 2, illness: true)
        _ = before.take(from: 11, months: 2, laborers: 2, illness: false)
        var after = Absence()
        #expect(after.start(from: before.carry) == (illness: 2, injury: 1))
        #expect(after.release(from: 0, laborers: 1) == (illness: 1, injury: 0))
    }

    /// The rules month by month, as docs/model.md §3.2 states them: the reference the
    /// word-packed ``Absence`` must agree with.
    private struct MonthByMonth {
        var absent = [Int](repeating: 0, count: 24)
        var ill = [Int](repeating: 0, count: 24)

        mutating func start(absent next: [Int], ill nextIll: [Int]) -> (illness: Int, injury: Int) {
            absent = Array(next[12..<24]) + [Int](repeating: 0, count: 12)
            ill = Array(nextIll[12..<24]) + [Int](repeating: 0, count: 12)
            let illness = ill.reduce(0, +)
            return (illness, absent.reduce(0, +) - illness)
        }

        mutating func take(from month: Int, months: Int, laborers: Int, illness: Bool) -> (now: Int, beyond: Int) {
            var now = 0
            for m in month..<max(month, min(month + months, 24)) {
                let room = m < 12 ? laborers : min(laborers, Absence.carriedAtMost)
                guard absent[m] < room else { continue }
                absent[m] += 1
                if illness { ill[m] += 1 }
                if m < 12 { now += 1 }
            }
            return (now, max(0, month + months - 24))
        }

        mutating func release(from month: Int, laborers: Int) -> (illness: Int, injury: Int) {
            var (illness, injury) = (0, 0)
            for m in month..<24 where absent[m] > laborers {
                let excess = absent[m] - laborers
                let ofIll = min(excess, ill[m])
                absent[m] = laborers
                ill[m] -= ofIll
                if m < 12 {
                    illness += ofIll
                    injury += excess - ofIll
                }
            }
            return (illness, injury)
        }
    }

    /// A seeded generator for the test's random cases (SplitMix64).
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func agreesWithTheRulesMonthByMonthOverManyRandomYears() {
        // Exact integer rules: any disagreement in 2,000 random households of 4 years fails.
        var rng = SplitMix(state: 20_261_201)
        for _ in 0..<2_000 {
            var fast = Absence()
            var slow = MonthByMonth()
            var laborers = Int.random(in: 0...20, using: &rng)
            for year in 0..<4 {
                if year > 0 {
                    var next = Absence()
                    let carried = next.start(from: fast.carry)
                    #expect(carried == slow.start(absent: slow.absent, ill: slow.ill))
                    fast = next
                }
                for _ in 0..<Int.random(in: 0...40, using: &rng) {
                    let month = Int.random(in: 0...12, using: &rng)
                    if Int.random(in: 0..<8, using: &rng) > 0 || laborers == 0 {
                        let months = [0, 1, 3, 6, 11, 14, 30][Int.random(in: 0...6, using: &rng)]
                        let illness = Bool.random(using: &rng)
                        #expect(
                            fast.take(from: month, months: months, laborers: laborers, illness: illness)
                                == slow.take(from: month, months: months, laborers: laborers, illness: illness))
                    } else {
                        laborers -= 1
                        #expect(
                            fast.release(from: min(month, 11), laborers: laborers)
                                == slow.release(from: min(month, 11), laborers: laborers))
                    }
                }
            }
        }
    }
}


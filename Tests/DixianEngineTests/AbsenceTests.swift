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
}

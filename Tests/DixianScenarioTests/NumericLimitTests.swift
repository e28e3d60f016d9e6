import DixianModel
import DixianScenario
import Testing

/// NaN, infinities and numbers too large in scenario files (issue 5): each refused at its
/// place, with what is wrong, so that nothing in a run can overflow to infinity or loop
/// for ever.
@Suite struct NumericLimitTests {
    @Test(arguments: [
        // Not numbers at all: YAML's special floats.
        (".nan", "lines.poverty.value: expected a number, found the string `.nan`"),
        (".inf", "lines.poverty.value: expected a number, found the string `.inf`"),
        ("-.Inf", "lines.poverty.value: expected a number, found the string `-.Inf`"),
        // Too large for a double, and finite but beyond any amount a scenario needs.
        (
            "1e400",
            "lines.poverty.value: `1e400` is too large a number; a scenario's numbers are at most 1e15 in magnitude"
        ),
        (
            "1e300",
            "lines.poverty.value: `1e300` is too large a number; a scenario's numbers are at most 1e15 in magnitude"
        ),
    ])
    func specialAndHugeNumbersAreRefusedAtTheirPlace(value: String, message: String) {
        let problems = Fixture.problems("name: x\nlines:\n  poverty: {value: \(value), growth: 0}\n")
        #expect(problems == ["scenario.yaml:3:20: " + message])
    }

    @Test func theLargestAllowedNumbersStillLoad() throws {
        let loaded = try Fixture.load(
            "name: x\nlines:\n  poverty: {value: 1e15, growth: 1}\nseed: 9007199254740992\n"
                + "shocks: {illness: {rate_per_person: 365, lost_months: 1812}}\n")
        #expect(loaded.scenario.seed == 1 << 53)
        #expect(loaded.scenario.shocks.illness.ratePerPerson == 365)
        // The canonical form (a manifest's `resolved_scenario`) writes it whole and loads it back.
        #expect(loaded.canonicalText.contains("\"seed\": 9007199254740992,\n"))
        #expect(try Fixture.load(loaded.canonicalText).scenario.seed == 1 << 53)
    }

    @Test func wholeNumbersBeyondTheCanonicalFormAreRefused() {
        // 2^53 + 1 cannot be written back exactly in the canonical form (numbers are doubles):
        // the manifest would record another seed than the one run.
        #expect(
            Fixture.problems("seed: 9007199254740993\n")
                == [
                    "scenario.yaml:1:7: seed: must be at most 9007199254740992 (2^53) in magnitude, found 9007199254740993"
                ])
        #expect(
            Fixture.problems("seed: 1e20\n")
                == ["scenario.yaml:1:7: seed: expected a whole number, found the number 1e20"])
    }

    @Test func growthRatesRatesAndMonthSpansHaveBounds() {
        // Each of these ran before: a growth of 10^14 a year overflowed the lines to infinity,
        // an illness rate of 10^6 a person-year took hours, and an epidemic of 2^63 − 1
        // months trapped on an arithmetic overflow in the shock tape.
        #expect(
            Fixture.problems("lines: {poverty: {value: 4000, growth: 1e14}}\n")
                == [
                    "scenario.yaml:1:40: lines.poverty.growth: must be greater than -1 and at most 1 (100% a year), found 100000000000000"
                ])
        #expect(
            Fixture.problems("income: {growth: {wage: 1.5}}\n")
                == [
                    "scenario.yaml:1:25: income.growth.wage: must be greater than -1 and at most 1 (100% a year), found 1.5"
                ])
        #expect(
            Fixture.problems("shocks: {illness: {rate_per_person: 1000000}}\n")
                == [
                    "scenario.yaml:1:37: shocks.illness.rate_per_person: must be at most 365 events a year, found 1000000"
                ])
        #expect(
            Fixture.problems("shocks: {labor: {epidemic: {months: 9223372036854775807}}}\n")
                == [
                    "scenario.yaml:1:37: shocks.labor.epidemic.months: must be at most 9007199254740992 (2^53) in magnitude, found 9223372036854775807"
                ])
        #expect(
            Fixture.problems("shocks: {labor: {epidemic: {months: 1813}}}\n")
                == [
                    "scenario.yaml:1:37: shocks.labor.epidemic.months: must be between 1 and 1812, found 1813"
                ])
        #expect(
            Fixture.problems("drill: {events: [{epidemic: true, year: 2022, month: 3, months: 100000}]}\n")
                == ["scenario.yaml:1:65: drill.events.0.months: must be between 1 and 1812, found 100000"])
        #expect(
            Fixture.problems("policies: {dibao: {phase_out_months: 5000}}\n")
                == [
                    "scenario.yaml:1:38: policies.dibao.phase_out_months: must be between 0 and 1812, found 5000"
                ])
    }

    @Test func probabilitiesOfExactlyZeroAndOneAreAccepted() throws {
        let loaded = try Fixture.load(
            "shocks: {labor: {job_loss_monthly: 1, reemployment_monthly: 0, downturn: {probability: 1}}}\n"
                + "policies: {monitoring: {cadre_monthly: 0, self_report_monthly: 1}}\n")
        #expect(loaded.scenario.shocks.labor.jobLossMonthly == 1)
        #expect(loaded.scenario.shocks.labor.reemploymentMonthly == 0)
        #expect(loaded.scenario.policies.monitoring.selfReportMonthly == 1)
        #expect(
            Fixture.problems("shocks: {labor: {job_loss_monthly: 1.0000001}}\n")
                == [
                    "scenario.yaml:1:36: shocks.labor.job_loss_monthly: must be a probability between 0 and 1, found 1.0000001"
                ])
    }

    @Test func anEmptyCommodityListAndAOneYearHorizon() throws {
        #expect(
            Fixture.problems("shocks: {prices: {commodities: []}}\n")
                == ["scenario.yaml:1:32: shocks.prices.commodities: must list at least one commodity"])
        // One year is the shortest horizon; an end before the start is refused.
        let one = try Fixture.load("years: {start: 2023, end: 2023}\nbase_year: 2023\n")
        #expect(one.scenario.years.years == [2023])
        #expect(
            Fixture.problems("years: {start: 2023, end: 2022}\n")
                == ["scenario.yaml:1:27: years.end: end (2022) must not be before start (2023)"])
    }
}

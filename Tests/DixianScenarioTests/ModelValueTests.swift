import DixianModel
import DixianScenario
import Testing

/// The scenario value types' own arithmetic: lines, distributions, per-key maps.
@Suite struct ModelValueTests {
    @Test func indexedLinesCompoundFromTheBaseYear() {
        var s = Scenario()
        s.lines.poverty = .indexed(value: 4000, growth: 0.03)
        s.lines.monitoring = .multiple(1.5)
        #expect(s.povertyLine(in: 2020) == 4000)
        #expect(abs(s.povertyLine(in: 2023) - 4000 * 1.03 * 1.03 * 1.03) < 1e-9)
        #expect(abs(s.monitoringLine(in: 2021) - 6180) < 1e-9)
        s.baseYear = 2021
        #expect(s.povertyLine(in: 2021) == 4000)
        #expect(abs(s.povertyLine(in: 2020) - 4000 / 1.03) < 1e-9)
    }

    @Test func tableLinesGiveTheirYearsAndCarryTheEnds() {
        let s = Scenario()
        #expect(s.monitoringLine(in: 2021) == 6000)
        #expect(s.monitoringLine(in: 2025) == 8700)
        #expect(s.monitoringLine(in: 2020) == 6000)
        #expect(s.monitoringLine(in: 2030) == 8700)
        #expect(Line.table([2021: 1, 2023: 3]).value(in: 2022, baseYear: 2020) == 1)
        #expect(abs(s.dibaoStandard(in: 2022) - 4620 * 1.06 * 1.06) < 1e-9)
    }

    @Test func distributionMeansAndChecks() {
        #expect(Distribution.beta(a: 2, b: 6).mean == 0.25)
        #expect(Distribution.uniform(min: 0.2, max: 0.5).mean == 0.35)
        #expect(Distribution.gamma(shape: 2.385, scale: 2).mean == 4.77)
        #expect(Distribution.discrete(values: [1, 3], weights: [1, 3]).mean == 2.5)
        #expect(Distribution.lognormal(mean: 8000, sd: 6000).mean == 8000)
        // log X ~ N(μ, σ²) with σ² = log(1 + (6000/8000)²) = log 1.5625.
        let d = Distribution.lognormal(mean: 8000, sd: 6000)
        #expect(abs(d.logScale! - 0.6680472308365775) < 1e-12)
        #expect(abs(d.logLocation! - (8.987196820661973 - 0.6680472308365775 * 0.6680472308365775 / 2)) < 1e-12)
        #expect(Distribution.beta(a: 0, b: 1).problems.map(\.parameter) == ["a"])
        #expect(Distribution.normal(mean: 0, sd: -1).problems.map(\.parameter) == ["sd"])
        #expect(Distribution.discrete(values: [1, 2], weights: [0, 0]).problems.map(\.parameter) == ["weights"])
        #expect(Distribution.discrete(values: [1, 2], weights: [1]).problems.map(\.parameter) == ["weights"])
        #expect(Distribution.uniform(min: 2, max: 1).problems.map(\.parameter) == ["max"])
        #expect(Distribution.poisson(mean: 0.05).problems.isEmpty)
    }

    @Test func keyedValuesFallBackToTheDefault() {
        var k = Keyed<County, Double>(0.04, [.cangyuan: 0.08])
        #expect(k[.cangyuan] == 0.08)
        #expect(k[.linxiang] == 0.04)
        k[.gengma] = 0.1
        #expect(k.overrides.count == 2)
    }

    @Test func uniformCorrelationExpandsToAMatrix() {
        #expect(Correlation.uniform(0.2).matrix(size: 2) == [[1, 0.2], [0.2, 1]])
        #expect(Correlation.isPositiveSemidefinite([[1, 1], [1, 1]]))
        #expect(!Correlation.isPositiveSemidefinite([[1, 2], [2, 1]]))
    }
}

import DixianModel
import DixianScenario
import Foundation
import Testing

/// The reference file of the interface, the repository's scenarios and the embedded baseline.
@Suite struct ReferenceTests {
    @Test func referenceFileLoadsAsWritten() throws {
        let loaded = try ScenarioLoader.load(file: Fixture.path("reference.yaml"))
        let s = loaded.scenario
        #expect(s.name == "lincang-baseline")
        #expect(s.seed == 20_221_230)
        #expect(s.replications == .fixed(1000))
        #expect(s.lines.monitoring == .multiple(1.5))
        #expect(s.shocks.prices.sd[Commodity("coffee")] == 0.25)
        #expect(s.shocks.prices.sd[Commodity("cattle")] == 0.12)
        #expect(s.shocks.disasters.map(\.name) == ["earthquake", "drought"])
        #expect(s.shocks.disasters[0].rate[.cangyuan] == 0.08)
        #expect(s.shocks.disasters[0].rate[.linxiang] == 0.04)
        #expect(s.shocks.disasters[1].houseDamage.probability == 0)
        #expect(s.policies.medical.takeUp[2023] == 0.97)
        #expect(s.policies.tekunStandardFromReference == 6000)
        #expect(s.variants.isEmpty && s.drill == nil && s.sweep == nil)
    }

    @Test func referenceWithOptionalSectionsLoads() throws {
        let loaded = try ScenarioLoader.load(file: Fixture.path("reference-full.yaml"))
        let s = loaded.scenario
        #expect(s.variants.map(\.name) == ["current-policy", "no-monitoring", "fast-detection"])
        #expect(
            s.drill?.events == [
                .hazard(name: "earthquake", county: .cangyuan, year: 2024, month: 5, villages: 0.4, loss: 0.5),
                .price(commodity: "tea", year: 2023, change: -0.30),
                .epidemic(year: 2024, month: 2, months: 3),
            ])
        guard case .sobol(let samples, let parameters) = s.sweep?.design else {
            Issue.record("expected a Sobol sweep")
            return
        }
        #expect(samples == 256)
        // Dimensions in key-path order, whatever the file's order.
        #expect(parameters.map(\.keyPath) == [
            "policies.medical.aid.rate", "policies.monitoring.cadre_monthly", "shocks.labor.job_loss_monthly",
        ])
        let variants = try loaded.variants()
        #expect(variants[1].scenario.policies.monitoring.enabled == false)
        #expect(variants[2].scenario.policies.monitoring.cadreMonthly == 0.4)
        #expect(variants[2].scenario.policies.monitoring.selfReportMonthly == 0.2)
    }

    @Test func everyScenarioOfTheRepositoryLoads() throws {
        let folder = Fixture.repository.appendingPathComponent("scenarios").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 4)
        for file in files {
            let path = folder + "/" + file
            #expect(ScenarioLoader.validate(files: [path]).map(\.description) == [], "\(file)")
            if let loaded = try? ScenarioLoader.load(file: path) {
                #expect((try? loaded.variants())?.isEmpty == false, "\(file)")
            }
        }
    }

    @Test func baselineIsTheDefaultScenario() {
        let baseline = ScenarioLoader.loadBaseline()
        var defaults = Scenario()
        defaults.description = baseline.scenario.description
        defaults.outputs.dir = "outputs/lincang-baseline"
        #expect(baseline.scenario == defaults)
        #expect(baseline.scenario.outputDirectory == Scenario().outputDirectory)
    }

    @Test func embeddedBaselineIsTheRepositoryFile() throws {
        let path = Fixture.repository.appendingPathComponent("scenarios/lincang-baseline.yaml").path
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(ScenarioLoader.baselineText == onDisk)
    }

    @Test func baselineWritesEveryKeyItReads() throws {
        // Every key path of the registry that is not a placeholder or an optional section
        // appears in the baseline file, so that it reads as the full list of assumptions.
        let text = ScenarioLoader.baselineText
        // outputs.dir: the default, `outputs/<name>`, is what a scenario extending the baseline needs.
        let optional = ["variants", "drill", "sweep", "extends", "replications.", "population.file", "outputs.dir"]
        for path in KeyRegistry.keyPaths where !path.contains("<") && !optional.contains(where: path.hasPrefix) {
            let last = String(path.split(separator: ".").last!)
            if ["table", "value", "growth", "multiple", "default", "dist"].contains(last) { continue }
            #expect(text.contains(last + ":"), "\(path) is not in the baseline file")
        }
    }

    @Test func aBudgetByCountyCapsTheCountiesItListsOrAllWithADefault() throws {
        func budget(_ yaml: String) throws -> Budget? {
            let loaded = try ScenarioLoader.load(
                text: "name: b\npolicies: {budgets: {disaster_relief: {yearly_per_county: \(yaml)}}}\n", file: "/tmp/b.yaml")
            // The canonical form reads back to the same budget.
            let again = try ScenarioLoader.load(text: loaded.canonicalText, file: "/tmp/canonical.json")
            #expect(again.scenario == loaded.scenario, "\(yaml)")
            return loaded.scenario.policies.budgets[.disasterRelief]
        }
        let listed = try #require(try budget("{cangyuan: 1000000}"))
        #expect(listed[.cangyuan] == 1_000_000 && listed[.gengma] == .infinity && !listed.caps(.gengma))
        let withDefault = try #require(try budget("{cangyuan: 1000000, default: 0}"))
        #expect(withDefault[.cangyuan] == 1_000_000 && withDefault[.gengma] == 0 && withDefault.caps(.gengma))
        let everywhere = try #require(try budget("500000"))
        #expect(County.allCases.allSatisfy { everywhere[$0] == 500_000 })
    }

    @Test func canonicalTextReadsBackToTheSameScenario() throws {
        for loaded in [
            ScenarioLoader.loadBaseline(), try ScenarioLoader.load(file: Fixture.path("reference-full.yaml")),
        ] {
            let again = try ScenarioLoader.load(text: loaded.canonicalText, file: "/tmp/canonical.json")
            #expect(again.scenario == loaded.scenario)
            #expect(again.canonicalText == loaded.canonicalText)
        }
    }

    @Test func canonicalTextIsSortedAndFillsDefaults() throws {
        let loaded = try ScenarioLoader.load(text: "name: tiny\n", file: "/tmp/tiny.yaml")
        let text = loaded.canonicalText
        #expect(text.hasPrefix("{\n  \"accounting\": {\n    \"rigid_expenditure\": true\n  },\n  \"base_year\": 2020,"))
        #expect(text.contains("\"dir\": \"outputs/tiny\""))
        #expect(text.contains("\"cadre_monthly\": 0.15"))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func generatorNamesAreCheckedWhenGiven() {
        do {
            _ = try ScenarioLoader.load(text: "rng: mt1993\n", file: "g.yaml", generators: ["mt19937", "taus2"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "g.yaml:1:6: rng: unknown GSL generator `mt1993`; did you mean `mt19937`?")
        }
    }
}

extension Policies {
    fileprivate var tekunStandardFromReference: Double { dibao.tekunStandard }
}

import DixianBatch
import DixianModel
import Foundation

/// Small scenarios and populations for batch tests: everything random switched off, so
/// that a run's figures depend on the swept settings alone.
enum BatchFixtures {
    /// A scenario with every shock and policy off, flat lines and no income growth, two
    /// years, two replications; `sweep` (YAML, indented two spaces under `sweep:`) appended.
    static func quietScenario(name: String = "quiet", sweep: String? = nil) -> String {
        var text = """
            name: \(name)
            seed: 2385
            replications: 2
            years: {start: 2021, end: 2022}
            lines:
              poverty: {value: 4000, growth: 0}
              monitoring: {multiple: 1.5}
              dibao: {value: 4620, growth: 0}
            income:
              growth: {wage: 0, production: 0, property: 0, transfer: 0}
              volatility: {production: 0, wage: 0}
            shocks:
              prices: {sd: 0, drift: 0, crash: {probability: 0}}
              disasters: []
              labor: {job_loss_monthly: 0, downturn: {probability: 0}, epidemic: {probability: 0}}
              illness: {rate_per_person: 0, disability_per_laborer: 0}
            policies:
              monitoring: {enabled: false}
              dibao: {enabled: false}
              medical: {enabled: false}
              employment: {enabled: false}
              agri_insurance: {enabled: false}
              binding: {enabled: false}
              consumption_help: {enabled: false}
              risk_fund: {enabled: false}
              relapse_insurance: {enabled: false}
              disaster_relief: {enabled: false}

            """
        if let sweep { text += "sweep:\n" + sweep }
        return text
    }

    /// 40 one-person exited households, each alone in its village, living on transfers
    /// of 2,000, 2,100, …, 5,900 yuan a year (no other income): with every shock off, a
    /// household relapses exactly when its transfer is below the poverty line.
    static let population: Population = {
        var population = Population()
        for i in 0..<40 {
            var h = Household(
                id: "h\(i)", county: .cangyuan, township: "t\(i / 10)", village: "v\(i)", size: 1, laborers: 0,
                migrants: 0, status: .exited)
            h.transfer = 2_000 + 100 * Double(i)
            population.append(h)
        }
        return population
    }()

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dixian-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` as `name` in `folder`; returns its path.
    @discardableResult
    static func write(_ text: String, as name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func runner(_ catalog: Catalog) -> BatchRunner {
        BatchRunner(catalog: catalog, threads: 2, population: { _ in population }, programVersion: "test")
    }

    /// A new folder with a catalog, and a runner writing its runs' files under `out/`;
    /// `quiet` is the folder of the quiet scenario's runs there.
    static func runnerWithOutput() throws -> (folder: URL, catalog: Catalog, runner: BatchRunner, quiet: URL) {
        let folder = try Self.folder()
        let catalog = try Catalog(path: folder.appendingPathComponent("results.sqlite").path)
        var runner = Self.runner(catalog)
        let out = folder.appendingPathComponent("out")
        runner.outputDirectory = out.path
        return (folder, catalog, runner, out.appendingPathComponent("quiet"))
    }
}

import DixianEngine
import DixianModel
import Foundation

/// Writes the output files of a run (INTERFACE.md, "Outputs of a run"; `docs/outputs.md`).
///
/// Every file is written through ``AtomicFile`` (a temporary name, then a rename), and
/// `manifest.json` — which says `"complete": true` and lists the files with their
/// sizes — is written last: a folder with a manifest holds a complete run. A manifest
/// already in the folder is removed before anything else is written, so a run that fails
/// part-way leaves none. The files are the same bytes for the same result and
/// population; only the manifest and `report.html` (which shows the manifest's times,
/// threads and processes) carry how the run was made.
public enum RunWriter {
    /// The files written for each format, in writing order (`comparison.csv` only for a
    /// run with several variants).
    public static func fileNames(for formats: Set<OutputFormat>, variants: Int = 1) -> [String] {
        var names: [String] = []
        if formats.contains(.csv) {
            names += ["summary.csv", "replications.csv", "exceedance.csv", "villages.csv", "townships.csv", "causes.csv",
                "spending.csv",
            ]
            if variants > 1 { names.append("comparison.csv") }
        }
        if formats.contains(.json) { names.append("summary.json") }
        if formats.contains(.html) { names.append(HTMLReport.fileName) }
        return names
    }

    /// The name of the manifest, always written, last.
    public static let manifestName = "manifest.json"

    /// Writes `result` into `directory` (created if missing) in `formats`, then the manifest.
    ///
    /// - Parameters:
    ///   - population: the population the run simulated (village and township codes and
    ///     exited households for `villages.csv` and `townships.csv`).
    ///   - formats: `.csv` writes the seven CSV files, `.json` writes `summary.json`,
    ///     `.html` writes `report.html` (``HTMLReport``). The manifest is always written.
    ///   - report: language and scenarios of `report.html`; required when `formats`
    ///     contains `.html`.
    /// - Throws: ``RunWriterError`` before writing when the inputs do not fit; a file
    ///   system error when a file cannot be written (no manifest is left then).
    ///   - baselines: for each variant, the index of the variant it is compared with
    ///     (`comparison.csv`, written when the run has several variants); empty: the first.
    ///   - drillStart: for a drill, the month of its first event counted from January of
    ///     the first simulated year; `drill.csv` and the drill timeline of `report.html`
    ///     start there.
    public static func write(
        _ result: RunResult, population: Population, metadata: RunMetadata, formats: Set<OutputFormat>,
        report: ReportSettings? = nil, baselines: [Int] = [], drillStart: Int = 0, to directory: String
    ) throws {
        try check(result, population: population, metadata: metadata)
        if formats.contains(.html) {
            guard let report, !report.scenarios.isEmpty else { throw RunWriterError.reportNeedsScenario }
        }
        let folder = URL(fileURLWithPath: directory)
        let manifest = folder.appendingPathComponent(manifestName)
        if FileManager.default.fileExists(atPath: manifest.path) {
            try FileManager.default.removeItem(at: manifest)
        }
        // Temporary files of a run killed while writing here: never finished, only in the way.
        AtomicFile.removeStalePartials(
            of: fileNames(for: formats, variants: result.variantNames.count) + ["drill.csv", manifestName],
            in: directory)

        var written: [(name: String, bytes: Int)] = []
        func csv(_ name: String, _ columns: [String], _ rows: (([Cell]) throws -> Void) throws -> Void) throws {
            let bytes = try AtomicFile.write(to: folder.appendingPathComponent(name).path) { out in
                try out.write(CSV.header(columns))
                try rows { try out.write(CSV.line($0)) }
            }
            written.append((name, bytes))
        }
        if formats.contains(.csv) {
            try csv("summary.csv", SummaryTable.columns) { try SummaryTable.rows(result, $0) }
            try csv("replications.csv", ReplicationsTable.columns) { try ReplicationsTable.rows(result, $0) }
            try csv("exceedance.csv", ExceedanceTable.columns) { try ExceedanceTable.rows(result, $0) }
            try csv("villages.csv", VillagesTable.columns) {
                try VillagesTable.rows(result, population: population, $0)
            }
            try csv("townships.csv", TownshipsTable.columns) {
                try TownshipsTable.rows(result, population: population, $0)
            }
            try csv("causes.csv", CausesTable.columns) { try CausesTable.rows(result, $0) }
            try csv("spending.csv", SpendingTable.columns) { try SpendingTable.rows(result, $0) }
            if result.variantNames.count > 1 {
                try csv("comparison.csv", ComparisonTable.columns) {
                    try ComparisonTable.rows(result, baselines: baselines, $0)
                }
            }
            if result.hasMonthly {
                try csv("drill.csv", DrillTable.columns) { try DrillTable.rows(result, start: drillStart, $0) }
            }
        }
        if formats.contains(.json) {
            let bytes = try AtomicFile.write(to: folder.appendingPathComponent("summary.json").path) { out in
                try writeRecords(SummaryTable.columns, to: &out) { try SummaryTable.rows(result, $0) }
            }
            written.append(("summary.json", bytes))
        }
        if formats.contains(.html), let report {
            let page = HTMLReport.html(
                result, population: population, metadata: metadata, settings: report, drillStart: drillStart,
                baselines: baselines)
            try AtomicFile.write(page, to: folder.appendingPathComponent(HTMLReport.fileName).path)
            written.append((HTMLReport.fileName, page.utf8.count))
        }

        try writeManifest(result, metadata: metadata, files: written, to: directory)
    }

    /// Writes `manifest.json` alone, listing `files` (already written): for a shard with no
    /// replications (more shards than replications), whose only other file is its `shard.bin`.
    public static func writeManifest(
        _ result: RunResult, metadata: RunMetadata, files: [(name: String, bytes: Int)], to directory: String
    ) throws {
        let text = Manifest.json(result: result, metadata: metadata, files: files).text
        try AtomicFile.write(text, to: URL(fileURLWithPath: directory).appendingPathComponent(manifestName).path)
    }

    /// A table as a JSON array of records, one per line: `[{"column": value, …}, …]`,
    /// which `pandas.read_json` and `jsonlite::fromJSON` read as a data frame.
    static func writeRecords(
        _ columns: [String], to out: inout AtomicFile.TextOutput,
        _ rows: (([Cell]) throws -> Void) throws -> Void
    ) throws {
        let keys = columns.map { ScenarioValue.quote($0) + ":" }
        var first = true
        try out.write("[")
        try rows { cells in
            var record = first ? "\n{" : ",\n{"
            for (i, cell) in cells.enumerated() {
                if i > 0 { record += "," }
                record += keys[i] + cell.json
            }
            try out.write(record + "}")
            first = false
        }
        try out.write(first ? "]\n" : "\n]\n")
    }

    /// Checks that result, population and metadata fit before any file is touched.
    static func check(_ result: RunResult, population: Population, metadata: RunMetadata) throws {
        guard !result.replications.isEmpty else { throw RunWriterError.noReplications }
        let variants = result.variantNames.count
        guard result.stores.count == variants, result.places.count == variants else {
            throw RunWriterError.inconsistentResult(
                "\(variants) variant names, \(result.stores.count) outcome lists, \(result.places.count) place tallies")
        }
        for (v, store) in result.stores.enumerated() where store.count != result.replications.count {
            throw RunWriterError.inconsistentResult(
                "variant \(result.variantNames[v]) has \(store.count) replications, the range \(result.replications.count)")
        }
        let villages = population.geography.villages.count
        let townships = population.geography.townships.count
        for tally in result.places {
            if tally.villageRelapsed.count != villages || tally.villageBreaches.count != villages {
                throw RunWriterError.populationMismatch(
                    places: "villages", inResult: tally.villageRelapsed.count, inPopulation: villages)
            }
            if tally.townshipRelapsed.count != townships || tally.townshipBreaches.count != townships {
                throw RunWriterError.populationMismatch(
                    places: "townships", inResult: tally.townshipRelapsed.count, inPopulation: townships)
            }
        }
        let data = Data(metadata.resolvedScenario.utf8)
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw RunWriterError.scenarioNotJSONObject
        }
    }
}

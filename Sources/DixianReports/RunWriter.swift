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
    /// The files written for each format, in writing order, the manifest aside
    /// (`comparison.csv` only for a run with several variants, with `csv`; `drill.csv` for a
    /// drill, whatever the formats: `summary.json` and `report.html` do not hold its months).
    public static func fileNames(for formats: Set<OutputFormat>, variants: Int = 1, drill: Bool = false) -> [String] {
        var names: [String] = []
        if formats.contains(.csv) {
            names += ["summary.csv", "replications.csv", "exceedance.csv", "villages.csv", "townships.csv", "causes.csv",
                "spending.csv",
            ]
            if variants > 1 { names.append("comparison.csv") }
        }
        if drill { names.append(drillName) }
        if formats.contains(.json) { names.append("summary.json") }
        if formats.contains(.html) { names.append(HTMLReport.fileName) }
        return names
    }

    /// The month-by-month file of a drill, written for every drill whatever `outputs.formats`.
    public static let drillName = "drill.csv"

    /// Every file a run may write in its folder, whatever its formats and shape, the manifest
    /// aside: the names ``write(_:population:metadata:formats:report:baselines:drillStart:otherOutputs:to:)``
    /// removes when an earlier run left them and this one does not write them.
    public static let outputNames = fileNames(for: Set(OutputFormat.allCases), variants: 2, drill: true)

    /// The name of the manifest, always written, last.
    public static let manifestName = "manifest.json"
    /// Files that only a Dixian run leaves in its folder besides the manifest: a checkpoint
    /// (`checkpoint.bin`) and a shard's archive (`shard.bin`).
    public static let runMarks = ["checkpoint.bin", "shard.bin"]

    /// Writes `result` into `directory` (created if missing) in `formats`, then the manifest,
    /// and returns the names of the files written (the manifest's `files`, in writing order).
    ///
    /// Every file, the manifest too, is written under its temporary name first; only when all
    /// are written does an earlier run's manifest go and the files take their names, the
    /// manifest last. A write that fails (a full disk) leaves the folder as it was: an earlier
    /// complete run stays whole.
    ///
    /// An earlier run's files that this one does not write — ``outputNames`` and
    /// `otherOutputs`, and nothing else — are removed once this run's files are in place and
    /// before its manifest is written, so that a folder holds no file of another run looking
    /// current (`comparison.csv` of a run with variants under a run without). Only in a folder
    /// that held an earlier run (`earlierRun`; nil: judged when the writing starts, by
    /// ``holdsEarlierRun(_:)``): a file of such a name in a folder of the user's own is left
    /// alone.
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
    ///   - otherOutputs: the names of other files Dixian writes in a run's folder that this
    ///     run does not write (a shard's archive, for a run that is not a shard): removed as
    ///     an earlier run's leftovers.
    ///   - earlierRun: whether the folder held an earlier run before this one began — judged
    ///     by a caller that has written a checkpoint or a shard's archive there since.
    ///   - writtenBefore: files of this run its caller has written already (a shard's
    ///     archive), with their sizes: listed first in the manifest and in what is returned.
    ///   - staged: where its caller wrote them, under their temporary names: they take their
    ///     names with this run's files (discarded if this run's cannot be written).
    /// - Returns: the names of the run's files, in writing order.
    @discardableResult
    public static func write(
        _ result: RunResult, population: Population, metadata: RunMetadata, formats: Set<OutputFormat>,
        report: ReportSettings? = nil, baselines: [Int] = [], drillStart: Int = 0, otherOutputs: [String] = [],
        earlierRun: Bool? = nil, writtenBefore: [(name: String, bytes: Int)] = [], staged: AtomicFile.Staging? = nil,
        to directory: String
    ) throws -> [String] {
        let files = staged ?? AtomicFile.Staging()
        let manifestFile = AtomicFile.Staging()
        do {
            try check(result, population: population, metadata: metadata)
            if formats.contains(.html) {
                guard let report, !report.scenarios.isEmpty else { throw RunWriterError.reportNeedsScenario }
            }
            let earlierRun = earlierRun ?? holdsEarlierRun(directory)
            // Temporary files of a run killed while writing here: never finished, only in the way.
            AtomicFile.removeStalePartials(of: outputNames + [manifestName], in: directory)
            let written = try writeFiles(
                result, population: population, metadata: metadata, formats: formats, report: report,
                baselines: baselines, drillStart: drillStart, writtenBefore: writtenBefore, into: files,
                directory: directory)
            let manifest = URL(fileURLWithPath: directory).appendingPathComponent(manifestName).path
            try manifestFile.write(Manifest.json(result: result, metadata: metadata, files: written).text, to: manifest)
            // Everything is written: the earlier run's manifest goes, so that the folder does
            // not look complete until this run's is in place, after its files.
            if FileManager.default.fileExists(atPath: manifest) { try FileManager.default.removeItem(atPath: manifest) }
            try files.commit()
            if earlierRun {
                removeLeftovers(Set(outputNames + otherOutputs).subtracting(written.map(\.name)), in: directory)
            }
            try manifestFile.commit()
            return written.map(\.name)
        } catch {
            files.discard()
            manifestFile.discard()
            throw error
        }
    }

    /// Writes the run's files (not its manifest) into `staging`; returns every file of the
    /// run with its size, `writtenBefore` first.
    private static func writeFiles(
        _ result: RunResult, population: Population, metadata: RunMetadata, formats: Set<OutputFormat>,
        report: ReportSettings?, baselines: [Int], drillStart: Int, writtenBefore: [(name: String, bytes: Int)],
        into staging: AtomicFile.Staging, directory: String
    ) throws -> [(name: String, bytes: Int)] {
        let folder = URL(fileURLWithPath: directory)
        var written = writtenBefore
        func csv(_ name: String, _ columns: [String], _ rows: (([Cell]) throws -> Void) throws -> Void) throws {
            let bytes = try staging.write(to: folder.appendingPathComponent(name).path) { out in
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
        }
        if result.hasMonthly {
            try csv(drillName, DrillTable.columns) { try DrillTable.rows(result, start: drillStart, $0) }
        }
        if formats.contains(.json) {
            let bytes = try staging.write(to: folder.appendingPathComponent("summary.json").path) { out in
                try writeRecords(SummaryTable.columns, to: &out) { try SummaryTable.rows(result, $0) }
            }
            written.append(("summary.json", bytes))
        }
        if formats.contains(.html), let report {
            let page = HTMLReport.html(
                result, population: population, metadata: metadata, settings: report, drillStart: drillStart,
                baselines: baselines)
            try staging.write(page, to: folder.appendingPathComponent(HTMLReport.fileName).path)
            written.append((HTMLReport.fileName, page.utf8.count))
        }
        return written
    }

    /// Whether `directory` holds a Dixian run: its manifest, a checkpoint or a shard's archive.
    /// Judged before a run writes any of them itself.
    public static func holdsEarlierRun(_ directory: String) -> Bool {
        ([manifestName] + runMarks).contains { FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }

    /// Removes the files `names` from `directory` where they are regular files: an earlier
    /// run's outputs that the run just written does not replace. Nothing else is touched (a
    /// folder or a link of such a name is left alone).
    public static func removeLeftovers(_ names: Set<String>, in directory: String) {
        for name in names.sorted() {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
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

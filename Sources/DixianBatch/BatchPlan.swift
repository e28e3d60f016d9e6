import DixianModel
import DixianReports
import DixianScenario
import Foundation
import GSL

/// Every run of a batch, validated before anything runs: each scenario file given (or
/// every `.yaml` and `.yml` of a folder, sorted by name), each expanded into the points of its
/// `sweep:` — one run per point, one for a scenario without a sweep.
///
/// Every point is the scenario with its sweep values applied by
/// ``LoadedScenario/applying(_:)``, so it is checked exactly as a file is; problems
/// point at the sweep parameter that caused them.
public struct BatchPlan: Sendable {
    /// One run: a scenario with a sweep point applied (or the scenario alone).
    public struct Point: Sendable {
        /// The design row (0-based) of a sweep point; nil for a scenario without a sweep.
        public var index: Int?
        /// The scenario as run: sweep values and command-line overrides applied.
        public var loaded: LoadedScenario
        /// The varied key paths with their values at this point.
        public var parameters: [Catalog.Parameter]
        /// SHA-256 of the point's canonical text (seed and replications included), or for a
        /// point over a household file its ``SHA256/runIdentity(resolvedScenario:householdFileSHA256:)``
        /// (``identifyHouseholdFiles(_:)``): its identity in the catalog.
        public var sha256: String
        /// SHA-256 of the bytes of the household file the point reads (nil: the built-in
        /// population, or not yet identified).
        public var householdFileSHA256: String? = nil
    }

    /// One scenario file and its runs.
    public struct Entry: Sendable {
        public var file: String
        public var loaded: LoadedScenario
        /// The sweep's design, nil without a sweep.
        public var design: SweepDesign?
        /// The key paths given whole values in a Sobol design.
        public var wholeNumberKeys: Set<String>
        public var points: [Point]

        /// What to tell the user about the design, located at `sweep.samples`: a Sobol design
        /// with too few samples for its intervals, or not a power of two
        /// (``SweepDesign/sobolWarnings(samples:)``).
        public var warnings: [Diagnostic] {
            guard case .sobol(let n)? = design?.kind else { return [] }
            let location = loaded.tree["sweep"]?["samples"]?.location ?? loaded.tree["sweep"]?.location
                ?? SourceLocation(file: file, line: 1, column: 1)
            return SweepDesign.sobolWarnings(samples: n).map {
                Diagnostic(location: location, path: "sweep.samples", message: $0)
            }
        }
    }

    public var entries: [Entry]

    /// The warnings of every entry (``Entry/warnings``), in plan order.
    public var warnings: [Diagnostic] { entries.flatMap(\.warnings) }

    /// Every run, entry by entry.
    public var points: [Point] { entries.flatMap(\.points) }

    /// Scenarios of the plan that share a name, whose runs `--out` would write to one folder
    /// (`<name>/`, or its `point-NNNN/`) — names that differ only in case included, one
    /// folder where the file system ignores case: each after the first, at its own `name`
    /// (or the top of its file when the name is inherited or taken from the file's name).
    public var nameClashes: [Diagnostic] {
        // (A file reached twice is one entry: ``ScenarioLoader/scenarioFiles(_:)`` lists it once.)
        var first: [String: (name: String, file: String)] = [:]
        var problems: [Diagnostic] = []
        for entry in entries {
            let name = entry.loaded.scenario.name
            guard let earlier = first[name.lowercased()] else {
                first[name.lowercased()] = (name, entry.file)
                continue
            }
            let own = entry.loaded.tree["name"]?.location
            let location = own.flatMap { $0.file == entry.file ? $0 : nil } ?? SourceLocation(file: entry.file, line: 1, column: 1)
            let also = earlier.name == name ? "also the name" : "the name, but for case (`\(earlier.name)`),"
            problems.append(
                Diagnostic(
                    location: location, path: "name",
                    message: "`\(name)` is \(also) of \(earlier.file): with --out, both would write to \(name)/; "
                        + "give each scenario a name of its own"))
        }
        return problems
    }

    /// Makes the identity of each point over a household file cover the file's contents
    /// too (`hashes`: SHA-256 of each file's bytes, by its path in the scenario), so that a
    /// restarted batch runs again what a changed household file changes.
    public mutating func identifyHouseholdFiles(_ hashes: [String: String]) {
        for e in entries.indices {
            for p in entries[e].points.indices {
                let point = entries[e].points[p]
                guard case .file(let path) = point.loaded.scenario.population.origin, let hash = hashes[path] else { continue }
                entries[e].points[p].sha256 = SHA256.runIdentity(
                    resolvedScenario: point.loaded.canonicalText, householdFileSHA256: hash)
                entries[e].points[p].householdFileSHA256 = hash
            }
        }
    }

    /// The batch's identity: the first 16 hex digits of the SHA-256 of its runs' hashes,
    /// in order. The same files and options give the same id, so a restarted batch
    /// continues its own batch.
    public var batchID: String {
        String(SHA256.hex(of: points.map(\.sha256).joined(separator: "\n")).prefix(16))
    }

    /// The scenario files of `paths`: a file as given, a folder's `.yaml` and `.yml` files
    /// sorted by name (not recursive); see ``ScenarioLoader/scenarioFiles(_:)``.
    public static func scenarioFiles(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        ScenarioLoader.scenarioFiles(paths)
    }

    /// Loads and expands every scenario of `paths`, applying `overrides` (such as
    /// `replications` from the command line) to every point.
    ///
    /// - Throws: ``InputErrors`` with every problem of every file and point; a problem
    ///   several points share is listed once, with how many points have it.
    public static func make(
        paths: [String], overrides: [LoadedScenario.Override] = [], generators: [String]? = nil
    ) throws(InputErrors) -> BatchPlan {
        let (plan, problems) = checked(paths: paths, overrides: overrides, generators: generators)
        guard problems.isEmpty else { throw InputErrors(problems) }
        return plan
    }

    /// The plan of the files and points without problems, and the problems of the others: so
    /// that a caller checking more (the points' populations) reports everything in one pass.
    public static func checked(
        paths: [String], overrides: [LoadedScenario.Override] = [], generators: [String]? = nil
    ) -> (plan: BatchPlan, problems: [Diagnostic]) {
        let (files, fileProblems) = scenarioFiles(paths)
        var problems = fileProblems
        var entries: [Entry] = []
        for file in files {
            do {
                let loaded = try ScenarioLoader.load(file: file, generators: generators)
                entries.append(try entry(file: file, loaded: loaded, overrides: overrides))
            } catch {
                problems += error.diagnostics
            }
        }
        return (BatchPlan(entries: entries), problems)
    }

    /// The runs of one loaded scenario.
    public static func entry(
        file: String, loaded: LoadedScenario, overrides: [LoadedScenario.Override] = []
    ) throws(InputErrors) -> Entry {
        guard let sweep = loaded.scenario.sweep else {
            let point = try overrides.isEmpty ? loaded : loaded.applying(overrides)
            return Entry(
                file: file, loaded: loaded, design: nil, wholeNumberKeys: [],
                points: [Point(index: nil, loaded: point, parameters: [], sha256: SHA256.hex(of: point.canonicalText))])
        }
        let sweepNode = loaded.tree["sweep"]
        let sweepLocation = sweepNode?.location ?? SourceLocation(file: file, line: 1, column: 1)
        var keyLocations: [String: SourceLocation] = [:]
        for e in sweepNode?["parameters"]?.entries ?? [] { keyLocations[e.key] = e.keyLocation }

        let whole = wholeNumberKeys(of: sweep, in: loaded)
        let design: SweepDesign
        do {
            design = try SweepDesign(sweep, wholeNumberKeys: whole)
        } catch GSLError.invalidArgument(let text) {
            throw InputErrors([Diagnostic(location: sweepLocation, path: "sweep", message: text)])
        } catch {
            throw InputErrors([Diagnostic(location: sweepLocation, path: "sweep", message: "\(error)")])
        }

        // A problem shared by many points is reported once, with the count.
        var firstProblem: [Diagnostic] = []
        var sharing: [String: Int] = [:]
        var points: [Point] = []
        points.reserveCapacity(design.count)
        for (index, row) in design.rows.enumerated() {
            let values = zip(design.keyPaths, row).map { key, value in
                LoadedScenario.Override(keyPath: key, value: value, location: keyLocations[key])
            }
            do {
                let point = try loaded.applying(values + overrides)
                points.append(
                    Point(
                        index: index, loaded: point,
                        parameters: zip(design.keyPaths, row).map { Catalog.Parameter(keyPath: $0, value: $1) },
                        sha256: SHA256.hex(of: point.canonicalText)))
            } catch {
                for d in error.diagnostics {
                    let key = "\(d.location)|\(d.path)"
                    if sharing[key] == nil {
                        let setting = zip(design.keyPaths, row).map { "\($0)=\($1)" }.joined(separator: ", ")
                        var shown = d
                        shown.message = "at sweep point \(index) (\(setting)): \(d.message)"
                        firstProblem.append(shown)
                    }
                    sharing[key, default: 0] += 1
                }
            }
        }
        guard firstProblem.isEmpty else {
            throw InputErrors(firstProblem.map { d in
                var d = d
                let others = (sharing["\(d.location)|\(d.path)"] ?? 1) - 1
                if others > 0 { d.message += " (and \(others) more point\(others == 1 ? "" : "s"))" }
                return d
            })
        }
        return Entry(file: file, loaded: loaded, design: design, wholeNumberKeys: whole, points: points)
    }

    /// The Sobol key paths the scenario takes as whole numbers (such as
    /// `policies.monitoring.exit.stable_years`): found by asking the loader, which rejects
    /// a fraction there: a range with whole ends where `min + 0.5` (inside the range, so
    /// range checks pass) is rejected as not "a whole number".
    static func wholeNumberKeys(of sweep: Sweep, in loaded: LoadedScenario) -> Set<String> {
        guard case .sobol(_, let parameters) = sweep.design else { return [] }
        var keys: Set<String> = []
        for p in parameters where p.min == p.min.rounded() && p.max == p.max.rounded() {
            let probe = p.min + 0.5
            do {
                _ = try loaded.applying([.init(keyPath: p.keyPath, value: .number(probe))])
            } catch {
                if error.diagnostics.contains(where: { $0.message.contains("whole number") }) { keys.insert(p.keyPath) }
            }
        }
        return keys
    }
}

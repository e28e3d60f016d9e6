import DixianModel
import Foundation

/// Reads scenario files: YAML → resolved tree (`extends:`) → validated `Scenario`,
/// reporting every problem with `FILE:LINE:COL`, the dotted key path and what to do.
public enum ScenarioLoader {
    /// The file name the embedded baseline's messages use.
    public static let baselineFile = "<embedded>/lincang-baseline.yaml"

    /// The embedded Lincang baseline (`scenarios/lincang-baseline.yaml`).
    public static var baselineText: String {
        String(decoding: PackageResources.lincang_baseline_yaml, as: UTF8.self)
    }

    /// Loads and validates a scenario file.
    ///
    /// - Parameters:
    ///   - file: the path as the user gave it; messages use it, and `extends:` paths are
    ///     resolved against its folder.
    ///   - generators: GSL generator names `rng` must be one of; nil skips that check.
    /// - Throws: every problem found, sorted by place.
    public static func load(file: String, generators: [String]? = nil) throws(InputErrors) -> LoadedScenario {
        try load(text: nil, file: file, generators: generators, checkingFiles: true)
    }

    /// Loads a scenario from text, as if read from `file` (whose folder `extends:` and
    /// `population.file` are relative to). `checkingFiles: false` accepts a household file
    /// that is not there (a finished run's scenario, whose reader reports the file's
    /// problems together with its own).
    public static func load(text: String, file: String, generators: [String]? = nil, checkingFiles: Bool = true)
        throws(InputErrors) -> LoadedScenario
    {
        try load(text: Optional(text), file: file, generators: generators, checkingFiles: checkingFiles)
    }

    /// The embedded baseline, loaded. It is checked by the tests, so it cannot fail.
    public static func loadBaseline() -> LoadedScenario {
        do {
            return try load(text: baselineText, file: baselineFile)
        } catch {
            fatalError("the embedded baseline scenario is invalid:\n\(error)")
        }
    }

    /// Every problem of each file (and of its variants and sweep), running nothing.
    public static func validate(files: [String], generators: [String]? = nil) -> [Diagnostic] {
        var all: [Diagnostic] = []
        for file in files {
            do {
                _ = try load(file: file, generators: generators)
            } catch {
                all += error.diagnostics
            }
        }
        return all
    }

    /// The scenario files of `paths`, as `validate` and `batch` take them: a file as given, a
    /// folder's `.yaml` and `.yml` files sorted by name (not recursive), each file once. A
    /// missing path or a folder without such files is a problem.
    public static func scenarioFiles(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        var files: [String] = []
        var problems: [Diagnostic] = []
        // A file named twice (`dir` and `dir/a.yaml`, `./a.yaml` and `a.yaml`, a link to it) is one scenario.
        var seen: Set<String> = []
        func add(_ file: String) {
            if seen.insert(URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path).inserted {
                files.append(file)
            }
        }
        for path in paths {
            let place = SourceLocation(file: path, line: 1, column: 1)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                problems.append(Diagnostic(location: place, message: "no such file or folder: `\(path)`"))
                continue
            }
            guard isFolder.boolValue else {
                add(path)
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            if names.isEmpty {
                problems.append(Diagnostic(location: place, message: "the folder holds no `.yaml` or `.yml` scenario files"))
            }
            let folder = path.hasSuffix("/") ? path : path + "/"
            for name in names { add(folder + name) }
        }
        return (files, problems)
    }

    /// The household file a scenario names (`population.file`, its `extends` chain merged),
    /// found even when the scenario has problems elsewhere, so that `validate` checks the
    /// file in the same pass; nil when it names none or cannot be read.
    public static func householdFile(of file: String) -> String? {
        guard case .success(let resolution) = resolve(file: file, text: nil, chain: [], from: nil),
            let node = resolution.tree["population"]?["file"], let given = node.text, !given.isEmpty
        else { return nil }
        return ScenarioDecoder.resolve(given, relativeTo: node.location.file)
    }

    // MARK: Loading

    /// The scenario of a file that has problems, decoded as far as it goes, for the checks of
    /// the population against it (the built-in population's scale, prices for every commodity
    /// the population produces): so that one pass reports their problems with the file's own.
    /// Nil when the file cannot be resolved, or a problem may lie in a setting those checks
    /// read (`population`, `shocks.prices.commodities`): one there, one without a key path,
    /// or an unknown key beside them (`popluation`, `shocks.prices.comodities`), which the
    /// checks would otherwise answer from a default.
    public static func populationSettings(of file: String, generators: [String]? = nil) -> LoadedScenario? {
        guard case .success(let decoded) = decode(text: nil, file: file, generators: generators, checkingFiles: true)
        else { return nil }
        let read = ["population", "shocks.prices.commodities", "shocks.prices", "shocks", "extends", ""]
        let faulted = decoded.problems.contains { p in
            let parent = p.path.split(separator: ".").dropLast().joined(separator: ".")
            return read.contains(p.path) || p.path.hasPrefix("population.") || p.path.hasPrefix("shocks.prices.commodities.")
                || (p.message.hasPrefix("unknown key") && ["", "shocks", "shocks.prices"].contains(parent))
        }
        return faulted ? nil : decoded.loaded
    }

    /// A file resolved (`extends:`) and decoded: the scenario, the problems of both steps, and
    /// the decoder's own notes (the scenario's notes also hold the resolution's).
    private struct Decoded {
        var loaded: LoadedScenario
        var problems: [Diagnostic]
        var decoderNotes: [Diagnostic]
    }

    /// A file resolved (`extends:`) and decoded; nothing applied yet (variants, sweeps). Fails
    /// only when the file cannot be resolved.
    private static func decode(text: String?, file: String, generators: [String]?, checkingFiles: Bool)
        -> Result<Decoded, InputErrors>
    {
        let resolution: Resolution
        switch resolve(file: file, text: text, chain: [], from: nil) {
        case .success(let r): resolution = r
        case .failure(let errors): return .failure(errors)
        }
        let tree = resolution.tree
        let context = DecodeContext()
        context.generators = generators
        context.checksFiles = checkingFiles
        let scenario = ScenarioDecoder.decode(tree, context: context)
        var loaded = LoadedScenario(
            scenario: scenario, file: file, tree: tree, canonicalText: CanonicalJSON.text(context.canonical),
            generators: generators, resolved: context.canonical, checksFiles: checkingFiles)
        loaded.notes = resolution.notes + context.notes
        return .success(
            Decoded(loaded: loaded, problems: unique(resolution.problems + context.diagnostics), decoderNotes: context.notes))
    }

    private static func load(text: String?, file: String, generators: [String]?, checkingFiles: Bool)
        throws(InputErrors) -> LoadedScenario
    {
        let decoded = try decode(text: text, file: file, generators: generators, checkingFiles: checkingFiles).get()
        let baseProblems = decoded.problems
        var loaded = decoded.loaded
        let tree = loaded.tree
        let scenario = loaded.scenario

        // Patches are checked by applying them: every value as strictly as in a file. Also
        // when the file has problems of its own, so that one pass reports them all: a
        // patched scenario repeats the file's problems (where the file has them, or at the
        // top of the file for a default they involve), which are then left out. A patch's
        // keys at fault already (misspelt or forbidden) are not applied.
        var problems: [Diagnostic] = []
        // Notes of the patched scenarios that the file's own do not already say (a sweep
        // moving `years.end` past a line table).
        var patchNotes: [Diagnostic] = []
        // Every item of the list, each at its own place: a nameless one is a problem of the file
        // and not a variant, but its patch is checked too.
        var variant = 0
        for (i, item) in (tree["variants"]?.items ?? []).enumerated() where item.entries != nil {
            do {
                if item["name"] != nil {
                    patchNotes += try loaded.variantScenario(at: variant, knowing: baseProblems).notes
                } else {
                    patchNotes += try loaded.patched(by: item, prefix: "in variants.\(i) (no name): ", knowing: baseProblems).notes
                }
            } catch {
                problems += error.diagnostics
            }
            if item["name"] != nil { variant += 1 }
        }
        if let sweep = scenario.sweep {
            let (found, notes) = check(sweep, of: loaded, knowing: baseProblems)
            problems += found
            patchNotes += notes
        }
        let ownNotes = decoded.decoderNotes.map { String($0.message.dropFirst("note: ".count)) }
        loaded.notes += unique(patchNotes.filter { note in !ownNotes.contains { note.message.hasSuffix($0) } })
        if !baseProblems.isEmpty {
            let top = SourceLocation(file: file, line: 1, column: 1)
            problems.removeAll { p in
                baseProblems.contains {
                    p.message.hasSuffix($0.message) && (($0.location == p.location && $0.path == p.path) || p.location == top)
                }
            }
        }
        guard baseProblems.isEmpty && problems.isEmpty else { throw InputErrors(unique(baseProblems + problems)) }
        return loaded
    }

    /// A sweep's values, each applied alone: every grid value, and each range's ends; their
    /// problems and notes. `known`: the file's own problems (a sweep parameter's key at fault
    /// is not applied).
    private static func check(_ sweep: Sweep, of loaded: LoadedScenario, knowing known: [Diagnostic])
        -> (problems: [Diagnostic], notes: [Diagnostic])
    {
        let entries = loaded.tree["sweep"]?["parameters"]?.entries ?? []
        let faulted = Set(known.map(\.location))
        var problems: [Diagnostic] = []
        var notes: [Diagnostic] = []
        for e in entries where !faulted.contains(e.keyLocation) {
            var values: [YAMLNode] = []
            if let items = e.value.items {
                values = items
            } else if let lo = e.value["min"], let hi = e.value["max"] {
                values = [lo, hi]
            }
            let prefix = "in sweep parameter `\(e.key)`: "
            for v in values {
                do {
                    notes += try patch(
                        loaded, with: [(keyPath: e.key, keyLocation: e.keyLocation, value: v)],
                        prefix: prefix, knowing: known
                    ).notes
                } catch {
                    // Not the file's own problems again (a design with too many parameters,
                    // said once, not once for each of them), wherever the patch places them.
                    problems += error.diagnostics.filter { d in !known.contains { prefix + $0.message == d.message } }
                }
            }
        }
        return (problems, notes)
    }

    /// A setting of a patch: a dotted key path, where it is written, and its value.
    typealias Setting = (keyPath: String, keyLocation: SourceLocation, value: YAMLNode)

    /// `loaded`'s tree with `settings` applied, decoded again. A problem the patch causes at a
    /// value it does not set is placed at the setting that causes it (``attributed``);
    /// `known`: the file's own problems, which a patched scenario repeats where they are.
    static func patch(
        _ loaded: LoadedScenario, with settings: [Setting], prefix: String, knowing known: [Diagnostic] = []
    ) throws(InputErrors) -> LoadedScenario {
        let tree: YAMLNode
        switch patchedTree(loaded, with: settings, prefix: prefix) {
        case .success(let t): tree = t
        case .failure(let problems): throw problems
        }
        let context = decodeContext(for: loaded, prefix: prefix)
        let scenario = ScenarioDecoder.decode(tree, context: context)
        guard context.diagnostics.isEmpty else {
            throw InputErrors(unique(attributed(
                unique(context.diagnostics), of: loaded, to: settings, prefix: prefix, knowing: known)))
        }
        var patched = LoadedScenario(
            scenario: scenario, file: loaded.file, tree: tree, canonicalText: CanonicalJSON.text(context.canonical),
            generators: loaded.generators, resolved: context.canonical, checksFiles: loaded.checksFiles)
        patched.notes = droppedItems(of: loaded, by: settings, prefix: prefix) + context.notes
        return patched
    }

    /// Notes on the settings of a patch that replace a list of the base's named items (hazards,
    /// variants) with one lacking some of them, as ``note(_:)`` says of an extending file's.
    private static func droppedItems(of loaded: LoadedScenario, by settings: [Setting], prefix: String) -> [Diagnostic] {
        // Only a list or a mapping can drop or keep anything (a sweep's points set numbers).
        let structured = settings.filter { $0.value.items != nil || $0.value.entries != nil }
        guard !structured.isEmpty else { return [] }
        let base = loaded.patchBase
        return structured.flatMap { s -> [Diagnostic] in
            let segments = s.keyPath.split(separator: ".").map(String.init)
            guard let key = segments.last, let old = base.node(at: segments[...]) else { return [] }
            // The old and new values under their key, so that a list set directly is compared too.
            func under(_ value: YAMLNode) -> YAMLNode {
                YAMLNode(.mapping([YAMLNode.Entry(key: key, keyLocation: s.keyLocation, value: value)]), at: value.location)
            }
            let parent = segments.dropLast().joined(separator: ".")
            let notes = under(old).droppedItems(by: under(s.value), at: parent).map(note)
                + under(old).emptyMappingsMerged(from: under(s.value), at: parent).map(note)
            return notes.map { n in
                Diagnostic(location: n.location, message: "note: " + prefix + n.message.dropFirst("note: ".count))
            }
        }
    }

    private static func decodeContext(for loaded: LoadedScenario, prefix: String) -> DecodeContext {
        let context = DecodeContext()
        context.generators = loaded.generators
        context.checksFiles = loaded.checksFiles
        context.messagePrefix = prefix
        return context
    }

    /// Problems of a patched scenario at values the patch does not set — a value elsewhere
    /// that the patch makes wrong, such as `policies.employment.reemployment_boost` in the
    /// baseline once a sweep raises `shocks.labor.reemployment_monthly` — placed at the setting
    /// that causes them (the one that causes it alone, when the patch has several; else its
    /// first), naming the value at fault and its place. The file's own problems (`known`),
    /// which every patched scenario repeats, stay where they are.
    private static func attributed(
        _ problems: [Diagnostic], of loaded: LoadedScenario, to settings: [Setting], prefix: String,
        knowing known: [Diagnostic]
    ) -> [Diagnostic] {
        guard !settings.isEmpty else { return problems }
        var own = Set<SourceLocation>()
        for s in settings {
            own.insert(s.keyLocation)
            own.formUnion(s.value.places)
        }
        let top = SourceLocation(file: loaded.file, line: 1, column: 1)
        var alone: [Int: [Diagnostic]] = [:]
        func causedAlone(_ i: Int) -> [Diagnostic] {
            if let found = alone[i] { return found }
            var found: [Diagnostic] = []
            if case .success(let tree) = patchedTree(loaded, with: [settings[i]], prefix: prefix) {
                let context = decodeContext(for: loaded, prefix: prefix)
                _ = ScenarioDecoder.decode(tree, context: context)
                found = context.diagnostics
            }
            alone[i] = found
            return found
        }
        return problems.map { d in
            guard !own.contains(d.location), !known.contains(where: { d.message.hasSuffix($0.message) }) else { return d }
            var culprit = settings[0]
            if settings.count > 1,
                let i = settings.indices.first(where: { i in
                    causedAlone(i).contains { $0.path == d.path && $0.message == d.message }
                })
            {
                culprit = settings[i]
            }
            let bare = d.message.hasPrefix(prefix) ? String(d.message.dropFirst(prefix.count)) : d.message
            let file = d.location.file.split(separator: "/").last.map(String.init) ?? d.location.file
            let place = d.location == top ? "a default" : "\(file):\(d.location.line)"
            let what = d.path.isEmpty ? "at \(place)" : "with \(d.path) (\(place))"
            return Diagnostic(location: culprit.value.location, path: culprit.keyPath, message: prefix + what + ": " + bare)
        }
    }

    /// `loaded`'s tree with `settings` applied, or the settings' problems (a key path that
    /// names nothing, a list item that is not there).
    private static func patchedTree(_ loaded: LoadedScenario, with settings: [Setting], prefix: String)
        -> Result<YAMLNode, InputErrors>
    {
        let base = settings.isEmpty ? loaded.tree : loaded.patchBase
        var tree = base
        var problems: [Diagnostic] = []
        // Mappings a setting gave another form than the base's, emptied once: a second
        // setting of the patch giving a third form is then refused as two forms at once.
        var reformed: Set<ArraySlice<String>> = []
        for s in settings {
            if let problem = KeyRegistry.problem(with: s.keyPath) {
                problems.append(Diagnostic(location: s.keyLocation, path: s.keyPath, message: prefix + problem))
                continue
            }
            let segments = s.keyPath.split(separator: ".").map(String.init)
            if let path = base.mappingReformed(by: segments), reformed.insert(path).inserted {
                tree = tree.emptyingMapping(at: path)
            }
            switch tree.setting(segments[...], to: s.value, keyLocation: s.keyLocation) {
            case .success(let t): tree = t
            case .failure(let p):
                problems.append(Diagnostic(location: s.keyLocation, path: s.keyPath, message: prefix + p.message))
            }
        }
        return problems.isEmpty ? .success(tree) : .failure(InputErrors(problems))
    }

    private static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }

    // MARK: extends

    /// A file's tree with its `extends:` chain merged in, and the problems found on the way
    /// that let the tree be checked all the same (a duplicate key, an `extends:` that is not a
    /// path): reported with the tree's own, in one pass.
    struct Resolution {
        var tree: YAMLNode
        var problems: [Diagnostic] = []
        /// What is not a problem but may not be what the file means (``notes(of:)``).
        var notes: [Diagnostic] = []
    }

    /// Notes on a scenario file, each `FILE:LINE:COL: note: …`: not problems, but what may
    /// not be what the file means — a list that replaces its base's (lists replace whole)
    /// without some of the base's hazards or variants. Found even when the file has problems
    /// (a drill naming a hazard the list dropped), so that `validate` prints them with them.
    public static func notes(of file: String) -> [Diagnostic] {
        guard case .success(let resolution) = resolve(file: file, text: nil, chain: [], from: nil) else { return [] }
        return resolution.notes
    }

    /// The note on an empty mapping of the extending file (or a patch) that merges into a
    /// base's mapping that is not empty, changing nothing.
    private static func note(_ e: (path: String, location: SourceLocation, kept: [String])) -> Diagnostic {
        Diagnostic(
            location: e.location,
            message: "note: \(e.path): {} changes nothing (mappings merge): the base's \(e.kept.sorted().joined(separator: ", ")) "
                + "\(e.kept.count == 1 ? "stays" : "stay")"
                + (e.path.hasSuffix("budgets") ? "; to lift a budget, set its yearly_per_county above any year's claims" : ""))
    }

    /// The note on a list of the extending file that drops some of its base's named items.
    private static func note(_ d: YAMLNode.DroppedItems) -> Diagnostic {
        let (them, are) = d.dropped.count == 1 ? ("it", "is") : ("them", "are")
        // A drill's events are named with commas of their own.
        let separator = d.path == "drill.events" ? "; " : ", "
        return Diagnostic(
            location: d.location,
            message: "note: \(d.path) replaces the base's list of \(d.count) \(d.noun) (lists replace whole): "
                + "\(d.dropped.joined(separator: separator)) \(are) no longer in the scenario; list \(them) too to keep \(them)")
    }

    /// The note on a file that gives a drill its own events but keeps its base's
    /// `description`, which describes the base's drill (the report and the terminal show it).
    private static func inheritedDescription(_ base: YAMLNode, _ own: YAMLNode) -> [Diagnostic] {
        guard let events = own["drill"]?["events"], base["drill"]?["events"] != nil, own["description"] == nil,
            let description = base["description"]?.text
        else { return [] }
        let shown = description.count > 50 ? String(description.prefix(50)) + "…" : description
        return [
            Diagnostic(
                location: events.location,
                message: "note: drill.events is this file's, the description still its base's (\"\(shown)\"); "
                    + "give the drill a description of its own")
        ]
    }

    /// Said of a base that is not read: what the rest of the file is checked against.
    private static let checkedAgainstDefaults = "; the rest of the file is checked against the program's defaults"

    /// The tree of `file` with its `extends:` chain merged in (the extending file wins).
    private static func resolve(
        file: String, text: String?, chain: [(shown: String, absolute: String)], from extendsNode: YAMLNode?
    ) -> Result<Resolution, InputErrors> {
        let absolute = file == baselineFile ? file : URL(fileURLWithPath: file).standardizedFileURL.path
        let source: String
        if let text {
            source = text
        } else if let extendsNode, let kind = notARegularFile(file) {
            // `extends: /dev/zero` or a FIFO would be read forever.
            return .failure(
                InputErrors([
                    Diagnostic(
                        location: extendsNode.location, path: "extends",
                        message: "`\(file)` is \(kind), not a scenario file")
                ]))
        } else if let data = FileManager.default.contents(atPath: file) {
            guard let decoded = String(data: data, encoding: .utf8) else {
                // Where it first is not (a file saved in GBK), and how to make it UTF-8.
                let first = SourceLocation(firstInvalidUTF8In: [UInt8](data), file: file)
                let fix = "save it as UTF-8 (a file in GBK can be converted with iconv -f GBK -t UTF-8)"
                return .failure(
                    InputErrors([
                        Diagnostic(
                            location: extendsNode?.location ?? first,
                            message: extendsNode == nil
                                ? "the file is not UTF-8 text (first here); \(fix)"
                                : "`\(file)` is not UTF-8 text (first at line \(first.line), column \(first.column)); \(fix)")
                    ]))
            }
            source = decoded
        } else {
            let exists = FileManager.default.fileExists(atPath: file)
            let what = exists ? "cannot read" : "no such file"
            if let extendsNode {
                // A name given without its extension: the file that has one.
                let withExtension = exists || file.hasSuffix(".yaml") || file.hasSuffix(".yml") ? nil
                    : [".yaml", ".yml"].first { FileManager.default.fileExists(atPath: absolute + $0) }
                return .failure(
                    InputErrors([
                        Diagnostic(
                            location: extendsNode.location, path: "extends",
                            message: "\(what): `\(file)`" + (file == absolute ? "" : " (resolved to \(absolute))")
                                + (withExtension.map { " (`\(extendsNode.text ?? file)\($0)` exists: give the extension)" } ?? ""))
                    ]))
            }
            return .failure(
                InputErrors([
                    Diagnostic(location: SourceLocation(file: file, line: 1, column: 1), message: "\(what): `\(file)`")
                ]))
        }
        let root: YAMLNode
        let duplicates: [Diagnostic]
        switch YAMLNode.parse(source, file: file) {
        case .success(let parsed): (root, duplicates) = (parsed.node, parsed.duplicates)
        case .failure(let d): return .failure(InputErrors([d]))
        }
        if isBlank(source) {
            // Likely a file saved empty or cut short: running the whole baseline would hide it.
            return .failure(
                InputErrors([
                    Diagnostic(
                        location: extendsNode?.location ?? SourceLocation(file: file, line: 1, column: 1),
                        path: extendsNode == nil ? "" : "extends",
                        message: (extendsNode == nil ? "the file" : "`\(file)`") + " is empty: a scenario file gives at least one key "
                            + "(`name: my-scenario` alone is the Lincang baseline under that name)")
                ]))
        }
        guard let entries = root.entries else {
            return .failure(
                InputErrors([
                    Diagnostic(
                        location: root.location,
                        message: file.lowercased().hasSuffix(".csv")
                            // YAML folds a CSV file's lines into one string: quoted from the file itself.
                            ? "a scenario file is a mapping of keys (name, seed, shocks, …), found the text "
                                + YAMLNode.quotedExcerpt(source) + "; a household file is named in a scenario: "
                                + "`population: {file: \((file as NSString).lastPathComponent)}`"
                            : "a scenario file is a mapping of keys (name, seed, shocks, …), found \(root.kindDescription)")
                ]))
        }
        guard let ext = root["extends"] else { return .success(Resolution(tree: root, problems: duplicates)) }
        let own = YAMLNode(.mapping(entries.filter { $0.key != "extends" }), at: root.location)
        guard let target = ext.text, ext.entries == nil, ext.items == nil, !target.isEmpty else {
            // Not a path at all: no base is read, and the rest of the file is checked against
            // the program's defaults (the Lincang baseline, which most files extend), so that
            // its other problems are found in the same pass.
            var example = "base.yaml"
            if let items = ext.items, items.count == 1, let only = items[0].text, items[0].entries == nil { example = only }
            let problem = Diagnostic(
                location: ext.location, path: "extends",
                message: "expected the path of one scenario file (`extends: \(example)`), found \(ext.kindDescription)"
                    + checkedAgainstDefaults)
            return .success(Resolution(tree: own, problems: duplicates + [problem]))
        }
        let shown = target.hasPrefix("/") ? normalise(target) : normalise(folder(of: file) + target)
        let base = URL(fileURLWithPath: shown).standardizedFileURL.path
        let here = chain + [(file, absolute)]
        if let start = here.firstIndex(where: { $0.absolute == base }) {
            let cycle = (here[start...].map(\.shown) + [shown]).joined(separator: " → ")
            return .failure(
                InputErrors([
                    Diagnostic(location: ext.location, path: "extends", message: "extends cycle: \(cycle)")
                ]))
        }
        switch resolve(file: shown, text: nil, chain: here, from: ext) {
        case .failure(let e) where e.diagnostics.allSatisfy({ $0.location == ext.location }):
            // The base cannot be read at all (missing, unreadable, not a file, not UTF-8): as
            // for an `extends` that is not a path, the rest of the file is checked against
            // the program's defaults, so that its other problems are found in the same pass.
            let problems = e.diagnostics.map { d in
                Diagnostic(location: d.location, path: d.path, message: d.message + Self.checkedAgainstDefaults)
            }
            return .success(Resolution(tree: own, problems: duplicates + problems))
        case .failure(let e):
            // The base has problems of its own: the file's misspelt keys are reported with
            // them, in one pass (its values may depend on the base, and are checked once it loads).
            let context = DecodeContext()
            _ = ScenarioDecoder.decode(own, context: context)
            let misspelt = context.diagnostics.filter { $0.message.contains("unknown key") }
            return .failure(InputErrors(e.diagnostics + duplicates + misspelt))
        case .success(let base):
            // A base's `outputs.dir` is that file's own folder: a file extending it writes to
            // its own `outputs.dir`, or `outputs/<name>`, never over the base's results.
            return .success(
                Resolution(
                    tree: base.tree.withoutOutputFolder().merged(with: own), problems: base.problems + duplicates,
                    notes: base.notes + base.tree.droppedItems(by: own).map(note)
                        + base.tree.emptyMappingsMerged(from: own).map(note) + inheritedDescription(base.tree, own)))
        }
    }

    /// Whether a scenario's text holds nothing but blank lines, comments and document markers.
    private static func isBlank(_ source: String) -> Bool {
        source.split(whereSeparator: \.isNewline).allSatisfy { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.isEmpty || t.hasPrefix("#") || t == "---" || t == "..."
        }
    }

    /// What `path` is when it exists but is not a regular file (a folder, a device, a
    /// FIFO, a socket); nil for a regular file or a missing one.
    private static func notARegularFile(_ path: String) -> String? {
        guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        else { return nil }
        switch type {
        case .typeRegular: return nil
        case .typeDirectory: return "a folder"
        case .typeCharacterSpecial, .typeBlockSpecial: return "a device"
        default: return "not a regular file"
        }
    }

    /// The folder part of a path, with a trailing `/`, or "" for a bare file name.
    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// `a/./b/../c` → `a/c`, keeping a path relative when it was.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}

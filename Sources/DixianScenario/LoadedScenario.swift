import DixianModel

/// A scenario file after `extends:` and validation: the typed scenario, the tree it came
/// from (every value still pointing at its own file and line) and its canonical text.
public struct LoadedScenario: Sendable {
    /// The validated scenario, defaults filled in.
    public let scenario: Scenario
    /// The file as the caller named it.
    public let file: String
    /// The resolved tree (after `extends:`), before defaults.
    public let tree: YAMLNode
    /// The resolved scenario with every default filled in, as canonical JSON
    /// (see `docs/scenario-reference.md`, "Canonical form"); hash it for a manifest.
    public let canonicalText: String
    /// Generator names `rng` is checked against, when the caller gave them.
    let generators: [String]?
    /// The resolved scenario with defaults, as plain values: what patches apply to, so
    /// that a patch can reach into a section the file left to its defaults.
    let resolved: ScenarioValue
    /// Whether a household file named must exist (`ScenarioLoader.load(text:file:generators:checkingFiles:)`).
    let checksFiles: Bool
    /// Notes on the file, `FILE:LINE:COL: note: …` (``ScenarioLoader/notes(of:)``): not
    /// problems, but worth a word before a run.
    public internal(set) var notes: [Diagnostic] = []

    /// The tree patches apply to: every default, overlaid with the file's own values
    /// (which keep their places; defaults are placed at the file's first line).
    var patchBase: YAMLNode {
        YAMLNode(resolved, at: SourceLocation(file: file, line: 1, column: 1)).merged(with: tree)
    }

    /// One setting applied on top of the scenario: a dotted key path and its value.
    public struct Override: Hashable, Sendable {
        public var keyPath: String
        public var value: ScenarioValue
        /// Where the override was written (a sweep's parameter), for messages; nil for
        /// the scenario file's first line.
        public var location: SourceLocation?

        public init(keyPath: String, value: ScenarioValue, location: SourceLocation? = nil) {
            self.keyPath = keyPath
            self.value = value
            self.location = location
        }
    }

    /// The scenario with `overrides` applied to the resolved tree and decoded again, so
    /// that every value is checked exactly as in a file; problems point at the override.
    /// Sweeps call this with one point of their design.
    public func applying(_ overrides: [Override]) throws(InputErrors) -> LoadedScenario {
        let here = SourceLocation(file: file, line: 1, column: 1)
        let settings = overrides.map { o in
            (keyPath: o.keyPath, keyLocation: o.location ?? here, value: YAMLNode(o.value, at: o.location ?? here))
        }
        return try ScenarioLoader.patch(self, with: settings, prefix: "")
    }

    /// The scenario as variant `name` sees it: its patch applied to the resolved tree.
    public func variant(named name: String) throws(InputErrors) -> Scenario {
        guard let index = scenario.variants.firstIndex(where: { $0.name == name }) else {
            throw InputErrors([
                Diagnostic(
                    location: SourceLocation(file: file, line: 1, column: 1), path: "variants",
                    message: "no variant named `\(name)`"
                        + DidYouMean.hint(for: name, among: scenario.variants.map(\.name)))
            ])
        }
        return try variantScenario(at: index).scenario
    }

    /// Every variant with its scenario, in file order; a scenario without variants is one
    /// variant named `baseline` (INTERFACE.md).
    public func variants() throws(InputErrors) -> [(name: String, scenario: Scenario)] {
        if scenario.variants.isEmpty { return [("baseline", scenario)] }
        var out: [(name: String, scenario: Scenario)] = []
        for i in scenario.variants.indices {
            out.append((scenario.variants[i].name, try variantScenario(at: i).scenario))
        }
        return out
    }

    /// The variant with its canonical text, for its manifest.
    public func loadedVariant(named name: String) throws(InputErrors) -> LoadedScenario {
        guard let index = scenario.variants.firstIndex(where: { $0.name == name }) else {
            _ = try variant(named: name)
            return self
        }
        return try variantScenario(at: index)
    }

    /// The items of the `variants:` list that are variants, in order: an item without `name`
    /// is a problem of the file, and not a variant.
    var variantItems: [YAMLNode] { tree["variants"]?.items?.filter { $0["name"] != nil } ?? [] }

    /// Variant `index`'s scenario; `known`: the file's own problems (keys at fault already are
    /// left out of the patch).
    func variantScenario(at index: Int, knowing known: [Diagnostic] = []) throws(InputErrors) -> LoadedScenario {
        try patched(by: variantItems[index], prefix: "in variant `\(scenario.variants[index].name)`: ", knowing: known)
    }

    /// The scenario with the `set:` of the `variants:` item `item` applied, problems prefixed by `prefix`.
    func patched(by item: YAMLNode, prefix: String, knowing known: [Diagnostic] = []) throws(InputErrors)
        -> LoadedScenario
    {
        let faulted = Set(known.map(\.location))
        let entries = item["set"]?.entries ?? []
        let settings = entries.sorted { $0.key < $1.key }.filter { !faulted.contains($0.keyLocation) }
            .map { (keyPath: $0.key, keyLocation: $0.keyLocation, value: $0.value) }
        return try ScenarioLoader.patch(self, with: settings, prefix: prefix, knowing: known)
    }
}

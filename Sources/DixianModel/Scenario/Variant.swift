/// A policy variant: a patch on the scenario, compared with the others on common random
/// numbers (MODEL.md §6).
public struct Variant: Hashable, Sendable {
    /// One setting of a patch: a dotted key path (`policies.monitoring.cadre_monthly`) and
    /// the value it takes.
    public struct Setting: Hashable, Sendable {
        public var keyPath: String
        public var value: ScenarioValue
        public init(keyPath: String, value: ScenarioValue) {
            self.keyPath = keyPath
            self.value = value
        }
    }

    /// Unique within the scenario; names the variant in every output.
    public var name: String
    /// The settings, in file order; empty for the scenario as it is.
    public var settings: [Setting]
    /// The variant this one is compared against; nil means the first variant.
    public var baseline: String?

    public init(name: String, settings: [Setting] = [], baseline: String? = nil) {
        self.name = name
        self.settings = settings
        self.baseline = baseline
    }
}

extension Scenario {
    /// For each of the scenario's variants, the index (among `names`, the run's variant names
    /// in order) of the variant it is compared with: its `baseline:`, else the first. `[0]`
    /// for a scenario without variants. What comparison.csv, the terminal and report.html use.
    public func variantBaselines(names: [String]) -> [Int] {
        variants.isEmpty ? [0] : variants.map { v in v.baseline.flatMap { names.firstIndex(of: $0) } ?? 0 }
    }
}

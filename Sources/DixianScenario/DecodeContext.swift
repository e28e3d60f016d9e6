import DixianModel

/// A step of a path into the canonical output: a mapping key or a sequence index.
enum OutputStep: Hashable {
    case key(String)
    case index(Int)
}

/// What one decoding pass collects: every problem, the key paths it was prepared to read,
/// and the resolved scenario as plain values (the canonical form).
final class DecodeContext {
    /// Problems, in the order found.
    var diagnostics: [Diagnostic] = []
    /// What is not a problem but may not be what the file means, `note: …` (a line table
    /// carried past its last year).
    var notes: [Diagnostic] = []
    /// Key-path patterns read at their places (`shocks.prices.sd.<commodity>`).
    var patterns: Set<String> = []
    /// A registration pass decodes nothing real: it walks every optional branch once, with
    /// placeholders for list items, to list every key path.
    let registering: Bool
    /// The resolved scenario, defaults filled in, as plain values.
    var canonical: ScenarioValue = .map([:])
    /// Prefix of every message, e.g. "in variant `fast`: ".
    var messagePrefix = ""

    /// Facts decoded early that later checks need.
    var commodities: [Commodity] = Commodity.standard
    var years = YearRange(start: 2021, end: 2025)
    /// Where `years.end` is given (nil: the default), and the file being loaded (whose root
    /// the merged tree keeps): a line table that stops short of the run's end is reported
    /// where the end was moved, when the table was written elsewhere.
    var yearsEndLocation: SourceLocation?
    var topFile = ""
    var hazardNames: [String] = []
    var reemploymentMonthly = 0.0
    /// GSL generator names `rng` must be one of, when known.
    var generators: [String]?
    /// Whether a household file named must exist (not for a finished run's archived
    /// scenario, whose reader checks the file itself, with its other problems).
    var checksFiles = true

    init(registering: Bool = false) { self.registering = registering }

    func report(_ location: SourceLocation, _ path: String, _ message: String) {
        guard !registering else { return }
        diagnostics.append(Diagnostic(location: location, path: path, message: messagePrefix + message))
    }

    func note(_ location: SourceLocation, _ path: String, _ message: String) {
        guard !registering else { return }
        notes.append(Diagnostic(location: location, path: path, message: "note: " + messagePrefix + message))
    }

    func emit(_ value: ScenarioValue, at steps: [OutputStep]) {
        guard !registering else { return }
        canonical = DecodeContext.set(value, at: steps[...], in: canonical)
    }

    private static func set(_ value: ScenarioValue, at steps: ArraySlice<OutputStep>, in tree: ScenarioValue)
        -> ScenarioValue
    {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch step {
        case .key(let k):
            var m: [String: ScenarioValue] = [:]
            if case .map(let existing) = tree { m = existing }
            m[k] = set(value, at: rest, in: m[k] ?? .null)
            return .map(m)
        case .index(let i):
            var items: [ScenarioValue] = []
            if case .list(let existing) = tree { items = existing }
            while items.count <= i { items.append(.null) }
            items[i] = set(value, at: rest, in: items[i])
            return .list(items)
        }
    }
}

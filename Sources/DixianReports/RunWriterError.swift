/// Why ``RunWriter`` refused to write a run. Thrown before any file is written.
public enum RunWriterError: Error, Equatable, CustomStringConvertible {
    /// The result holds no replication: there is nothing to summarise.
    case noReplications
    /// The result's variants, outcomes and place tallies do not line up.
    case inconsistentResult(String)
    /// The population is not the one the result was computed from (its villages differ).
    case populationMismatch(places: String, inResult: Int, inPopulation: Int)
    /// ``RunMetadata/resolvedScenario`` is not the text of a JSON object.
    case scenarioNotJSONObject
    /// `.html` was asked for without ``ReportSettings`` (the report prints the scenario's assumptions).
    case reportNeedsScenario

    public var description: String {
        switch self {
        case .noReplications:
            "the run has no replications; nothing to write"
        case .inconsistentResult(let what):
            "the run result is inconsistent: \(what)"
        case .populationMismatch(let places, let r, let p):
            "the run counted \(r) \(places) but the population has \(p); pass the population the run used"
        case .scenarioNotJSONObject:
            "the resolved scenario is not a JSON object; pass the loader's canonical text"
        case .reportNeedsScenario:
            "report.html needs the report settings (language and the scenario of each variant)"
        }
    }
}

import DixianModel

/// What `report.html` needs besides the result, the population and the metadata: the
/// language and the scenario each variant ran (its lines, thresholds and budgets are
/// printed as the report's assumptions).
public struct ReportSettings: Sendable {
    /// `outputs.language`, or `--lang` on the command line.
    public var language: Outputs.Language
    /// The scenario of every variant, in the result's variant order (at least one; the
    /// first gives the lines and thresholds printed at the bottom of the report).
    public var scenarios: [Scenario]

    public init(language: Outputs.Language, scenarios: [Scenario]) {
        self.language = language
        self.scenarios = scenarios
    }
}

import DixianModel

/// The formats a run can be written in: the scenario's `outputs.formats` values.
///
/// ``RunWriter`` writes the CSV files for `.csv` and `summary.json` for `.json`;
/// `.html` (`report.html`) is the report writer's and is ignored by ``RunWriter``.
public typealias OutputFormat = Outputs.Format

import DixianModel

/// The formats a run can be written in: the scenario's `outputs.formats` values.
///
/// ``RunWriter`` writes the CSV files for `.csv`, `summary.json` for `.json` and
/// `report.html` (``HTMLReport``) for `.html`.
public typealias OutputFormat = Outputs.Format

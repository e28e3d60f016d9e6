import DixianEngine

extension RunResult {
    /// The name of period `period` in output files: the calendar year or `all`.
    func periodName(_ period: Int) -> String { layout.periodName(period) }
}

extension ColumnCursor {
    /// ``column(_:)`` without the replications where the figure is undefined (NaN).
    mutating func definedValues(_ figure: Int) -> [Double] { column(figure).filter { !$0.isNaN } }
}

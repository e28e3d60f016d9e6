import DixianEngine

extension RunResult {
    /// Figure `figure` of variant `variant` in every replication where it is defined (not
    /// NaN), in replication order.
    func definedValues(variant: Int, _ figure: Int) -> [Double] {
        column(variant, figure).filter { !$0.isNaN }
    }

    /// The name of period `period` in output files: the calendar year or `all`.
    func periodName(_ period: Int) -> String { layout.periodName(period) }
}

extension ColumnCursor {
    /// ``column(_:)`` without the replications where the figure is undefined (NaN).
    mutating func definedValues(_ figure: Int) -> [Double] { column(figure).filter { !$0.isNaN } }
}

import DixianEngine

extension RunResult {
    /// A figure of variant `variant` in every replication where it is defined (not NaN),
    /// in replication order.
    func definedValues(variant: Int, _ figure: (ReplicationOutcome) -> Double) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(outcomes[variant].count)
        for outcome in outcomes[variant] {
            let x = figure(outcome)
            if !x.isNaN { values.append(x) }
        }
        return values
    }

    /// The name of period `period` in output files: the calendar year or `all`.
    func periodName(_ period: Int) -> String { layout.periodName(period) }
}

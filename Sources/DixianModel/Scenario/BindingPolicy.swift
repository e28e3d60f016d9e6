/// Binding to cooperatives and leading enterprises (双绑), MODEL.md §4.
public struct BindingPolicy: Hashable, Sendable {
    public var enabled = true
    /// Share of households bound, used by the built-in population (a household file has
    /// its own `bound` column). Default 0.6: assumption.
    public var share: Double = 0.6
    /// Bound households get at least `floor` × the base-year price. Default 0.85: assumption.
    public var floor: Double = 0.85

    public init() {}
}

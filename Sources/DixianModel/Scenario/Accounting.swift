/// What counts in a household's per-capita net resources `R_t` (MODEL.md §2).
public struct Accounting: Hashable, Sendable {
    /// Subtract out-of-pocket rigid expenditure (medical, disaster repair) from resources,
    /// as the monitoring rules' "刚性支出较大" do. Default true (MODEL.md §2).
    public var rigidExpenditure: Bool = true

    public init() {}
}

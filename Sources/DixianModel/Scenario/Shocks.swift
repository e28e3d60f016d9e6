/// The shocks of MODEL.md §3.
public struct Shocks: Hashable, Sendable {
    /// Commodity prices (大宗农副产品价格下滑), §3.1.
    public var prices: PriceShocks = PriceShocks()
    /// Natural hazards (自然灾害), §3.2, in the order the scenario lists them.
    public var disasters: [Hazard] = Hazard.lincangDefaults
    /// Migrant job loss (农村劳动力失业), §3.3.
    public var labor: LaborShocks = LaborShocks()
    /// Illness and accidents (因病因意外), §3.4.
    public var illness: IllnessShocks = IllnessShocks()

    public init() {}

    /// The hazard named `name`, if the scenario lists it.
    public func hazard(named name: String) -> Hazard? { disasters.first { $0.name == name } }
}

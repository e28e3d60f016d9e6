/// Employment help (就业帮扶) for unemployed laborers of monitored households, MODEL.md §4.
public struct EmploymentPolicy: Hashable, Sendable {
    public var enabled = true
    /// Public-welfare posts (公益性岗位) per county. Default 500: assumption.
    public var postsPerCounty: Keyed<County, Int> = Keyed(500)
    /// Pay of a post, yuan per month (base year). Default 800: assumption.
    public var postWageMonthly: Double = 800
    /// Added monthly re-employment probability `Δr`. Default 0.15: assumption.
    public var reemploymentBoost: Double = 0.15

    public init() {}
}

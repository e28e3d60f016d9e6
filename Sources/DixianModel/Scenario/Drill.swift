/// A drill: events fixed at places and times, on top of the random shocks, reported
/// month by month (MODEL.md §6).
public struct Drill: Hashable, Sendable {
    /// One fixed event.
    public enum Event: Hashable, Sendable {
        /// A hazard event: `villages` is the fraction of the county's villages hit, `loss`
        /// the fraction of the year's production lost by affected households. The hazard's
        /// other settings (affected share, house damage, injury, commodities) apply.
        case hazard(name: String, county: County, year: Int, month: Int, villages: Double, loss: Double)
        /// A price change of a commodity in a year: `change` is the relative change of the
        /// price (−0.30 for a 30% fall), entering the log price as `log(1 + change)`.
        case price(commodity: Commodity, year: Int, change: Double)
        /// An epidemic starting in `month` of `year`, lasting `months`, with the
        /// multiplier and local wage cut of `shocks.labor.epidemic`.
        case epidemic(year: Int, month: Int, months: Int)

        /// The year the event happens.
        public var year: Int {
            switch self {
            case .hazard(_, _, let y, _, _, _), .price(_, let y, _), .epidemic(let y, _, _): y
            }
        }
    }

    /// The events, in file order.
    public var events: [Event]

    public init(events: [Event]) { self.events = events }
}

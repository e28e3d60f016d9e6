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

        /// The month the event starts, counted from January of `firstYear` (0 = that
        /// January); a price change counts from January of its year.
        public func month(from firstYear: Int) -> Int {
            let month: Int
            switch self {
            case .hazard(_, _, _, let m, _, _), .epidemic(_, let m, _): month = m - 1
            case .price: month = 0
            }
            return (year - firstYear) * 12 + month
        }
    }

    /// The events, in file order.
    public var events: [Event]

    public init(events: [Event]) { self.events = events }

    /// The events in the order they happen (those of one month in file order), as the
    /// terminal and `report.html` number them.
    public var eventsInTimeOrder: [Event] {
        events.enumerated().sorted { ($0.element.month(from: 0), $0.offset) < ($1.element.month(from: 0), $1.offset) }
            .map(\.element)
    }
}

extension Scenario {
    /// The month of a drill's first event, counted from January of the first simulated
    /// year (a price event counts from January of its year); nil without a drill.
    /// `drill.csv` and the drill timeline of `report.html` start there.
    public var drillStartMonth: Int? {
        drill?.events.map { $0.month(from: years.start) }.min()
    }
}

/// Places (villages or townships) in the order the report and the drill's terminal list them
/// as most likely to breach: by breaches (replications with a breach), then by relapse rate
/// (relapsed household-years per exited household; a place without exited households last),
/// then by `order`, the output order of `villages.csv` or `townships.csv`.
public enum BreachRanking {
    public static func ranked(_ order: [Int], breaches: [Int32], relapsed: [Int64], exited: [Int]) -> [Int] {
        func rate(_ place: Int) -> Double { exited[place] > 0 ? Double(relapsed[place]) / Double(exited[place]) : -1 }
        return order.enumerated().sorted { a, b in
            (breaches[a.element], rate(a.element), -a.offset) > (breaches[b.element], rate(b.element), -b.offset)
        }.map(\.element)
    }
}

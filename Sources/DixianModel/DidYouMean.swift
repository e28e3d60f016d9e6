/// Suggestions for misspelt names, by edit distance.
public enum DidYouMean {
    /// The Levenshtein distance between two strings, over Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate closest to `name`, when it is close enough to be a likely typo:
    /// at most a third of the longer name's length (at least 1, at most 3) edits away; else
    /// the one candidate that begins `name` or that `name` begins.
    public static func suggestion(for name: String, among candidates: [String]) -> String? {
        // A county, commodity or hazard by its Chinese name: its code.
        if let county = County(chineseName: name), candidates.contains(county.rawValue) { return county.rawValue }
        if let code = chineseNames[name], candidates.contains(code) { return code }
        // The distance is at least the difference in length and a suggestion at most 3
        // edits away: a name much longer than every candidate (a hostile multi-megabyte
        // key) has none, found without the quadratic comparison.
        let longest = candidates.map(\.unicodeScalars.count).max() ?? 0
        if name.unicodeScalars.count > longest + 3 { return nil }
        let scored = candidates.map { (candidate: $0, distance: distance(name, $0)) }
        guard let best = scored.min(by: { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) })
        else { return nil }
        let limit = min(3, max(1, max(name.count, best.candidate.count) / 3))
        if best.distance <= limit && best.distance < name.count { return best.candidate }
        // A name cut short or run on (`yearly` for `yearly_per_county`, `directory` for
        // `dir`): the one candidate that begins it or that it begins, of 3 letters or more.
        let affixed = candidates.filter { candidate in
            let (short, long) = name.count <= candidate.count ? (name, candidate) : (candidate, name)
            return short.count >= 3 && long.hasPrefix(short)
        }
        return affixed.count == 1 ? affixed[0] : nil
    }

    /// The built-in commodities and hazards by the Chinese names a planner would write.
    static let chineseNames: [String: String] = [
        "茶叶": "tea", "茶": "tea", "甘蔗": "sugarcane", "坚果": "nuts", "核桃": "nuts", "澳洲坚果": "nuts",
        "咖啡": "coffee", "水果": "fruit", "蔬菜": "vegetables", "肉牛": "cattle", "牛": "cattle", "中药材": "herbs",
        "药材": "herbs", "粮食": "grain", "地震": "earthquake", "干旱": "drought", "旱灾": "drought", "洪涝": "flood",
        "洪水": "flood", "洪灾": "flood", "滑坡": "landslide", "泥石流": "landslide", "霜冻": "frost", "冰雹": "hail",
        // The scenario's keys a planner may write in Chinese.
        "名称": "name", "名字": "name", "描述": "description", "说明": "description", "种子": "seed",
        "随机种子": "seed", "年份": "years", "年度": "years", "人口": "population", "规模": "scale",
        "模拟次数": "replications", "重复次数": "replications", "标准": "lines", "贫困线": "poverty",
        "监测线": "monitoring", "冲击": "shocks", "价格": "prices", "灾害": "disasters", "自然灾害": "disasters",
        "疾病": "illness", "政策": "policies", "监测": "monitoring", "防返贫监测": "monitoring", "低保": "dibao",
        "医疗": "medical", "医疗保障": "medical", "就业": "employment", "公益性岗位": "employment",
        "农业保险": "agri_insurance", "消费帮扶": "consumption_help", "防止返贫保险": "relapse_insurance",
        "灾害救助": "disaster_relief", "预算": "budgets", "方案": "variants", "推演": "drill", "事件": "events",
        "输出": "outputs", "扩展": "extends", "继承": "extends", "规模性返贫": "large_scale", "敏感性": "sweep",
    ]

    /// `"; did you mean `x`?"` when a candidate is close, else `"; expected one of a, b, c"`.
    public static func hintOrList(for name: String, among candidates: [String]) -> String {
        suggestion(for: name, among: candidates).map { "; did you mean `\($0)`?" }
            ?? "; expected one of \(candidates.joined(separator: ", "))"
    }

    /// `"; did you mean `x`?"`, or an empty string.
    public static func hint(for name: String, among candidates: [String]) -> String {
        suggestion(for: name, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }
}

import DixianEngine
import DixianModel
import DixianReports

/// Every word `dixian` prints as a result on the terminal, in Chinese and in English
/// (``TerminalLanguage`` says which). Each entry is written as `pick("中文", "English")`, the
/// two side by side as in report.html's `ReportText`, with its vocabulary: 返贫户, 风险户,
/// 置信区间, 行政村, 乡镇, 方案, 百万元; causes and instruments are named as the report names them.
///
/// Sentences take their figures already formatted, in the order the English gives them, so
/// that both languages print the same figures in the same order. The English is the text
/// `dixian` has always printed; a line is kept within 80 columns (``terminalWidth``), a long
/// list wrapped between its items.
struct TerminalText: Sendable {
    let language: Outputs.Language

    init(_ language: Outputs.Language) { self.language = language }

    func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    private var report: ReportText { ReportText(language: language) }

    /// The widest line a list is wrapped to.
    static let width = 80

    // MARK: Run (the headline table)

    /// Before a shard's tables: which part of the run it is.
    func shardLine(_ shard: Shard, of total: Int) -> String {
        let range = shard.range(of: total)
        return pick("分片 \(shard.index)/\(shard.count)：全部 \(total) 次模拟中的第 \(range.lowerBound)..<\(range.upperBound) 次"
                        + "（用 dixian merge 合并各分片）",
                    "Shard \(shard.index)/\(shard.count): replications \(range.lowerBound)..<\(range.upperBound) of the run's "
                        + "\(total) (`dixian merge` combines the shards)")
    }
    func runLine(scenario: String, replications n: Int, years: String, seed: UInt64) -> String {
        pick("\(scenario)：\(n) 次模拟，\(years) 年，随机种子 \(seed)",
             "\(scenario): \(n) replication\(n == 1 ? "" : "s"), \(years), seed \(seed)")
    }
    /// What a run of one replication says instead of the intervals it cannot give.
    var singleReplicationNote: [String] {
        language == .zh
            ? ["只有一次模拟：标准差、标准误和平均值的 95% 置信区间至少需要两次模拟",
               "（在 summary.csv 中为空，在 summary.json 中为 null；",
               "规模性返贫概率仍有精确区间）；",
               "请用 --replications N 增加模拟次数。"]
            : [HeadlineTable.singleReplicationNote]
    }
    func variantHeading(_ name: String) -> String { pick("方案 \(name)", "variant \(name)") }
    /// The headline's columns: year, relapse households, at risk, spending.
    var headlineColumns: [String] {
        [pick("年份", "year"), pick("返贫户数（95% 置信区间）", "relapse households (95% CI)"), pick("风险户", "at risk"),
         pick("政策支出（百万元）", "spending (M yuan)")]
    }
    /// A row's period: a year, or the whole horizon (`all`, each household counted once).
    func periodName(_ layout: OutcomeLayout, _ period: Int) -> String {
        period == layout.allPeriod ? pick("全期", layout.periodName(period)) : layout.periodName(period)
    }
    func villageBreach(years: String, chance: String, interval: (String, String)?) -> String {
        pick("任一行政村规模性返贫概率（\(years) 年）：\(chance)" + (interval.map { "（95% 置信区间 \($0)–\($1)）" } ?? ""),
             "P(any village breaches, \(years)): \(chance)" + (interval.map { " (95% CI \($0)–\($1))" } ?? ""))
    }
    /// In place of the breach lines when no village has an exited household.
    var breachUndefined: String {
        pick("规模性返贫（行政村、乡镇）：无法计算，人口中没有已脱贫户",
             "Village and township breaches: undefined (no household has exited poverty)")
    }
    func townshipBreach(chance: String, townshipYears: String) -> String {
        pick("任一乡镇规模性返贫概率：\(chance)  平均规模性返贫乡镇·年数 \(townshipYears)",
             "P(any township breaches): \(chance)  mean township-years \(townshipYears)")
    }
    /// The main causes, each with its share of the relapses.
    func mainCauses(_ causes: [(RelapseCause, String)]) -> [String] {
        guard language == .zh else {
            return ["Main causes of relapse: " + causes.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")]
        }
        return Self.wrapped("返贫主要原因：", causes.map { "\(report.causeName($0.0)) \($0.1)" }, separator: "、")
    }
    var undefined: String { pick("无法计算", "undefined") }
    func adaptive(reached: String, target: String, met: Bool, maximum: Int) -> String {
        pick("自适应模拟次数：相对标准误 \(reached)，目标 \(target)" + (met ? "，已达到" : "，在最多 \(maximum) 次模拟内未达到"),
             "Adaptive replications: relative SE \(reached) against a target of \(target)"
                + (met ? " — met" : " — not met at the maximum of \(maximum)"))
    }
    func precision(_ reached: String) -> String {
        pick("精度：全期返贫户数的相对标准误 \(reached)", "Precision: relative SE of the relapse households over the horizon \(reached)")
    }
    /// Where the files went, with the one holding the command's result (`comparison.csv`)
    /// when it was written.
    func resultsIn(_ directory: String, adding file: String? = nil) -> String {
        pick("结果已写入 \(directory)/" + (file.map { "（\($0)）" } ?? ""),
             "Results in \(directory)/" + (file.map { " (\($0))" } ?? ""))
    }

    // MARK: Compare

    func comparisonTitle(years: String, replications n: Int) -> String {
        pick("各方案与其基准方案比较，\(years) 年，\(n) 次模拟（共同随机数）",
             "Variants vs. baseline, \(years), \(n) replication\(n == 1 ? "" : "s") (common random numbers)")
    }
    /// The comparison's two header rows: variant, difference, extra cost, cost per relapse averted.
    var comparisonColumns: [[String]] {
        language == .zh
            ? [["方案", "返贫户数之差", "额外支出", "每减少一户返贫"], ["", "户（95% 置信区间）", "百万元", "成本（元）"]]
            : [["variant", "Δ relapses (95% CI)", "extra cost", "per relapse averted"], ["", "households", "M yuan", "yuan"]]
    }
    /// A paired difference's interval (`to`, not a dash, between figures that may be negative).
    func differenceInterval(_ low: String, _ high: String) -> String { pick(" (\(low) 至 \(high))", " (\(low) to \(high))") }
    func baseline(_ name: String) -> [String] {
        [pick("基准方案：\(name)。差值为负表示全期减少了返贫。",
              "Baseline: \(name). Negative Δ: relapses averted over the horizon.")]
    }
    /// Each variant with its own baseline, `(variant, baseline)`.
    func baselines(_ pairs: [(String, String)]) -> [String] {
        // The full stop belongs to the last item, so that the wrapping counts it.
        var items = pairs.map { language == .zh ? "\($0.0)（相对于 \($0.1)）" : "\($0.0) against \($0.1)" }
        if !items.isEmpty { items[items.count - 1] += pick("。", ".") }
        let lines = language == .zh
            ? Self.wrapped("各方案的基准方案：", items, separator: "、") : Self.wrapped("Baselines: ", items, separator: ", ")
        return lines + [pick("差值为负表示全期减少了返贫。", "Negative Δ: relapses averted over the horizon.")]
    }
    var oneReplicationDifferences: [String] {
        language == .zh
            ? ["只有一次模拟：差值没有 95% 置信区间（至少需要两次模拟）；", "请用 --replications N 增加模拟次数。"]
            : ["One replication: the differences have no 95% interval (it needs at least two); run more with --replications N."]
    }
    /// The cost per relapse averted of a variant that averts relapses and spends less than its
    /// baseline (report.html's word; comparison.csv keeps the negative ratio).
    var savesMoney: String { pick("节省支出", "saves money") }
    /// The note under a comparison where a variant's anti-relapse insurance pays out more
    /// than its premiums (yuan), wrapped to 80 columns: in Chinese in 万元 or 亿元, as the
    /// report says them; in English in M yuan, the table's unit.
    func payoutsBeyondPremiums(variant: String, payouts yuanPaid: Double, premiums yuanOfPremiums: Double) -> [String] {
        if language == .zh {
            let money = NumberFormat(language: .zh)
            return Self.wrapped(
                "", ["\(variant)：防止返贫保险赔付 \(money.money(yuanPaid))，", "保费 \(money.money(yuanOfPremiums))。",
                     "额外支出只计保费（政府支付的部分）：", "只有保险公司愿以此保费承担这一风险，这一数字才成立。"], separator: "")
        }
        let (payouts, premiums) = (ComparisonTableText.fmt(yuanPaid / 1e6), ComparisonTableText.fmt(yuanOfPremiums / 1e6))
        return Self.wrapped(
            "", ("\(variant): anti-relapse insurance pays out \(payouts) M yuan against \(premiums) M yuan of premiums. "
                + "The extra cost counts the premiums (what government pays): it holds only if an insurer takes that "
                + "risk at that premium.").components(separatedBy: " "), separator: " ")
    }
    var indistinguishable: String {
        pick("≈0：在 95% 的水平上，该差值与零无法区分。", "≈0: the difference is not distinguishable from zero at 95%.")
    }

    // MARK: Drill

    /// The drill's events in the order they happen, numbered as report.html numbers them,
    /// each from its month (`2024-05`; a price change: its year), wrapped to 80 columns.
    func drillEvents(_ events: [Drill.Event]) -> [String] {
        events.enumerated().flatMap { i, event -> [String] in
            let when: String
            switch event {
            case let .hazard(_, _, year, month, _, _), let .epidemic(year, month, _):
                when = "\(year)-\(month < 10 ? "0" : "")\(month)"
            case let .price(_, year, _):
                when = String(year)
            }
            let what = report.drillEventWhat(event, county: countyName, percent: { String(format: "%.0f%%", 100 * $0) })
            let prefix = "  \(i + 1). " + when.padded(to: 9)
            let lines = language == .zh
                ? Self.wrapped(prefix, what.components(separatedBy: "，"), separator: "，")
                : Self.wrapped(prefix, what.components(separatedBy: " "), separator: " ")
            return lines.map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }
        }
    }

    /// The drill timeline's header lines, its columns `widths` wide (the last takes the rest).
    func drillHeader(widths w: [Int]) -> [String] {
        func line(_ cells: [String]) -> String {
            zip(cells, w).map { $0.padded(to: $1) }.joined() + cells[cells.count - 1]
        }
        guard language == .zh else {
            return [
                line(["month", "at risk", "found+", "helped+", "relapsing", "headed+", "villages", "spending+"]),
                "".padded(to: w[0]) + "".padded(to: w[1]) + "(+: since the first event; means)".padded(to: w[2...5].reduce(0, +))
                    + "in breach".padded(to: w[6]) + "(M yuan)",
            ]
        }
        return [
            "各月月末的平均值；“累计”自第一个事件起计：",
            line(["月份", "风险户", "累计", "累计", "将要返贫", "累计曾", "规模性", "累计支出"]),
            line(["", "", "发现", "帮扶", "", "将要返贫", "返贫村数", "（百万元）"]),
        ]
    }
    /// Between an interval's ends in a table column: in Chinese `~`, which no terminal draws
    /// two columns wide (a CJK terminal may draw the en dash so, shifting the columns after it).
    /// Between an interval's ends: "(98–354)", but "(-242 to 631)" after a negative end, where
    /// a dash would read as a minus.
    func rangeInTable(from low: Double) -> String { pick("~", low < 0 ? " to " : "–") }

    /// Under the timeline: what its relapse and breach columns count.
    var drillLegend: [String] {
        language == .zh
            ? ["将要返贫：月末预计全年人均净资源低于贫困线的脱贫户（年末即当年返贫户）；",
               "累计曾将要返贫：自第一个事件起曾在某月末将要返贫的户数，不是返贫户数；",
               "规模性返贫村数：月末将要返贫户数达到规模性返贫阈值的行政村。"]
            : ["relapsing: exited households whose projected year is below the poverty line",
               "(December: the year's relapses). headed+: households relapsing at some month end",
               "since the first event (not relapses). villages in breach: villages whose",
               "relapsing households reach the large-scale threshold at the month's end."]
    }
    var noVillageBreach: String {
        // A year's breach is counted at its end (the timeline's months may show one on the way).
        pick("没有任何行政村在任何一次模拟的任何一年年末发生规模性返贫。", "No village breached at the end of any year of any replication.")
    }
    func villagesMostLikely(replications n: Int) -> String {
        pick("最可能发生规模性返贫的行政村（任一年，\(n) 次模拟）：",
             "Villages most likely to breach (any year, \(n) replication\(n == 1 ? "" : "s")):")
    }
    /// A village's chance of breaching and its exact interval, in percent.
    func villageChance(_ percent: Double, low: Double, high: Double) -> String {
        String(format: pick("%5.1f%%  （95%% 置信区间 %.1f–%.1f%%）", "%5.1f%%  (95%% CI %.1f–%.1f%%)"), percent, low, high)
    }
    /// The title of the budget table: whether it has a variant column (a scenario with
    /// several variants, each against its own budgets), and whether the risk fund's yearly
    /// amount stands as its budget.
    /// `someCounties`: a budget caps only the counties named after its instrument.
    func budgetsTitle(variants: Bool, fundAsBudget: Bool, someCounties: Bool = false) -> [String] {
        guard language == .zh else {
            // Within 80 columns: what the budgets cover, and the fund's clause, on lines of their own.
            let title = variants ? "Spending against each variant's yearly budgets" : "Spending against yearly budgets"
            return [title + (someCounties ? " (M yuan, mean):" : " (all counties, M yuan, mean):")]
                + (someCounties ? ["A budget covers all counties, or the counties named after its instrument."] : [])
                + (fundAsBudget ? ["The risk fund's yearly amount is its budget."] : [])
        }
        let counties = someCounties ? "各县（区）合计或括号中所列县（区）" : "各县（区）合计"
        return [(variants ? "支出与各方案年度预算比较" : "支出与年度预算比较") + "（\(counties)，百万元，平均值）："]
            + (fundAsBudget ? ["产业发展风险保障金的年度资金即其预算。"] : [])
    }
    /// The heading of the county-years whose own budget was spent in full, under the table.
    /// `variants`: the run has several, and a line naming none is every variant's.
    func budgetsSpentInFull(variants: Bool) -> String {
        variants
            ? pick("县（区）预算用尽（用尽的模拟次数占比；未注明方案者适用于所有方案）：",
                   "Spent in full in a county (share of replications; all variants unless named):")
            : pick("县（区）预算用尽（用尽的模拟次数占比）：", "Spent in full in a county (share of replications):")
    }
    /// A colon before what follows on the line.
    var colon: String { pick("：", ": ") }
    /// Between the items of a list on one line.
    var listSeparator: String { pick("，", ", ") }
    /// Every variant of a drill but `names`.
    func allVariantsBut(_ names: [String]) -> String {
        pick("除 \(names.joined(separator: "、")) 外的所有方案", "all variants but " + names.joined(separator: ", "))
    }
    /// `text` in parentheses after what precedes it.
    func parenthesized(_ text: String) -> String { pick("（\(text)）", " (\(text))") }
    /// A county as the terminal names it: its Chinese name, or its code.
    func countyName(_ county: County) -> String { pick(county.chineseName, county.rawValue) }
    /// The budget table's variant column, after the year, when the scenario has several.
    var budgetVariantColumn: String { pick("方案", "variant") }
    /// The budget table's columns: instrument, year, budget, spent, share.
    var budgetColumns: [String] {
        [pick("政策工具", "instrument"), pick("年份", "year"), pick("年度预算", "budget"), pick("支出", "spent"),
         pick("占预算", "share")]
    }
    /// The counties a budget caps, after its instrument, when it caps only some.
    func cappedCounties(_ counties: [County]) -> String {
        pick("（" + counties.map(\.chineseName).joined(separator: "、") + "）",
             " (" + counties.map(\.rawValue).joined(separator: ", ") + ")")
    }
    /// An instrument: its scenario key in English, the report's name in Chinese.
    func instrumentName(_ instrument: Instrument) -> String {
        pick(report.instrumentName(instrument), instrument.rawValue)
    }

    // MARK: Batch and merge

    func batchCounts(
        batch: String, total: Int, ran: Int, skipped: Int, catalog: String, repeated: Int, rewritten: Int = 0
    ) -> [String] {
        guard language == .zh else {
            var counts = "\(total) run\(total == 1 ? "" : "s"), \(ran) run now, \(skipped) already in \(catalog)"
            if repeated > 0 { counts += ", \(repeated) repeated in the batch (points of the same scenario)" }
            if rewritten > 0 { counts += "; \(rewritten) of these run again for their output files" }
            return ["batch \(batch): " + counts]
        }
        return Self.wrapped(
            "批次 \(batch)：",
            ["共 \(total) 次运行", "本次运行 \(ran) 次", "\(skipped) 次已在 \(catalog) 中"]
                + (repeated > 0 ? ["\(repeated) 次在本批次中重复（同一情景的设计点）"] : [])
                + (rewritten > 0 ? ["其中 \(rewritten) 次为写出结果文件而重新运行"] : []),
            separator: "，")
    }
    func sensitivityCharts(_ page: String) -> String { pick("敏感性指数图：\(page)", "Sensitivity charts in \(page)") }
    func sensitivityTitle(file: String) -> [String] {
        guard language == .zh else {
            return ["Sensitivity indices (Saltelli first-order S, Jansen total effect ST; 95% bootstrap CI): \(file)"]
        }
        let title = "敏感性指数（Saltelli 一阶 S，Jansen 总效应 ST；bootstrap 95% 区间）："
        return (title + file).terminalWidth <= Self.width ? [title + file] : [title, "  " + file]
    }
    func sensitivityMetric(_ metric: String) -> String {
        pick("\(metric)（各次模拟的平均值，全期，全部农户）",
             "\(metric) (mean over replications, whole horizon, all households)")
    }
    /// The sensitivity table's header after its parameter column: S, its interval, ST, its interval.
    var sensitivityColumns: (parameter: String, indices: String) {
        language == .zh
            ? ("参数", "       S  95% 置信区间            ST  95% 置信区间")
            : ("parameter", "       S  95% CI                  ST  95% CI")
    }
    func merged(shards: Int, replications total: Int, into out: String) -> String {
        pick("已合并 \(shards) 个分片（模拟 0..<\(total)）到 \(out)/", "merged \(shards) shards, replications 0..<\(total), into \(out)/")
    }

    // MARK: Progress (stderr)

    func replicationsProgress(done: Int, total: Int, rate: Double, left: String) -> String {
        String(format: pick("\r  模拟 %d/%d · %.1f 次/秒 · 剩余 %@ ", "\r  replications %d/%d · %.1f/s · %@ left "),
               done, total, rate, left)
    }
    func runsProgress(done: Int, total: Int, skipped: Int) -> String {
        pick("\r  运行 \(done)/\(total)", "\r  runs \(done)/\(total)")
            + (skipped > 0 ? pick("（跳过 \(skipped) 次）", " (\(skipped) skipped)") : "")
    }
    func runInProgress(number: Int, done: Int, replications: Int) -> String {
        pick(" · 第 \(number) 次运行：模拟 \(done)/\(replications)", " · run \(number): replications \(done)/\(replications)")
    }
    func timeLeft(_ left: String) -> String { pick(" · 剩余 \(left) ", " · \(left) left ") }

    // MARK: Population

    func population(households: Int, villages: Int) -> String {
        pick("人口：\(households) 户，\(villages) 个行政村", "Population: \(households) households, \(villages) villages")
    }
    /// A household file without exited households: no share of Lincang to scale the targets by.
    var fileWithoutExited: String {
        pick("住户文件中没有脱贫户，无法得出其占临沧的比例：各项数量与未缩放的目标比较。",
             "A household file without exited households has no share of Lincang to scale by:\n"
                + "counts are compared with the unscaled targets.")
    }
    func fileScale(_ scale: Double) -> String {
        // As docs/population.md gives it: up to six decimals, no trailing zeros.
        let x = NumberFormat.plain(scale, places: 6)
        return pick(
            "住户文件：各项数量与按 \(x) 缩放后的目标比较，\n即其脱贫户数占临沧 94,195 户之比。",
            "A household file: counts are compared with the targets scaled by \(x),\n"
                + "its share of Lincang's 94,195 registered exited households.")
    }
    func calibrationVerdict(failing: Int) -> String {
        failing == 0
            ? pick("每项指标都在容差范围内。", "Every figure is within its tolerance.")
            : pick("\(failing) 项指标超出容差。", "\(failing) figure(s) outside tolerance.")
    }
    func wroteHouseholds(_ count: Int, to file: String) -> String {
        pick("已将 \(count) 户写入 \(file)", "wrote \(count) households to \(file)")
    }

    // MARK: Layout

    /// `prefix` and the items with `separator` between them, on as many lines of at most
    /// ``width`` columns as they need, the later ones indented under the first item; an item
    /// wider than a line has one to itself.
    static func wrapped(_ prefix: String, _ items: [String], separator: String) -> [String] {
        let indent = String(repeating: " ", count: prefix.terminalWidth)
        var lines: [String] = []
        var line = prefix
        var empty = true
        for (i, item) in items.enumerated() {
            let piece = item + (i < items.count - 1 ? separator : "")
            if !empty && line.terminalWidth + piece.terminalWidth > width {
                // A line ends at its last item, without the space after it.
                lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
                line = indent
            }
            line += piece
            empty = false
        }
        return lines + [line]
    }
}

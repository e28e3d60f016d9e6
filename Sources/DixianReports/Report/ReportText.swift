import DixianEngine
import DixianModel
import Foundation

/// Every word of `report.html`, in Chinese and in English (issue 6: every label, heading
/// and explanatory sentence translated). Each entry is written as `pick("中文", "English")`,
/// the two side by side, so that a missing translation shows in review.
///
/// Sentences that carry numbers take them already formatted (``NumberFormat``), so that
/// this file holds words only.
///
/// Public for the terminal's tables (`dixian` in Chinese), which name causes and instruments
/// as the report does.
public struct ReportText: Sendable {
    public let language: Outputs.Language

    public init(language: Outputs.Language) { self.language = language }

    func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    /// The `lang` attribute of the page.
    var htmlLanguage: String { pick("zh-CN", "en") }

    // MARK: Page

    var title: String { pick("返贫风险评估报告", "Relapse-into-poverty risk report") }
    var subtitle: String { pick("底线 Dixian · 临沧市防止规模性返贫蒙特卡洛模拟", "Dixian (底线) · Monte Carlo simulation of relapse into poverty in Lincang") }
    func runLine(scenario: String, years: String, replications: String, variants: Int) -> String {
        let v = variants > 1 ? pick("，\(variants) 个政策方案", ", \(variants) policy variants") : ""
        return pick("情景 \(scenario) · \(years) 年 · \(replications) 次模拟\(v)",
                    "Scenario \(scenario) · \(years) · \(replications) replication\(replications == "1" ? "" : "s")\(v)")
    }
    var contents: String { pick("目录", "Contents") }

    // MARK: Sections

    var summaryHeading: String { pick("摘要", "Summary") }
    var distributionHeading: String { pick("年度返贫户数的分布", "How many households relapse in a year") }
    var yearsHeading: String { pick("逐年返贫户数", "Relapse year by year") }
    var countiesHeading: String { pick("各县（区）比较", "Counties side by side") }
    var villagesHeading: String { pick("最可能发生规模性返贫的行政村", "Villages most likely to breach the large-scale threshold") }
    var townshipsHeading: String { pick("最可能发生规模性返贫的乡镇", "Townships most likely to breach the large-scale threshold") }
    var causesHeading: String { pick("返贫原因", "Causes of relapse") }
    var spendingHeading: String { pick("政策支出", "Policy spending") }
    var variantsHeading: String { pick("政策方案比较", "Policy variants compared") }
    var assumptionsHeading: String { pick("假设与运行信息", "Assumptions and run details") }

    // MARK: Summary

    func breachSentence(n: String, years: String, rate: String, households: String, p: String, ci: String?) -> String {
        let interval = ci.map { pick("（95% 置信区间 \($0)）", " (95% CI \($0))") } ?? ""
        return pick(
            "在 \(n) 次模拟中，\(years) 年任一行政村返贫率达到 \(rate) 阈值（且至少 \(households) 户返贫，即发生规模性返贫）的概率为 \(p)\(interval)。",
            "In \(n) simulated futures, the chance that any village reaches the \(rate) relapse threshold (with at least \(households) households relapsing, a large-scale relapse) in \(years) is \(p)\(interval).")
    }
    /// In place of the breach sentences when no village has an exited household.
    func breachUndefinedSentence(n: String) -> String {
        pick(
            "人口中没有已脱贫户：返贫率没有分母，\(n) 次模拟中行政村和乡镇的规模性返贫均无法计算（summary.csv 中没有这些行）。",
            "No household of the population has exited poverty, so no relapse rate has a denominator: in \(n) simulated futures, a village's or township's large-scale relapse is undefined (summary.csv has no rows for it).")
    }
    func townshipSentence(rate: String, households: String, p: String, ci: String?) -> String {
        let interval = ci.map { pick("（95% 置信区间 \($0)）", " (95% CI \($0))") } ?? ""
        return pick(
            "任一乡镇返贫率达到 \(rate)（且至少 \(households) 户）的概率为 \(p)\(interval)。",
            "The chance that any township reaches \(rate) (with at least \(households) households) is \(p)\(interval).")
    }
    func yearlySentence(mean: String, ci: String?, range: String, q95: String, rangeIsOneValue: Bool) -> String {
        let interval = ci.map { pick("（95% 置信区间 \($0)）", " (95% CI \($0))") } ?? ""
        if rangeIsOneValue {
            return pick(
                "平均每年有 \(mean) 户脱贫户返贫\(interval)；模拟年份中至少 90% 为 \(q95) 户。",
                "On average \(mean) exited households relapse each year\(interval); at least 90% of the simulated years see \(q95).")
        }
        return pick(
            "平均每年有 \(mean) 户脱贫户返贫\(interval)；各年份的模拟结果多在 \(range) 户之间，只有 5% 的模拟年份超过 \(q95) 户。",
            "On average \(mean) exited households relapse each year\(interval); most simulated years see \(range) households relapse, and only 5% more than \(q95).")
    }
    /// A cause with its share inside the causes sentence: `自然灾害（69%）`, `natural disaster 69%`.
    func causeWithShare(_ c: RelapseCause, _ share: String) -> String {
        language == .zh ? "\(causeName(c))（\(share)）" : "\(causeName(c).prefix(1).lowercased() + causeName(c).dropFirst()) \(share)"
    }
    func variantNoChange(variant: String, baseline: String, years: String, ci: String?) -> String {
        let interval = ci.map { pick("（95% 置信区间 \($0)）", " (95% CI \($0))") } ?? ""
        return pick("与「\(baseline)」相比，方案「\(variant)」对 \(years) 年至少返贫一次的户数没有可见影响\(interval)。",
                    "Compared with “\(baseline)”, variant “\(variant)” makes no visible difference to the households relapsing at least once in \(years)\(interval).")
    }
    var oneReplicationNote: String {
        pick("只有一次模拟：标准差和置信区间至少需要两次模拟，因此显示为“–”；请用更多模拟次数（--replications）得到区间。",
             "One replication only: standard deviations and confidence intervals need at least two, so they show as “–”; run more replications (--replications) for intervals.")
    }
    func horizonSentence(years: String, mean: String, ci: String?) -> String {
        let interval = ci.map { pick("（95% 置信区间 \($0)）", " (95% CI \($0))") } ?? ""
        return pick(
            "\(years) 年间至少返贫一次的脱贫户平均为 \(mean) 户\(interval)。",
            "Over \(years), \(mean) households relapse at least once on average\(interval).")
    }
    func causesSentence(_ list: String) -> String {
        pick("返贫的主要原因：\(list)。", "The main causes of relapse: \(list).")
    }
    var noRelapseSentence: String { pick("没有任何模拟出现返贫。", "No household relapsed in any simulation.") }
    func spendingSentence(years: String, total: String) -> String {
        pick("\(years) 年政策支出合计平均为 \(total)。", "Policy spending over \(years) averages \(total) in total.")
    }
    func variantFigures(_ name: String) -> String {
        pick("以上数字为方案「\(name)」的结果；其他方案见“政策方案比较”。",
             "The figures above are those of variant “\(name)”; the others are in “Policy variants compared”.")
    }
    func variantUncertain(variant: String, baseline: String, years: String, change: String, ci: String, fewer: Bool) -> String {
        fewer
            ? pick("与「\(baseline)」相比，方案「\(variant)」使 \(years) 年至少返贫一次的户数平均减少 \(change) 户，但 95% 置信区间（\(ci)）包含 0，以这些模拟次数尚不能与零区分。",
                   "Compared with “\(baseline)”, variant “\(variant)” has \(change) fewer households relapsing at least once in \(years) on average, but its 95% CI (\(ci)) holds 0: with these replications this cannot be told from no difference.")
            : pick("与「\(baseline)」相比，方案「\(variant)」使 \(years) 年至少返贫一次的户数平均增加 \(change) 户，但 95% 置信区间（\(ci)）包含 0，以这些模拟次数尚不能与零区分。",
                   "Compared with “\(baseline)”, variant “\(variant)” has \(change) more households relapsing at least once in \(years) on average, but its 95% CI (\(ci)) holds 0: with these replications this cannot be told from no difference.")
    }
    func variantSentence(variant: String, baseline: String, years: String, change: String, ci: String?, fewer: Bool) -> String {
        let interval = ci.map { pick("（95% 置信区间 \($0)）", " (95% CI \($0))") } ?? ""
        return fewer
            ? pick("与「\(baseline)」相比，方案「\(variant)」使 \(years) 年至少返贫一次的户数平均减少 \(change) 户\(interval)。",
                   "Compared with “\(baseline)”, variant “\(variant)” reduces the households relapsing at least once in \(years) by \(change) on average\(interval).")
            : pick("与「\(baseline)」相比，方案「\(variant)」使 \(years) 年至少返贫一次的户数平均增加 \(change) 户\(interval)。",
                   "Compared with “\(baseline)”, variant “\(variant)” increases the households relapsing at least once in \(years) by \(change) on average\(interval).")
    }

    var cardBreach: String { pick("任一行政村规模性返贫的概率", "Chance that any village breaches") }
    var cardYearly: String { pick("年均返贫户数", "Relapsing households per year") }
    var cardHorizon: String { pick("至少返贫一次的户数", "Households relapsing at least once") }
    var cardVillageYears: String { pick("规模性返贫村·年数（平均）", "Village-years in breach (mean)") }
    var cardSpending: String { pick("政策支出合计（平均）", "Total policy spending (mean)") }
    func ciShort(_ interval: String) -> String { pick("95% 置信区间 \(interval)", "95% CI \(interval)") }

    var howToRead: String { pick("如何阅读", "How to read this report") }
    var howToReadText: String {
        pick("每次模拟都是未来几年的一种可能情形：灾害、价格、务工、疾病等冲击随机发生，政策按情景设定应对。"
             + "“概率”是出现某种结果的模拟所占的比例。“95% 置信区间”只反映模拟次数有限带来的误差，"
             + "模拟次数越多区间越窄；它不是未来结果的波动范围——波动范围见分布图和 5%–95% 区间。",
             "Each simulation is one possible future: disasters, price falls, job losses and illness happen at random, "
             + "and the policies respond as the scenario sets them. A “chance” is the share of simulations in which something happens. "
             + "A “95% CI” (confidence interval) measures only the error from running a finite number of simulations and "
             + "narrows as more are run; it is not the range of possible futures — that range is shown by the distribution and the 5–95% band.")
    }

    // MARK: Distribution

    func distributionNote(years: String) -> String {
        pick("柱：\(years) 各年返贫户数的模拟分布（每次模拟的每一年为一个样本）。曲线（右轴）：一年返贫户数达到或超过横轴数值的概率。",
             "Bars: the simulated distribution of relapsing households in a year, \(years) (every simulated year is one sample). Line (right axis): the chance that a year has at least that many relapsing households.")
    }
    var relapseHouseholdsAxis: String { pick("一年内返贫户数", "Relapsing households in a year") }
    var shareOfYears: String { pick("模拟年份占比", "Share of simulated years") }
    var exceedance: String { pick("达到或超过的概率", "Chance of at least this many") }
    var exceedanceTable: String { pick("一年返贫户数达到或超过以下数值的概率", "Chance that a year has at least this many relapsing households") }
    var atLeast: String { pick("至少（户）", "At least (households)") }
    var probability: String { pick("概率", "Chance") }

    // MARK: Years

    var yearsNote: String {
        pick("实线：平均返贫户数；深色带：平均值的 95% 置信区间；浅色带：5%–95% 的模拟结果范围。",
             "Line: mean relapsing households; dark band: 95% CI of the mean; light band: the middle 90% of simulated outcomes (5–95%).")
    }
    var year: String { pick("年份", "Year") }
    var households: String { pick("户", "households") }
    var mean: String { pick("平均", "Mean") }
    var ci95: String { pick("95% 置信区间", "95% CI") }
    var range5to95: String { pick("5%–95% 范围", "5–95% range") }
    var q95Column: String { pick("95% 分位数", "95th percentile") }
    var wholeHorizon: String { pick("全期（至少一次）", "Whole period (at least once)") }
    var variant: String { pick("方案", "Variant") }

    // MARK: Counties

    func countiesNote(years: String) -> String {
        pick("\(years) 年间至少返贫一次的户数（平均值与 95% 置信区间），及其占该县（区）脱贫户的比例。",
             "Households relapsing at least once in \(years) (mean and 95% CI), and their share of the county's exited households.")
    }
    var county: String { pick("县（区）", "County") }
    var exitedHouseholds: String { pick("脱贫户数", "Exited households") }
    var shareOfExited: String { pick("占脱贫户比例", "Share of exited") }
    var relapsedAtLeastOnce: String { pick("至少返贫一次（户）", "Relapsed at least once (households)") }

    func countyName(_ c: County) -> String { language == .zh ? c.chineseName : c.englishName }

    // MARK: Villages

    func placesNote(villages: Bool, rate: String, households: String, shown: Int, total: String) -> String {
        pick("在 \(total) 个\(villages ? "行政村" : "乡镇")中，按“整个期间至少有一年返贫率达到 \(rate)（且至少 \(households) 户返贫）”的概率从高到低列出前 \(shown) 个；区间为精确二项（Clopper–Pearson）95% 置信区间。",
             "The \(shown) of \(total) \(villages ? "villages" : "townships") with the highest chance of at least one year with a relapse rate of \(rate) or more (and at least \(households) households); intervals are exact binomial (Clopper–Pearson) 95% CIs.")
    }
    /// `variant`: the variant the statement is about, when the report has several (the others
    /// may breach: their columns say).
    func noPlaceBreach(villages: Bool, upper: String, variant: String? = nil) -> String {
        let zhIn = variant.map { "在方案「\($0)」中，" } ?? ""
        let enIn = variant.map { "In variant \($0), no" } ?? "No"
        return villages
            ? pick("\(zhIn)没有任何行政村在任何一次模拟中达到规模性返贫阈值；每个村的概率的 95% 置信上限为 \(upper)。下表按平均年返贫率列出风险最高的行政村。",
                   "\(enIn) village reached the large-scale threshold in any simulation; the 95% upper bound of each village's chance is \(upper). The table lists the villages with the highest mean yearly relapse rate.")
            : pick("\(zhIn)没有任何乡镇在任何一次模拟中达到规模性返贫阈值；每个乡镇的概率的 95% 置信上限为 \(upper)。下表按平均年返贫率列出风险最高的乡镇。",
                   "\(enIn) township reached the large-scale threshold in any simulation; the 95% upper bound of each township's chance is \(upper). The table lists the townships with the highest mean yearly relapse rate.")
    }
    var rank: String { pick("排名", "Rank") }
    var township: String { pick("乡镇", "Township") }
    var village: String { pick("行政村", "Village") }
    var breachProbability: String { pick("规模性返贫概率", "Chance of breach") }
    var meanRelapseRate: String { pick("平均年返贫率", "Mean yearly relapse rate") }

    // MARK: Causes

    func causesNote(years: String) -> String {
        pick("\(years) 年每户返贫归因于相对其无冲击情形损失最大的冲击；数值为各次模拟的平均户数（户·年）及占比。",
             "Each relapse in \(years) is blamed on the shock that cost the household most against its own no-shock path; figures are mean household-years over the simulations, and shares.")
    }
    public func causeName(_ c: RelapseCause) -> String {
        switch c {
        case .disaster: pick("自然灾害", "Natural disaster")
        case .price: pick("农产品价格下跌", "Fall in farm prices")
        case .jobLoss: pick("失业或务工中断", "Job loss")
        case .illness: pick("疾病或意外", "Illness or accident")
        case .volatility: pick("收入波动", "Income volatility")
        case .none: pick("无明显冲击（收入本就偏低）", "No shock (low income anyway)")
        }
    }
    var cause: String { pick("原因", "Cause") }
    var householdYears: String { pick("户·年（平均）", "Household-years (mean)") }
    var share: String { pick("占比", "Share") }

    // MARK: Spending

    func spendingNote(years: String, unit: String) -> String {
        pick("\(years) 年合计，单位\(unit)；条形为平均值，细线为 95% 置信区间。",
             "Totals over \(years), in \(unit); bars are means, thin lines 95% CIs.")
    }
    var byInstrument: String { pick("按政策工具", "By instrument") }
    var byCountyLeavesPayoutsOut: String {
        pick("按县（区）的支出与支出合计口径相同：防止返贫保险计保费（政府支付的部分），不计保险公司的赔付（赔付见上方按政策工具的图）。",
             "By county as spending_total counts it: anti-relapse insurance at its premiums (what government pays), not the insurer's payouts (shown by instrument above).")
    }
    /// A variant whose anti-relapse insurance pays out more than its premiums (formatted amounts).
    func payoutsBeyondPremiums(variant: String, payouts: String, premiums: String) -> String {
        pick("方案「\(variant)」：防止返贫保险赔付 \(payouts)，保费 \(premiums)。额外支出只计保费（政府支付的部分）：只有保险公司愿以此保费承担这一风险，这一数字才成立。",
             "Variant “\(variant)”: anti-relapse insurance pays out \(payouts) against \(premiums) of premiums. The extra cost counts the premiums (what government pays): it holds only if an insurer takes that risk at that premium.")
    }
    var byCounty: String { pick("按县（区）", "By county") }
    var againstBudgets: String { pick("与预算比较", "Against budgets") }
    /// `variants`: the table has a variant column, each variant against its own budgets.
    func budgetNote(variants: Bool, years: String = "") -> String {
        pick("下列政策工具有各县（区）年度预算（产业发展风险保障金即其年度资金）。表中为支出最高年份的平均支出及其占年度预算的比例，以及预算用尽、其后申请不再支付的年份占全部模拟年份（\(years) 年各年）的比例" + (variants ? "；每个方案按其自身的预算列出，某方案未设定的预算不列，数字相同的方案合为一行" : "") + "。预算在每年年末拨付：年内农户的识别、低保纳入和帮扶都按已申请的支付进行，被预算拒付的申请不会由其他帮扶补上，因此预算很紧的方案可能比不设该政策工具的方案返贫更多（docs/model.md §5）。",
             "These instruments have yearly budgets per county (the risk fund's is its yearly amount). The table shows the mean spending of the peak year and its share of the yearly budget, and the share of simulated years (every year of \(years)) in which the budget ran out, so that later claims were not paid" + (variants ? "; each variant against its own budgets (a variant without a budget has no row; variants of the same figures share one)" : "") + ". Budgets are granted at each year's end: within the year, households' detection, 低保 enrolment and help follow the payments as claimed, and a claim a budget denies is not made up by other help, so a variant with a tight budget can show more relapses than one without the instrument (docs/model.md §5).")
    }
    var noBudgets: String { pick("情景未设定预算：各项政策不受预算限制。", "The scenario sets no budgets: no instrument is limited by one.") }
    var instrument: String { pick("政策工具", "Instrument") }
    var yearlyBudget: String { pick("年度预算", "Yearly budget") }
    var peakYearSpending: String { pick("最高年份平均支出", "Mean spending, peak year") }
    var budgetUsed: String { pick("占预算", "Share of budget") }
    var budgetRunOut: String { pick("预算用尽的年份", "Years it ran out") }
    var total: String { pick("合计", "Total") }

    func spendingName(_ item: SpendingItem) -> String {
        switch item {
        case .monitoring: pick("监测帮扶", "Monitoring and targeted help")
        case .dibao: pick("低保", "Minimum living guarantee (低保)")
        case .tekun: pick("特困供养", "Extreme-poverty support (特困)")
        case .medicalInsurance: pick("医疗保险报销", "Medical insurance reimbursement")
        case .medicalAid: pick("医疗救助", "Medical aid")
        case .employment: pick("公益性岗位", "Public-welfare jobs")
        case .agriInsurance: pick("农业保险赔付", "Farm insurance indemnities")
        case .binding: pick("双绑保底收购", "Floor-price support (双绑)")
        case .consumptionHelp: pick("消费帮扶", "Consumption help")
        case .riskFund: pick("产业发展风险保障金", "Industry risk fund")
        case .relapseInsurance: pick("防止返贫保险赔付", "Anti-relapse insurance payouts")
        case .relapseInsurancePremiums: pick("防止返贫保险保费", "Anti-relapse insurance premiums")
        case .disasterRelief: pick("灾害救助", "Disaster relief")
        }
    }
    public func instrumentName(_ i: Instrument) -> String {
        switch i {
        case .monitoring: pick("监测帮扶", "Monitoring and targeted help")
        case .dibao: pick("低保与特困", "低保 and 特困")
        case .medical: pick("医疗救助", "Medical aid")
        case .employment: pick("公益性岗位", "Public-welfare jobs")
        case .agriInsurance: pick("农业保险", "Farm insurance")
        case .binding: pick("双绑保底收购", "Floor-price support (双绑)")
        case .consumptionHelp: pick("消费帮扶", "Consumption help")
        case .riskFund: pick("产业发展风险保障金", "Industry risk fund")
        case .relapseInsurance: pick("防止返贫保险", "Anti-relapse insurance")
        case .disasterRelief: pick("灾害救助", "Disaster relief")
        }
    }

    // MARK: Variants

    func variantsNote(baseline: String, ownBaselines: Bool) -> String {
        guard ownBaselines else {
            return pick("每个方案与第一个方案「\(baseline)」在相同的随机冲击下比较（共同随机数）。点：返贫户数之差（方案 − 「\(baseline)」）的平均值；线：由逐次模拟配对差值计算的 95% 置信区间。小于 0 表示返贫更少。",
                        "Every variant is compared with the first, “\(baseline)”, under the same random shocks (common random numbers). Dot: mean difference in relapsing households (variant − “\(baseline)”); line: 95% CI from the paired differences of each simulation. Below 0 means fewer relapses.")
        }
        return pick("每个方案与第一个方案「\(baseline)」比较；标有「相对于 …」的方案则与情景为其指定的基准方案比较（baseline:，与 comparison.csv 一致）；均在相同的随机冲击下（共同随机数）。点：返贫户数之差（方案 − 其基准方案）的平均值；线：由逐次模拟配对差值计算的 95% 置信区间。小于 0 表示返贫更少。",
                    "Every variant is compared with the first, “\(baseline)”, or, when marked “against …”, with the baseline the scenario names for it (baseline:, as in comparison.csv), under the same random shocks (common random numbers). Dot: mean difference in relapsing households (variant − its baseline); line: 95% CI from the paired differences of each simulation. Below 0 means fewer relapses.")
    }
    var indistinguishableNote: String {
        pick("“每减少一户返贫的成本”为“–”：该方案与其基准的差异的 95% 置信区间包含 0，尚不能与零区分，单位成本没有意义。",
             "“–” as the cost per relapse averted: the variant's difference from its baseline has a 95% CI that holds 0, so it cannot be told from none and a cost per relapse averted would mean nothing.")
    }
    /// The cost per relapse averted of a variant that averts relapses and spends less than its
    /// baseline: a negative ratio, which read as a number would look like the cheapest of costs.
    var savesMoney: String { pick("节省支出", "saves money") }
    var savesMoneyNote: String {
        pick("“每减少一户返贫的成本”为“节省支出”：该方案减少了返贫，且支出低于其基准方案（comparison.csv 中为负数）。",
             "“saves money” as the cost per relapse averted: the variant averts relapses and spends less than its baseline (a negative number in comparison.csv).")
    }
    func againstBaseline(variant: String, baseline: String) -> String {
        pick("\(variant)（相对于 \(baseline)）", "\(variant) (against \(baseline))")
    }
    var difference: String { pick("返贫户数之差", "Difference in relapsing households") }
    var differenceWhole: String { pick("返贫户数之差（全期）", "Difference, whole period") }
    var spendingMean: String { pick("支出合计（平均）", "Spending (mean)") }
    var extraCost: String { pick("额外支出（全期）", "Extra cost (whole period)") }
    var costPerAverted: String { pick("每减少一户返贫的成本", "Cost per relapse averted") }
    var notAverted: String { pick("未减少返贫", "no relapse averted") }
    var fewer: String { pick("← 返贫更少", "← fewer relapses") }
    var more: String { pick("返贫更多 →", "more relapses →") }
    var breachChance: String { pick("任一行政村规模性返贫概率", "Chance any village breaches") }

    var costEffectHeading: String { pick("额外支出与减少的返贫", "Extra cost against relapses averted") }
    func costEffectNote(baseline: String, unit: String) -> String {
        pick("每个点为一个方案，均为全期、相对「\(baseline)」（空心圆）的配对差值：横轴为减少的至少返贫一次的户数，纵轴为额外政策支出（\(unit)）；线为两者的 95% 置信区间。越靠右返贫越少，越靠下花费越少；右下方的方案既减少返贫又节省支出。",
             "One point per variant, each a paired difference over the whole period against “\(baseline)” (the ring): across, the households relapsing at least once that it averts; up, its extra policy spending (\(unit)); lines are 95% CIs of both. Further right means fewer relapses, lower means cheaper; a variant below and to the right of the ring averts relapses and saves money.")
    }
    func avertedAxis(baseline: String) -> String {
        pick("减少的返贫户数（全期，相对「\(baseline)」）", "Relapses averted over the period (households, against “\(baseline)”)")
    }
    func extraCostAxis(unit: String) -> String { pick("额外支出（\(unit)）", "Extra cost (\(unit))") }
    var moreToTheLeft: String { pick("← 返贫更多", "← more relapses") }
    var fewerToTheRight: String { pick("返贫更少 →", "fewer relapses →") }

    // MARK: Assumptions

    var assumptionsNote: String {
        pick("以下假设均来自本次运行的情景文件，改变它们会改变结果。完整情景见 manifest.json。",
             "Every assumption below comes from this run's scenario; changing them changes the results. The full scenario is in manifest.json.")
    }
    var linesHeading: String { pick("标准线（元/人·年）", "Lines (yuan per person per year)") }
    var povertyLine: String { pick("贫困线（扶贫标准，返贫判定线）", "Poverty line (relapse below it)") }
    var monitoringLine: String { pick("防止返贫监测线", "Monitoring line") }
    var dibaoStandard: String { pick("农村低保标准", "Rural 低保 standard") }
    var thresholdsHeading: String { pick("规模性返贫阈值", "Large-scale relapse thresholds") }
    func threshold(rate: String, households: String) -> String {
        pick("返贫率 ≥ \(rate) 且返贫户数 ≥ \(households)", "relapse rate ≥ \(rate) and at least \(households) households")
    }
    var villageLevel: String { pick("行政村", "Village") }
    var townshipLevel: String { pick("乡镇", "Township") }
    var runHeading: String { pick("运行信息", "Run") }
    var scenarioName: String { pick("情景", "Scenario") }
    var description: String { pick("说明", "Description") }
    var years: String { pick("模拟年份", "Years") }
    var replications: String { pick("模拟次数", "Replications") }
    /// A shard's replications: its numbers among the run's; its figures are of these alone.
    func shardRange(_ first: String, _ last: String, of total: String) -> String {
        pick("（共 \(total) 次模拟中编号 \(first)–\(last) 的一个分片：本报告的数字只反映这几次模拟；用 dixian merge 合并各分片）",
             " (numbers \(first)–\(last) of the run's \(total): one shard, whose figures are of these replications alone; "
                + "dixian merge combines the shards)")
    }
    func stoppedEarly(target: String) -> String {
        pick("相对标准误达到目标 \(target) 后提前停止", "stopped early: relative standard error reached the target of \(target)")
    }
    func targetNotMet(target: String, requested: String) -> String {
        pick("在最多 \(requested) 次模拟内未达到相对标准误目标 \(target)", "the relative standard error target of \(target) was not met within \(requested)")
    }
    var variantsLabel: String { pick("政策方案", "Policy variants") }
    var seed: String { pick("随机种子", "Seed") }
    var instrumentsOn: String { pick("启用的政策工具", "Instruments switched on") }
    var none: String { pick("无", "none") }
    var program: String { pick("程序版本", "Program version") }
    var gsl: String { pick("GSL 版本", "GSL version") }
    var generator: String { pick("随机数生成器", "Random number generator") }
    var parallelism: String { pick("线程 / 进程", "Threads / processes") }
    var runTime: String { pick("运行时间（UTC）", "Run time (UTC)") }
    /// When a run started and ended, in UTC, to the second: `2026 年 11 月 30 日 16:37:36 – 16:39:02`,
    /// `2026-11-30 16:37:36 – 16:39:02` (the end's date only when it is another day).
    func runTimes(_ start: Date, _ end: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func parts(_ date: Date) -> (day: String, time: String) {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let (y, m, d) = (c.year ?? 0, c.month ?? 0, c.day ?? 0)
            let day = language == .zh ? "\(y) 年 \(m) 月 \(d) 日" : String(format: "%04d-%02d-%02d", y, m, d)
            return (day, String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0))
        }
        let (a, b) = (parts(start), parts(end))
        return a.day + " " + a.time + " – " + (a.day == b.day ? "" : b.day + " ") + b.time
    }
    var sha: String { pick("情景 SHA-256", "Scenario SHA-256") }
    var householdFileSHA: String { pick("农户文件 SHA-256", "Household file SHA-256") }
    var populationLabel: String { pick("人口", "Population") }
    func populationSize(households: String, villages: String) -> String {
        pick("\(households) 户，\(villages) 个行政村", "\(households) households in \(villages) villages")
    }
    func householdFile(_ name: String) -> String { pick("农户文件 \(name)", "household file \(name)") }
    var baseYear: String { pick("价格基年", "Base year of amounts") }
    var footer: String {
        pick("本报告由底线（Dixian）自动生成，不需联网即可查看和打印。数据文件（CSV/JSON）与本报告位于同一文件夹。",
             "Written by Dixian (底线); it needs no network to view or print. The data files (CSV/JSON) are in the same folder.")
    }
    var listSeparator: String { pick("、", ", ") }
    /// A table's variant cell for a row that holds for every variant.
    var allVariants: String { pick("所有方案", "All variants") }
}

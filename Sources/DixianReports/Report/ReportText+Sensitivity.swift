import DixianEngine

/// The words of the sensitivity report `dixian batch` writes for its Sobol sweeps.
extension ReportText {
    var sensitivityTitle: String { pick("参数敏感性分析报告", "Sensitivity analysis report") }
    var sensitivitySubtitle: String {
        pick("底线 Dixian · 参数扫描（Sobol 设计）的方差分解敏感性指数",
             "Dixian (底线) · variance-based sensitivity indices of parameter sweeps (Sobol design)")
    }
    func batchLine(batch: String, runs: String, sweeps: Int) -> String {
        pick("批次 \(batch) · \(runs) 次运行 · \(sweeps) 个 Sobol 扫描", "Batch \(batch) · \(runs) runs · \(sweeps) Sobol sweep\(sweeps == 1 ? "" : "s")")
    }
    func sweepHeading(_ name: String) -> String { pick("情景 \(name)", "Scenario \(name)") }
    func sweepDesign(file: String, samples: String, parameters: Int, runs: String, replications: String, seed: String) -> String {
        pick("文件 \(file)：Saltelli 设计，基础样本 N = \(samples)，\(parameters) 个参数，共 \(runs) 个设计点，每个设计点 \(replications) 次模拟；所有设计点使用同一随机种子 \(seed)（共同随机数），设计点之间的差异只来自参数。",
             "File \(file): Saltelli's design with N = \(samples) base samples and \(parameters) parameter\(parameters == 1 ? "" : "s"), \(runs) design points of \(replications) replications each; every point uses the same seed \(seed) (common random numbers), so differences between points come from the parameters alone.")
    }
    var parameterRanges: String { pick("参数及其范围", "Parameters and their ranges") }
    var parameterColumn: String { pick("参数（情景键路径）", "Parameter (scenario key path)") }
    var minimum: String { pick("最小值", "Minimum") }
    var maximum: String { pick("最大值", "Maximum") }

    /// A headline figure of a sweep by its `summary.csv` metric name.
    func sensitivityMetric(_ name: String) -> String {
        switch Metric(rawValue: name) {
        case .relapseHouseholds: pick("至少返贫一次的户数", "Households relapsing at least once")
        case .anyVillageBreach: pick("任一行政村发生规模性返贫的概率", "Chance that any village breaches")
        case .spendingTotal: pick("政策支出合计", "Total policy spending")
        default: name
        }
    }
    func sensitivityMetricNote(_ name: String, variant: String) -> String {
        pick("指标 \(name)：各设计点各次模拟的平均值，全期、全部农户，方案「\(variant)」。",
             "Figure \(name): each design point's mean over its replications, whole period, all households, variant “\(variant)”.")
    }
    var firstOrderName: String { pick("一阶指数 S（单独作用）", "First-order S (alone)") }
    var totalEffectName: String { pick("总效应指数 S_T（含交互作用）", "Total effect S_T (with interactions)") }
    var varianceShare: String { pick("占该指标方差的比例", "Share of the figure's variance") }
    var undefinedIndex: String { pick("未定义：该指标在扫描中没有变化", "undefined: the figure never changed over the sweep") }
    var firstOrderColumn: String { pick("一阶指数 S", "First-order S") }
    var totalEffectColumn: String { pick("总效应 S_T", "Total effect S_T") }
    var sensitivityHowToRead: String {
        pick("S 是该参数单独造成的指标方差所占的比例；S_T 还包括它与其他参数的交互作用。S_T 接近 0 的参数可在其范围内任意取值而几乎不影响该指标；S 与 S_T 接近说明交互作用小。细线为 bootstrap 95% 区间（对设计行重抽样）；略小于 0 或大于 1（虚线）的估计说明基础样本 N 偏小。",
             "S is the share of the figure's variance due to the parameter alone; S_T adds its interactions with the others. A parameter with S_T near 0 can be fixed anywhere in its range without changing the figure much; S close to S_T means few interactions. Thin lines are bootstrap 95% intervals (resampling the design's rows); estimates a little below 0 or above 1 (the dashed line) say that N is small.")
    }
    var methodHeading: String { pick("方法与运行信息", "Method and run details") }
    var batchLabel: String { pick("批次编号", "Batch") }
    var catalogLabel: String { pick("结果目录（SQLite）", "Results catalog (SQLite)") }
    var runsLabel: String { pick("运行次数", "Runs") }
    var estimatorsLabel: String { pick("估计方法", "Estimators") }
    var estimatorsText: String {
        pick("一阶指数：Saltelli 等（2010）表 2 (b)；总效应：Jansen（1999）；方差为 A、B 两组输出合并（除以 2N）。",
             "First order: Saltelli et al. (2010), Table 2 (b); total effect: Jansen (1999); variance of the A and B outputs together (divisor 2N).")
    }
    var bootstrapLabel: String { pick("置信区间", "Intervals") }
    func bootstrapText(resamples: String) -> String {
        pick("百分位 bootstrap，\(resamples) 次重抽样，随机数生成器 mt19937，种子为情景的种子（结果可重现）。",
             "Percentile bootstrap, \(resamples) resamples, generator mt19937 seeded with the scenario's seed (reproducible).")
    }
    func sensitivityFooter(catalog: String) -> String {
        pick("本报告由底线（Dixian）自动生成，不需联网即可查看和打印。全部结果在结果目录 \(catalog) 中（表 sensitivity、runs、parameters、summary；见 docs/batch.md）。",
             "Written by Dixian (底线); it needs no network to view or print. Every result is in the catalog \(catalog) (tables sensitivity, runs, parameters, summary; see docs/batch.md).")
    }
}

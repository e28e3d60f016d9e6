import DixianModel
import Foundation

/// Every figure of the MODEL.md §2 calibration table, recomputed from a population and set
/// against its target and tolerance.
///
/// It computes from the population alone, so it serves `lincang-2020` and a household file
/// alike (an exported and reloaded population gives the same report). Counts are compared
/// with `target × scale` rounded, persons with `target × scale`; ratios and shares do not
/// scale. Percent figures are in percent and their tolerances in percentage points.
public struct CalibrationReport: Sendable, Encodable {
    /// One figure of the table.
    public struct Row: Sendable, Hashable, Encodable {
        /// Machine key, the data file's target name (`exited_persons`).
        public var key: String
        /// What the figure is, for people.
        public var figure: String
        /// The same in Chinese, for the terminal's table in Chinese (not in the JSON).
        public var chineseFigure: String
        public var target: Double
        public var value: Double
        public var tolerance: Tolerance
        public var withinTolerance: Bool
        /// `households`, `persons`, `yuan`, `percent`, `count`.
        public var unit: String

        enum CodingKeys: String, CodingKey { case key, figure, target, value, tolerance, withinTolerance = "within_tolerance", unit }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key)
            try c.encode(figure, forKey: .figure)
            try c.encode(target, forKey: .target)
            try c.encode(value, forKey: .value)
            try c.encode(tolerance.description, forKey: .tolerance)
            try c.encode(withinTolerance, forKey: .withinTolerance)
            try c.encode(unit, forKey: .unit)
        }
    }

    public var scale: Double
    public var rows: [Row]

    /// True when every figure is within its tolerance.
    public var allWithinTolerance: Bool { rows.allSatisfy(\.withinTolerance) }

    /// The row with `key`, if any.
    public subscript(key: String) -> Row? { rows.first { $0.key == key } }

    enum CodingKeys: String, CodingKey { case scale, rows, allWithinTolerance = "all_within_tolerance" }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scale, forKey: .scale)
        try c.encode(rows, forKey: .rows)
        try c.encode(allWithinTolerance, forKey: .allWithinTolerance)
    }

    public init(population p: Population, data: LincangData, scale: Double = 1) {
        self.scale = scale
        let t = data.targets
        let poverty = data.lines.poverty.value
        let threshold = data.lines.incomeThreshold.value

        // One pass over the households.
        var exitedHouseholds = 0, exitedPersons = 0, edgeHouseholds = 0, edgePersons = 0
        var exitedBelowThreshold = 0, exitedBelowPoverty = 0
        var exitedLaborers = 0, exitedMigrants = 0
        var wage = 0.0, production = 0.0, transfer = 0.0, property = 0.0
        var monitoredPersons = 0, dibaoPersons = 0, relocatedHouseholds = 0, relocatedPersons = 0
        var relocationSites = Set<Int32>()
        var counties = Set<County>()
        for i in p.indices {
            let size = Int(p.size[i])
            let f = p.flags[i]
            counties.insert(p.county(i))
            if f.contains(.monitored) { monitoredPersons += size }
            if f.contains(.relocated) {
                relocatedHouseholds += 1
                relocatedPersons += size
                if p.site[i] >= 0 { relocationSites.insert(p.site[i]) }
            }
            switch p.status[i] {
            case .exited:
                exitedHouseholds += 1
                exitedPersons += size
                exitedLaborers += Int(p.laborers[i])
                exitedMigrants += Int(p.migrants[i])
                if f.contains(.dibao) { dibaoPersons += size }
                let w = p.wageLocal[i] + p.wageMigrant[i], pr = p.productionTotal(i)
                let tr = p.transfer[i] + p.dibaoAmount[i], pp = p.property[i]
                wage += w; production += pr; transfer += tr; property += pp
                let perCapita = (w + pr + tr + pp) / Double(size)
                if perCapita < threshold { exitedBelowThreshold += 1 }
                if perCapita < poverty { exitedBelowPoverty += 1 }
            case .edge, .hardship:
                if f.contains(.monitored) {
                    edgeHouseholds += 1
                    edgePersons += size
                }
            case .other:
                break
            }
        }
        let income = wage + production + transfer + property
        let usedTownships = Set(p.village.map { p.geography.villages[Int($0)].township })
        let usedVillages = Set(p.village)
        let borderVillages = usedVillages.filter { p.geography.villages[Int($0)].isBorder }
        let borderElsewhere = borderVillages.filter { !p.geography.county(ofVillage: $0).isBorderCounty }

        func percent(_ part: Double, _ whole: Double) -> Double { whole > 0 ? 100 * part / whole : 0 }
        var rows: [Row] = []
        func row(
            _ key: String, _ figure: String, _ chineseFigure: String, _ target: Target, _ value: Double, _ unit: String,
            scales: Bool = false
        ) {
            let goal = scales
                ? (target.tolerance == .exact ? (target.value * scale).rounded() : target.value * scale)
                : target.value
            rows.append(Row(key: key, figure: figure, chineseFigure: chineseFigure, target: goal, value: value, tolerance: target.tolerance,
                            withinTolerance: target.tolerance.accepts(value, target: goal), unit: unit))
        }
        row("exited_households", "registered exited households (脱贫户)", "登记脱贫户数", t.exitedHouseholds, Double(exitedHouseholds), "households", scales: true)
        row("exited_persons", "registered exited persons", "登记脱贫人口数", t.exitedPersons, Double(exitedPersons), "persons", scales: true)
        row("edge_hardship_households", "monitored edge & hardship households (边缘易致贫户, 突发严重困难户)", "监测的边缘易致贫户、突发严重困难户数",
            t.edgeHardshipHouseholds, Double(edgeHouseholds), "households", scales: true)
        row("edge_hardship_persons", "monitored edge & hardship persons", "监测的边缘易致贫户、突发严重困难户人数", t.edgeHardshipPersons, Double(edgePersons), "persons", scales: true)
        row("counties", "counties", "县（区）数", t.counties, Double(counties.count), "count")
        row("townships", "townships (乡镇)", "乡镇数", t.townships, Double(usedTownships.count), "count", scales: true)
        row("villages", "villages (行政村)", "行政村数", t.villages, Double(usedVillages.count), "count", scales: true)
        row("mean_income_per_capita", "mean per-capita net income of the exited (incl. 低保)", "脱贫户人均纯收入（含低保）", t.meanIncomePerCapita,
            exitedPersons > 0 ? income / Double(exitedPersons) : 0, "yuan")
        row("share_below_income_threshold", "exited households below 10,000 per capita", "人均纯收入低于 10,000 元的脱贫户占比", t.shareBelowIncomeThreshold,
            percent(Double(exitedBelowThreshold), Double(exitedHouseholds)), "percent")
        row("wage_share", "income share of the exited: wages", "脱贫户收入构成：工资性收入", t.wageShare, percent(wage, income), "percent")
        row("production_share", "income share of the exited: production", "脱贫户收入构成：生产经营性收入", t.productionShare, percent(production, income), "percent")
        row("transfer_share", "income share of the exited: transfers incl. 低保", "脱贫户收入构成：转移性收入（含低保）", t.transferShare, percent(transfer, income), "percent")
        row("property_share", "income share of the exited: property", "脱贫户收入构成：财产性收入", t.propertyShare, percent(property, income), "percent")
        row("laborer_share", "laborers as share of exited persons", "劳动力占脱贫人口的比例", t.laborerShare,
            percent(Double(exitedLaborers), Double(exitedPersons)), "percent")
        row("migrant_share", "migrants (外出务工) as share of exited laborers", "外出务工占脱贫劳动力的比例", t.migrantShare,
            percent(Double(exitedMigrants), Double(exitedLaborers)), "percent")
        row("monitored_persons", "monitored persons, all three kinds (三类人员)", "三类监测对象人数", t.monitoredPersons, Double(monitoredPersons), "persons", scales: true)
        row("dibao_persons", "低保 persons among the exited", "脱贫人口中的低保人数", t.dibaoPersons, Double(dibaoPersons), "persons", scales: true)
        row("relocated_households", "relocated households (易地扶贫搬迁)", "易地扶贫搬迁户数", t.relocatedHouseholds, Double(relocatedHouseholds), "households", scales: true)
        row("relocated_persons", "relocated persons", "易地扶贫搬迁人数", t.relocatedPersons, Double(relocatedPersons), "persons", scales: true)
        row("relocation_sites", "relocation sites in use", "有搬迁户的安置点数", t.relocationSites, Double(relocationSites.count), "count", scales: true)
        row("key_assisted_counties", "key assisted counties (重点帮扶县) with households: 凤庆, 永德, 沧源", "重点帮扶县数（凤庆、永德、沧源）", t.keyAssistedCounties,
            Double(counties.filter(\.isKeyAssisted).count), "count")
        row("border_villages", "border villages (沿边行政村)", "沿边行政村数", t.borderVillages, Double(borderVillages.count), "count", scales: true)
        row("border_villages_elsewhere", "border villages outside 镇康, 耿马, 沧源", "镇康、耿马、沧源以外的沿边行政村数", t.borderVillagesElsewhere,
            Double(borderElsewhere.count), "count")
        row("exited_at_or_above_poverty_line", "exited households at or above P_2020", "不低于 2020 年贫困线的脱贫户占比", t.exitedAtOrAbovePovertyLine,
            percent(Double(exitedHouseholds - exitedBelowPoverty), Double(exitedHouseholds)), "percent")
        self.rows = rows
    }

    /// The report as an aligned text table, in English.
    public var table: String { table(language: .en) }

    /// The report as an aligned text table in `language`: the same figures, named in Chinese
    /// or in English, on at most `width` columns where it can: a figure's name longer than
    /// its column leaves takes more lines, its numbers on the first.
    public func table(language: Outputs.Language, width: Int = 80) -> String {
        let zh = language == .zh
        func number(_ x: Double, _ unit: String) -> String {
            unit == "percent" ? String(format: "%.2f%%", x)
                : unit == "yuan" ? String(format: "%.0f", x) : HouseholdFile.formatMoney((x * 10).rounded() / 10)
        }
        func tolerance(_ t: Tolerance) -> String {
            guard zh else { return t.description }
            switch t {
            case .exact: return "须相等"
            case .relative: return t.description
            case .points(let p): return "±\(HouseholdFile.formatMoney(p)) 个百分点"
            }
        }
        let header = zh ? ["指标", "目标", "实际值", "容差", "符合"] : ["figure", "target", "value", "tolerance", "ok"]
        let body = rows.map { [zh ? $0.chineseFigure : $0.figure, number($0.target, $0.unit), number($0.value, $0.unit),
                               tolerance($0.tolerance), $0.withinTolerance ? (zh ? "是" : "yes") : (zh ? "否" : "NO")] }
        var widths = (0..<header.count).map { c in ([header] + body).map { $0[c].terminalWidth }.max()! }
        // The numbers keep their columns; the names wrap within what is left (never fewer than 24).
        let numbers = widths.dropFirst().reduce(0, +) + 2 * (widths.count - 1)
        widths[0] = min(widths[0], max(24, width - numbers))
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: max(0, widths[c] - cell.terminalWidth))
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        func lines(_ cells: [String]) -> [String] {
            let name = cells[0].wrapped(toWidth: widths[0])
            return [line([name[0]] + cells.dropFirst())] + name.dropFirst().map { "  " + $0 }
        }
        return ([line(header)] + body.flatMap(lines)).joined(separator: "\n")
    }
}

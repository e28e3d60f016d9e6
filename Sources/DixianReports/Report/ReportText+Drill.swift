import DixianEngine
import DixianModel

/// The words of the drill timeline of `report.html` (`dixian drill`).
extension ReportText {
    var drillHeading: String { pick("推演：逐月时间线", "The drill month by month") }

    /// A month as a planner writes it: `2024年5月`, `May 2024`.
    func monthName(year: Int, month: Int) -> String {
        let english = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return pick("\(year) 年 \(month + 1) 月", "\(english[month]) \(year)")
    }

    func drillNote(from: String, to: String) -> String {
        pick("从第一个推演事件所在月份（\(from)）到 \(to)，每月月末的情况。实线：各次模拟的平均值；色带：平均值的 95% 置信区间。虚线和编号标出推演事件：",
             "Each month's end from the month of the first drill event (\(from)) to \(to). Line: mean over the simulations; band: 95% CI of the mean. The numbered dashed lines are the drill's events:")
    }

    /// A drill event in words: when, then what (``drillEventWhat(_:county:percent:)``).
    func drillEvent(_ event: Drill.Event, county: (County) -> String, percent: (Double) -> String) -> String {
        let what = drillEventWhat(event, county: county, percent: percent)
        switch event {
        case let .hazard(_, _, year, month, _, _):
            return pick("\(monthName(year: year, month: month - 1))，", "\(monthName(year: year, month: month - 1)): ") + what
        case let .price(_, year, _):
            return pick("\(year) 年全年：", "All of \(year): ") + what
        case let .epidemic(year, month, _):
            return pick("\(monthName(year: year, month: month - 1))起：", "From \(monthName(year: year, month: month - 1)): ") + what
        }
    }

    /// What a drill event does, without when (the terminal puts its month in a column before it).
    public func drillEventWhat(_ event: Drill.Event, county: (County) -> String, percent: (Double) -> String) -> String {
        switch event {
        case let .hazard(name, c, _, _, villages, loss):
            return pick("\(county(c))\(hazardName(name))：\(percent(villages)) 的行政村受灾，受灾户损失当年 \(percent(loss)) 的农业产出",
                        "\(hazardName(name).lowercased()) in \(county(c)): \(percent(villages)) of its villages hit, affected households lose \(percent(loss)) of the year's farm output")
        case let .price(commodity, _, change):
            let size = percent(abs(change))
            return change < 0
                ? pick("\(commodityName(commodity))价格下跌 \(size)", "\(commodityName(commodity).lowercased()) price down \(size)")
                : pick("\(commodityName(commodity))价格上涨 \(size)", "\(commodityName(commodity).lowercased()) price up \(size)")
        case let .epidemic(_, _, months):
            return pick("疫情，持续 \(months) 个月", "an epidemic lasting \(months) month\(months == 1 ? "" : "s")")
        }
    }

    /// A hazard of the scenario by its name; names the report does not know are shown as written.
    func hazardName(_ name: String) -> String {
        switch name {
        case "earthquake": pick("地震", "Earthquake")
        case "drought": pick("干旱", "Drought")
        case "flood": pick("洪涝（含滑坡）", "Flood (and landslide)")
        case "landslide": pick("滑坡", "Landslide")
        case "frost": pick("霜冻", "Frost")
        case "hail": pick("冰雹", "Hail")
        default: name
        }
    }

    /// A commodity by its name; names the report does not know are shown as written.
    func commodityName(_ c: Commodity) -> String {
        switch c.rawValue {
        case "tea": pick("茶叶", "Tea")
        case "sugarcane": pick("甘蔗", "Sugarcane")
        case "nuts": pick("坚果（核桃、澳洲坚果）", "Nuts (walnut, macadamia)")
        case "coffee": pick("咖啡", "Coffee")
        case "fruit": pick("水果", "Fruit")
        case "vegetables": pick("蔬菜", "Vegetables")
        case "cattle": pick("肉牛", "Cattle")
        case "herbs": pick("中药材", "Medicinal herbs")
        case "grain": pick("粮食", "Grain")
        default: c.rawValue
        }
    }

    // Panels of the timeline, each with its unit.
    var drillAtRisk: String { pick("处于风险的户数（低于监测线）", "Households at risk (below the monitoring line)") }
    var drillRelapsing: String { pick("将要返贫的户数（按当年预计）", "Households heading for relapse (this year)") }
    var drillRelapsed: String { pick("累计曾将要返贫的户数", "Headed for relapse since the first event") }
    var drillFound: String { pick("累计发现的户数", "Households found since the first event") }
    var drillHelped: String { pick("累计帮扶的户数", "Households helped since the first event") }
    var drillVillages: String { pick("规模性返贫的行政村数", "Villages in breach") }
    var drillTownships: String { pick("规模性返贫的乡镇数", "Townships in breach") }
    var drillPosts: String { pick("在岗的公益性岗位数", "Public-welfare posts held") }
    func drillSpending(unit: String) -> String { pick("累计政策支出（\(unit)）", "Spending since the first event (\(unit))") }

    var drillRelapsingExplained: String {
        pick("“将要返贫”指按当月情况推算到年底、人均净资源（收入加政策性收入，减去自付医疗和修房等刚性支出）低于贫困线的脱贫户；12 月的数值即当年的返贫户数。“累计曾将要返贫”自第一个事件起每户只计一次，计在它第一次将要返贫的月份。",
             "“Heading for relapse” counts exited households whose resources, carried from the month to December, fall below the poverty line; December's figure is the year's relapses. The cumulative panel counts each household once, from the first month end since the first event at which it was heading for relapse.")
    }

    /// `january`: the peak is a January's, when the monitoring line rises, not an event's doing.
    func drillSentence(
        peakMonth: String, peak: String, end: String, found: String, helped: String, spending: String, january: Bool = false
    ) -> String {
        pick("推演中，处于风险的户数在 \(peakMonth)达到最高，平均 \(peak) 户" + (january ? "（每年 1 月监测线上调，风险户随之增加）" : "")
                + "；到 \(end)，自第一个事件以来平均累计发现 \(found) 户、帮扶 \(helped) 户，政策支出 \(spending)。",
             "In the drill, households at risk peak in \(peakMonth) at \(peak) on average"
                + (january ? " (the monitoring line rises each January, and with it the households at risk)" : "")
                + "; by \(end), \(found) households have been found and \(helped) helped since the first event, and policy spending is \(spending).")
    }

    func drillTableNote(variant: String?) -> String {
        let zh = "每三个月一行，另加各推演事件所在的月份和每年 12 月（12 月的数值即当年的统计结果，因预算用尽或公益性岗位已满而未能支付的款项不计在内），平均值；每月的数值及置信区间见 drill.csv。"
        let en = "every third month, plus the month of each drill event and every December (its figures are the year's as counted, after the claims a budget or the posts deny), means; drill.csv has every month with its intervals."
        guard let variant else { return pick(zh, "Every" + en.dropFirst(5)) }
        return pick("方案「\(variant)」，" + zh, "Variant “\(variant)”, " + en)
    }
    var month: String { pick("月份", "Month") }
    var drillAtRiskShort: String { pick("处于风险", "At risk") }
    var drillRelapsingShort: String { pick("将要返贫", "Heading for relapse") }
    var drillRelapsedShort: String { pick("累计曾将要返贫", "Headed for relapse since start") }
    var drillFoundShort: String { pick("累计发现", "Found since start") }
    var drillHelpedShort: String { pick("累计帮扶", "Helped since start") }
    var drillVillagesShort: String { pick("规模性返贫村", "Villages in breach") }
    func drillSpendingShort(unit: String) -> String { pick("累计支出（\(unit)）", "Spending since start (\(unit))") }
}

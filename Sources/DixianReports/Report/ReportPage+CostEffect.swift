import DixianEngine

/// The cost-effect plane of the variants section: the forest plot's whole-period
/// differences (relapses, turned into relapses averted) against the extra cost.
extension ReportPage {
    /// Per variant after the first: relapses averted and extra cost over the whole period,
    /// both means of paired differences against the variant's baseline, with 95% intervals.
    var costEffectPoints: [Charts.CostEffectPoint] {
        f.differences.enumerated().map { k, d in
            let relapse = d.relapse[d.relapse.count - 1]
            return Charts.CostEffectPoint(
                label: label(d),
                averted: Charts.Estimate(mean: -relapse.mean, low: relapse.ciHigh.map { -$0 }, high: relapse.ciLow.map { -$0 }),
                cost: Charts.Estimate(mean: d.cost.mean, low: d.cost.ciLow, high: d.cost.ciHigh),
                series: k + 1)
        }
    }

    mutating func costEffect() {
        let unit = fmt.moneyUnit.name
        out += "<h3>\(e(t.costEffectHeading))</h3>\n"
        note(t.costEffectNote(baseline: first.name, unit: unit))
        figure(Charts.costEffect(
            points: costEffectPoints, baselineLabel: first.name, xLabel: t.avertedAxis(baseline: first.name),
            yLabel: t.extraCostAxis(unit: unit), notes: (fewer: t.fewerToTheRight, more: t.moreToTheLeft), format: fmt,
            title: t.costEffectHeading))
    }
}

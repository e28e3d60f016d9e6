import DixianEngine

/// The cost-effect plane of the variants section: whole-period differences against the first
/// variant (relapses, turned into relapses averted) against the extra cost.
extension ReportPage {
    /// Per variant after the first: relapses averted and extra cost over the whole period,
    /// both means of paired differences against the first variant (the plane's ring, also for
    /// a variant with a `baseline:` of its own), with 95% intervals.
    var costEffectPoints: [Charts.CostEffectPoint] {
        f.differences.enumerated().map { k, d in
            let relapse = d.relapseAgainstFirst
            let cost = d.costAgainstFirst
            return Charts.CostEffectPoint(
                label: d.variant,
                averted: Charts.Estimate(mean: -relapse.mean, low: relapse.ciHigh.map { -$0 }, high: relapse.ciLow.map { -$0 }),
                cost: Charts.Estimate(mean: cost.mean, low: cost.ciLow, high: cost.ciHigh),
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

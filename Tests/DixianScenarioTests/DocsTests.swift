import DixianScenario
import Foundation
import Testing

/// `docs/scenario-reference.md` names every key path the loader accepts, so the two cannot drift.
@Suite struct DocsTests {
    @Test func everyKeyPathIsDocumented() throws {
        let path = Fixture.repository.appendingPathComponent("docs/scenario-reference.md").path
        let doc = try String(contentsOfFile: path, encoding: .utf8)
        let missing = KeyRegistry.keyPaths.filter { !doc.contains("`\($0)`") }
        #expect(missing == [], "undocumented key paths: \(missing.joined(separator: ", "))")
    }

    @Test func theRegistryKnowsTheReferenceKeys() {
        for path in [
            "policies.monitoring.cadre_monthly", "shocks.prices.sd.<commodity>", "shocks.disasters.<hazard>.rate.<county>",
            "policies.budgets.<instrument>.yearly_per_county", "lines.monitoring.multiple", "replications.until.relative_se",
        ] {
            #expect(KeyRegistry.keyPaths.contains(path), "\(path)")
        }
        #expect(KeyRegistry.isKnown("shocks.disasters.earthquake.rate.cangyuan"))
        #expect(KeyRegistry.isKnown("shocks.illness.cost.mean"))
        #expect(!KeyRegistry.isKnown("shocks.illness.cost.meen"))
        #expect(!KeyRegistry.isKnown("policies.budgets.monitorin.yearly_per_county"))
    }

    /// A Chinese doc keeps its English original's commands, keys, file and column names:
    /// the fenced blocks are the same, in the same order, and a translation line for line
    /// has the same inline code spans (as a multiset: word order changes in translation).
    @Test(arguments: [
        ("scenario-reference", true), ("outputs", true), ("workflows", false),
    ])
    func translationsKeepTheCode(name: String, lineForLine: Bool) throws {
        func read(_ file: String) throws -> String {
            try String(contentsOfFile: Fixture.repository.appendingPathComponent("docs/\(file)").path, encoding: .utf8)
        }
        let english = try read("\(name).md")
        let chinese = try read("\(name).zh.md")
        #expect(chinese.contains("\(name).md"), "docs/\(name).zh.md names its English original")
        #expect(Self.fencedBlocks(chinese) == Self.fencedBlocks(english), "docs/\(name).zh.md: code blocks differ")
        if lineForLine {
            let theirs = Self.inlineSpans(english)
            let ours = Self.inlineSpans(chinese)
            #expect(ours == theirs, "docs/\(name).zh.md: only in English \(theirs.subtracting(ours)), only in Chinese \(ours.subtracting(theirs))")
        }
    }

    /// The fenced code blocks of a Markdown text, fences included.
    static func fencedBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                if var open = current {
                    open.append(line)
                    blocks.append(open.joined(separator: "\n"))
                    current = nil
                } else {
                    current = [line]
                }
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The inline code spans outside fenced blocks, with how often each occurs.
    static func inlineSpans(_ text: String) -> Multiset {
        var prose = text
        for block in fencedBlocks(text) { prose = prose.replacingOccurrences(of: block, with: "") }
        let pieces = prose.split(separator: "`", omittingEmptySubsequences: false)
        var spans = Multiset()
        // Pieces at odd positions lie between a backtick and the next one.
        for (i, piece) in pieces.enumerated() where i % 2 == 1 { spans.counts[String(piece), default: 0] += 1 }
        return spans
    }

    struct Multiset: Equatable, CustomStringConvertible {
        var counts: [String: Int] = [:]
        func subtracting(_ other: Multiset) -> Multiset {
            Multiset(counts: counts.compactMapValues { $0 }.filter { $0.value > other.counts[$0.key, default: 0] })
        }
        var description: String { counts.keys.sorted().map { "`\($0)`" }.joined(separator: ", ") }
    }
}

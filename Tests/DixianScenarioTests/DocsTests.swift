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

    /// How a Chinese doc follows its English original.
    enum Translation: Sendable {
        /// Line for line: the same code blocks and the same inline code spans.
        case lineForLine
        /// The same code blocks; the prose retold.
        case codeBlocks
        /// The same code blocks but for their `#` comments, translated; the prose retold.
        case codeBlocksButComments
    }

    static let translations: [String: Translation] = [
        "scenario-reference": .lineForLine, "outputs": .lineForLine, "workflows": .codeBlocks,
        "user-guide": .codeBlocksButComments,
    ]

    /// Every `docs/*.zh.md` is checked: a new one must say here how it follows its original.
    @Test func everyChineseDocIsChecked() throws {
        let folder = Fixture.repository.appendingPathComponent("docs").path
        let docs = try FileManager.default.contentsOfDirectory(atPath: folder)
        let chinese = Set(docs.filter { $0.hasSuffix(".zh.md") }.map { String($0.dropLast(".zh.md".count)) })
        #expect(chinese == Set(Self.translations.keys))
    }

    /// A Chinese doc keeps its English original's commands, keys, file and column names:
    /// the fenced blocks are the same, in the same order, and a translation line for line
    /// has the same inline code spans (as a multiset: word order changes in translation).
    @Test(arguments: translations.keys.sorted())
    func translationsKeepTheCode(name: String) throws {
        func read(_ file: String) throws -> String {
            try String(contentsOfFile: Fixture.repository.appendingPathComponent("docs/\(file)").path, encoding: .utf8)
        }
        let english = try read("\(name).md")
        let chinese = try read("\(name).zh.md")
        let translation = try #require(Self.translations[name])
        #expect(chinese.contains("\(name).md"), "docs/\(name).zh.md names its English original")
        let comments = translation == .codeBlocksButComments
        let theirs = Self.parts(english, withoutComments: comments)
        let ours = Self.parts(chinese, withoutComments: comments)
        #expect(ours.blocks == theirs.blocks, "docs/\(name).zh.md: code blocks")
        if translation == .lineForLine {
            let onlyEnglish = theirs.spans.excess(over: ours.spans)
            let onlyChinese = ours.spans.excess(over: theirs.spans)
            #expect(ours.spans == theirs.spans, "docs/\(name).zh.md: more often in English: \(onlyEnglish); in Chinese: \(onlyChinese)")
        }
    }

    /// A Markdown text's fenced code blocks (fences included; `#` comments removed when
    /// asked) and the inline code spans of its prose, backticks paired paragraph by paragraph.
    static func parts(_ text: String, withoutComments: Bool = false) -> (blocks: [String], spans: Multiset) {
        var blocks: [String] = []
        var block: [String]?
        var paragraphs: [[Substring]] = [[]]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                if var open = block {
                    open.append(String(line))
                    blocks.append(open.joined(separator: "\n"))
                    block = nil
                } else {
                    block = [String(line)]
                }
            } else if block != nil {
                block?.append(withoutComments ? uncommented(line) : String(line))
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                paragraphs.append([])
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        var spans = Multiset()
        for paragraph in paragraphs {
            let text = paragraph.joined(separator: "\n")
            let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
            // Pieces at odd positions lie between a backtick and the next one; an odd number
            // of backticks would pair every later one wrongly, so it is a span of its own.
            guard pieces.count % 2 == 1 else {
                spans.counts["unpaired backtick in: " + paragraph.joined(separator: " "), default: 0] += 1
                continue
            }
            for (i, piece) in pieces.enumerated() where i % 2 == 1 {
                spans.counts[String(piece), default: 0] += 1
            }
        }
        return (blocks, spans)
    }

    /// A code line without its `#` comment and the spaces before it.
    static func uncommented(_ line: Substring) -> String {
        guard let hash = line.firstIndex(of: "#") else { return String(line) }
        let kept = line[..<hash]
        return String(kept.reversed().drop { $0 == " " }.reversed())
    }

    struct Multiset: Equatable {
        var counts: [String: Int] = [:]
        /// What occurs more often here than in `other`, with how many more.
        func excess(over other: Multiset) -> String {
            counts.filter { $0.value > other.counts[$0.key, default: 0] }.keys.sorted()
                .map { "`\($0)` ×\(counts[$0]! - other.counts[$0, default: 0])" }.joined(separator: ", ")
        }
    }
}

extension String {
    /// The columns the text takes in a terminal: none for a combining mark or an invisible
    /// format character, two for each East Asian wide or fullwidth character (汉字, 全角
    /// forms, CJK punctuation, emoji), one for the others — as `wcwidth` counts them, the
    /// ambiguous ones (“ ” … — Δ) as one. Tables printed on the terminal pad by it, so that
    /// Chinese labels keep their columns aligned.
    public var terminalWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return width
            default: break
            }
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
                 0xFE30...0xFE6B, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
                 0x20000...0x3FFFD:
                return width + 2
            default:
                return width + 1
            }
        }
    }

    /// The text followed by spaces to `width` terminal columns, or by one space when it is
    /// already as wide (so that the next column stays apart).
    public func padded(to width: Int) -> String {
        let w = terminalWidth
        return w >= width ? self + " " : self + String(repeating: " ", count: width - w)
    }

    /// The text on lines of at most `width` terminal columns, broken at spaces; a word wider
    /// than a line is broken between its characters (as Chinese text, which has no spaces).
    public func wrapped(toWidth width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        func add(_ word: String) {
            if line.isEmpty {
                line = word
            } else if line.terminalWidth + 1 + word.terminalWidth <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = word
            }
        }
        for word in split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            guard word.terminalWidth > width else {
                add(word)
                continue
            }
            var piece = ""
            for character in word {
                let next = piece + String(character)
                if next.terminalWidth > width && !piece.isEmpty {
                    add(piece)
                    piece = String(character)
                } else {
                    piece = next
                }
            }
            add(piece)
        }
        return lines + (line.isEmpty && !lines.isEmpty ? [] : [line])
    }
}

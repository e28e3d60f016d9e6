extension String {
    /// The columns the text takes in a terminal: two for each East Asian wide or fullwidth
    /// character (汉字, 全角 forms), none for a combining mark, one for the others. Tables
    /// printed on the terminal pad by it, so that Chinese labels keep their columns aligned.
    public var terminalWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: width
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x20000...0x3FFFD: width + 2
            default: width + 1
            }
        }
    }

    /// The text followed by spaces to `width` terminal columns, or by one space when it is
    /// already as wide (so that the next column stays apart).
    public func padded(to width: Int) -> String {
        let w = terminalWidth
        return w >= width ? self + " " : self + String(repeating: " ", count: width - w)
    }
}

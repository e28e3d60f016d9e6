import DixianModel
import Testing

@Suite struct TerminalWidthTests {
    @Test func chineseCharactersTakeTwoColumns() {
        #expect("abc".terminalWidth == 3)
        #expect("临沧".terminalWidth == 4)
        #expect("townships (乡镇)".terminalWidth == 16)
        #expect("（全角）".terminalWidth == 8)
        #expect("e\u{301}".terminalWidth == 1)  // a combining accent takes no column
        // Padded to a width in columns: a Chinese label and a Latin one line up.
        #expect("乡镇".padded(to: 6) == "乡镇  " && "ab".padded(to: 6) == "ab    ")
        #expect("abcdef".padded(to: 6) == "abcdef ")
    }

    @Test func wrappedBreaksAtSpacesAndWithinWordsWiderThanALine() {
        #expect("monitored edge & hardship households".wrapped(toWidth: 16)
            == ["monitored edge &", "hardship", "households"])
        #expect("abc".wrapped(toWidth: 10) == ["abc"])
        #expect("".wrapped(toWidth: 10) == [""])
        // Chinese has no spaces: it is broken between characters, two columns each.
        #expect("脱贫户收入构成".wrapped(toWidth: 6) == ["脱贫户", "收入构", "成"])
        #expect("a 脱贫户收入".wrapped(toWidth: 7) == ["a", "脱贫户", "收入"])
    }
}

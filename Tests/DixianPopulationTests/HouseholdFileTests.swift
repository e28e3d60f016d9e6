import DixianModel
import Foundation
import Testing
@testable import DixianPopulation

/// Reads a fixture and returns the diagnostics it produces, as printed (`FILE:LINE:COL: column: message`),
/// with the file shown by its name.
private func diagnostics(_ name: String) throws -> [String] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    let bytes = [UInt8](try Data(contentsOf: url))
    do {
        _ = try HouseholdFile.parse(bytes, file: name)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

private func fixture(_ name: String) throws -> Population {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return try HouseholdFile.read(path: url.path)
}

@Suite struct HouseholdFileValidationTests {
    @Test func badInteger() throws {
        #expect(try diagnostics("bad-int.csv") == ["bad-int.csv:3:41: size: `three` is not a whole number"])
    }

    @Test func nanMoney() throws {
        #expect(try diagnostics("nan-money.csv") == ["nan-money.csv:3:54: wage_local: `NaN` is not a finite amount of yuan"])
    }

    @Test func migrantsExceedLaborers() throws {
        #expect(try diagnostics("migrants-exceed-laborers.csv")
            == ["migrants-exceed-laborers.csv:2:45: migrants: migrants (3) exceed laborers (2)"])
    }

    @Test func unknownStatus() throws {
        #expect(try diagnostics("unknown-status.csv")
            == ["unknown-status.csv:2:47: status: unknown status `exitted`; did you mean `exited`?"])
    }

    @Test func unknownCounty() throws {
        #expect(try diagnostics("unknown-county.csv")
            == ["unknown-county.csv:2:4: county: unknown county `canyuan`; did you mean `cangyuan`?"])
        // A county by its Chinese name: its code is suggested.
        let header = "id,county,township,village,size,laborers,migrants,status\n"
        do {
            _ = try HouseholdFile.parse(Array((header + "h1,耿马县,t,v,2,1,0,edge\nh2,沧源佤族自治县,t,v,2,1,0,edge\n").utf8), file: "x.csv")
            Issue.record("a Chinese county name was taken as a code")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "x.csv:2:4: county: unknown county `耿马县`; did you mean `gengma`?",
                "x.csv:3:4: county: unknown county `沧源佤族自治县`; did you mean `cangyuan`?",
            ])
        }
    }

    @Test func aFullWidthCommaIsNamedWhereItJoinsTwoFields() {
        let header = "id,county,township,village,size,laborers,migrants,status\n"
        do {
            _ = try HouseholdFile.parse(Array((header + "h1,gengma,t,v，2,1,0,edge\n").utf8), file: "x.csv")
            Issue.record("a row one field short was read")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "x.csv:2:14: row has 7 fields, the header has 8; a full-width comma `，` (U+FF0C) here does not "
                    + "separate fields: write `,`"
            ])
        }
        // In a quoted field it is the field's own: the row is short for another reason.
        do {
            _ = try HouseholdFile.parse(Array((header + "h1,gengma,\"t，u\",v,2,1,0\n").utf8), file: "x.csv")
            Issue.record("a row one field short was read")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["x.csv:2:23: row has 7 fields, the header has 8"])
        }
    }

    @Test func duplicateID() throws {
        #expect(try diagnostics("duplicate-id.csv") == ["duplicate-id.csv:4:1: id: duplicate id `h1`; first at line 2"])
    }

    @Test func missingRequiredColumn() throws {
        #expect(try diagnostics("missing-column.csv") == ["missing-column.csv:1:1: migrants: missing required column `migrants`"])
    }

    @Test func unknownColumnWithSuggestion() throws {
        #expect(try diagnostics("unknown-column.csv")
            == ["unknown-column.csv:1:58: wage_locl: unknown column `wage_locl`; did you mean `wage_local`?"])
    }

    @Test func wrongFieldCount() throws {
        // Too many fields: reported where the first extra field starts.
        #expect(try diagnostics("wrong-field-count.csv") == ["wrong-field-count.csv:3:59: row has 10 fields, the header has 9"])
    }

    @Test func badBoolean() throws {
        #expect(try diagnostics("bad-boolean.csv")
            == ["bad-boolean.csv:2:59: dibao: `yes` is not a boolean; use true/false or 1/0"])
    }

    @Test func unterminatedQuote() throws {
        // The quote swallows the rest of the file as one field: reported where it opens,
        // and only there (its record's field count would be a consequence, not a problem).
        let found = try diagnostics("unterminated-quote.csv")
        #expect(found == ["unterminated-quote.csv:3:1: unterminated quoted field: the quote opened here is never closed"])
    }

    @Test func everyProblemOfAFileInOnePass() throws {
        #expect(try diagnostics("multiple-errors.csv") == [
            "multiple-errors.csv:3:41: size: size must be at least 1, found 0",
            "multiple-errors.csv:3:54: wage_local: wage_local must not be negative, found -5",
            "multiple-errors.csv:4:1: id: duplicate id `h1`; first at line 2",
            "multiple-errors.csv:4:4: county: unknown county `lincang`; did you mean `linxiang`?",
            "multiple-errors.csv:4:42: laborers: laborers (5) exceed size (4)",
            "multiple-errors.csv:4:46: status: unknown status `poor`; expected one of exited, edge, hardship, other",
            "multiple-errors.csv:4:56: insured: insured commodity `rubber` has no prod_rubber column and is not a known commodity",
            "multiple-errors.csv:4:63: prod_tea: `inf` is not a finite amount of yuan",
            "multiple-errors.csv:5:54: row has 9 fields, the header has 11",
        ])
    }

    @Test func productionColumnsNameCommoditiesAsTheScenarioDoes() {
        // The tester's hh-dash.csv: a name the scenario's commodity list could not hold was
        // accepted here, and no scenario could then run the file.
        let header = "id,county,township,village,size,laborers,migrants,status,prod_cash-crop,prod_Rubber,prod_茶,prod_rice_2\n"
        do {
            _ = try HouseholdFile.parse(Array((header + "a,gengma,g1,v1,2,1,0,edge,1,1,1,1\n").utf8), file: "x.csv")
            Issue.record("a production column naming no commodity was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "x.csv:1:58: prod_cash-crop: `prod_cash-crop` does not name a commodity: after `prod_` use lower-case letters, digits and `_`; did you mean `prod_cash_crop`?",
                "x.csv:1:73: prod_Rubber: `prod_Rubber` does not name a commodity: after `prod_` use lower-case letters, digits and `_`; did you mean `prod_rubber`?",
                "x.csv:1:85: prod_茶: `prod_茶` does not name a commodity: after `prod_` use lower-case letters, digits and `_`",
            ])
        }
    }

    @Test func aSpreadsheetsSeparatorsBlankRowsAndEmptyCodesAreSaidAsSuch() {
        func problems(_ text: String) -> [String] {
            do {
                _ = try HouseholdFile.parse(Array(text.utf8), file: "x.csv")
                return []
            } catch { return error.diagnostics.map(\.description) }
        }
        let names = ["id", "county", "township", "village", "size", "laborers", "migrants", "status"]
        // Columns split by semicolons or tabs: one problem, not an unknown column and every
        // required one missing (the rows are not read against it).
        for separator in [";", "\t"] {
            let text = names.joined(separator: separator) + "\n" + ["h1", "gengma", "t", "v", "2", "1", "0", "edge"]
                .joined(separator: separator) + "\n"
            #expect(problems(text) == [
                "x.csv:1:1: the header is one column holding `\(separator == "\t" ? "\\t" : ";")` (a tab or semicolon "
                    + "between the names?): a household file separates its columns with commas (`,`)"
            ])
        }
        let header = names.joined(separator: ",") + "\n"
        // A spreadsheet's blank row (commas only) is a blank line; empty codes are said empty.
        #expect(problems(header + "h1,gengma,t,v,2,1,0,edge\n,,,,,,,\n , ,,,,,,\nh2,gengma,t,v,2,1,0,edge\n").isEmpty)
        #expect(problems(",,,,,,,\n" + header + "h1,gengma,t,v,2,1,0,edge\n").isEmpty)
        #expect(problems(header + "h1,,t,v,2,1,0,\n") == [
            "x.csv:2:4: county: county is empty", "x.csv:2:15: status: status is empty",
        ])
    }

    @Test func siteWithoutRelocationAndEmptyInputs() throws {
        let header = "id,county,township,village,size,laborers,migrants,status,relocated,site\n"
        #expect(throws: InputErrors.self) {
            try HouseholdFile.parse(header + "a,gengma,g1,v1,2,1,0,edge,0,s1\n", file: "x.csv")
        }
        do {
            _ = try HouseholdFile.parse(header + "a,gengma,g1,v1,2,1,0,edge,0,s1\n", file: "x.csv")
        } catch {
            #expect(error.description == "x.csv:2:29: site: site `s1` is given but the household is not relocated")
        }
        do { _ = try HouseholdFile.parse("", file: "e.csv") } catch {
            #expect(error.description == "e.csv:1:1: the file is empty; expected a header row naming the columns")
        }
        do { _ = try HouseholdFile.parse(header, file: "h.csv") } catch {
            #expect(error.description == "h.csv:2:1: no households: the file has a header but no rows")
        }
        do { _ = try HouseholdFile.read(path: "/nonexistent/households.csv") } catch {
            #expect(error.description == "/nonexistent/households.csv: no such household file")
        }
        do { _ = try HouseholdFile.read(path: NSTemporaryDirectory()) } catch {
            #expect(error.description.hasSuffix(": is a folder, not a household file (a CSV file)"))
        }
    }

    @Test func spacesCountsMigrantWagesAndEncodings() throws {
        func problems(_ text: String) -> [String] {
            do {
                _ = try HouseholdFile.parse(Array(text.utf8), file: "x.csv")
                return []
            } catch { return error.diagnostics.map(\.description) }
        }
        let header = "id,county,township,village,size,laborers,migrants,status,wage_migrant\n"
        // Codes lose surrounding spaces like every other field: `h1 ` is `h1` again, and a
        // line of spaces is a blank line.
        #expect(problems(header + "h1,gengma,t,v,2,1,0,edge,0\n   \n\" h1 \",gengma,t ,v ,2,1,0,edge,0\n")
            == ["x.csv:4:1: id: duplicate id `h1`; first at line 2"])
        let twoRows = try HouseholdFile.parse(header + "h1,gengma,t,v,2,1,0,edge,0\nh2,gengma, t,v ,2,1,0,edge,0\n", file: "x.csv")
        #expect(twoRows.geography.villages.count == 1)
        // A negative count is out of range; a migrant wage needs a migrant (it would be lost).
        #expect(problems(header + "h1,gengma,t,v,-2,-1,0,edge,0\nh2,gengma,t,v,1,1,0,exited,9000\n") == [
            "x.csv:2:15: size: size must be at least 1, found -2",
            "x.csv:2:18: laborers: laborers must be at least 0, found -1",
            "x.csv:3:28: wage_migrant: wage_migrant is 9000 but migrants is 0: a migrant wage needs at least one migrant (or belongs in wage_local)",
        ])
        // A header ending in a comma.
        #expect(problems("id,county,township,village,size,laborers,migrants,status,\nh1,gengma,t,v,1,1,0,edge,\n")
            == ["x.csv:1:58: empty column name (a comma too many at the end of the header?)"])
        // Text in GBK (临沧 in two rows): one problem for the file, at its first invalid field.
        let gbk: [UInt8] = [0xC1, 0xD9, 0xB2, 0xD7]
        let rows = Array(header.utf8) + Array("h1,gengma,".utf8) + gbk + Array(",v,1,1,0,edge,0\nh2,gengma,".utf8) + gbk
            + Array(",v,1,1,0,edge,0\n".utf8)
        do {
            _ = try HouseholdFile.parse(rows, file: "x.csv")
            Issue.record("GBK text accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "x.csv:2:11: the file is not UTF-8 text (first here); expected UTF-8: save it as \"CSV UTF-8\" (a file in GBK can be converted with iconv -f GBK -t UTF-8)"
            ])
        }
        // UTF-16 with its byte-order mark: one problem.
        let utf16: [UInt8] = [0xFF, 0xFE] + header.utf8.flatMap { [$0, 0] }
        do {
            _ = try HouseholdFile.parse(utf16, file: "x.csv")
            Issue.record("UTF-16 text accepted")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.description.contains("the file is UTF-16 text; expected UTF-8"))
        }
    }
}

/// Hostile inputs met while fuzzing (docs/reliability.md, "Fuzzing"): rejected with a
/// located message, in time linear in their size.
@Suite struct HouseholdFileHostileInputTests {
    /// A multi-megabyte unknown column name took minutes in the did-you-mean comparison.
    @Test func infinitiesAndHugeAmountsAreRefusedAtTheirField() {
        // Finite but absurd amounts (a wrong unit, a shifted column) would make sums of yuan
        // overflow or lose precision: at most 1e9 yuan a year per column.
        let header = "id,county,township,village,size,laborers,migrants,status,wage_local,transfer,prod_tea\n"
        let rows = "a,gengma,g1,v1,2,1,0,exited,1e9,0,0\n" + "b,gengma,g1,v1,2,1,0,exited,0,1e308,0\n"
            + "c,gengma,g1,v1,2,1,0,exited,inf,0,-Infinity\n" + "d,gengma,g1,v1,2,1,0,exited,0,0,1e400\n"
        do {
            _ = try HouseholdFile.parse(Array((header + rows).utf8), file: "h.csv")
            Issue.record("a file with infinite and huge amounts was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "h.csv:3:31: transfer: transfer must be at most 1e9 yuan a year, found 1e308",
                "h.csv:4:29: wage_local: `inf` is not a finite amount of yuan",
                "h.csv:4:35: prod_tea: `-Infinity` is not a finite amount of yuan",
                "h.csv:5:33: prod_tea: `1e400` is not a finite amount of yuan",
            ])
        }
    }

    @Test func hugeUnknownColumnNameIsRejectedQuickly() {
        let name = String(repeating: "x", count: 2_000_000)
        let start = ContinuousClock.now
        do {
            _ = try HouseholdFile.parse(name + "\n", file: "big.csv")
            Issue.record("a header of one unknown column loaded")
        } catch {
            let unknown = error.diagnostics.first { $0.path == name }
            #expect(unknown?.location == SourceLocation(file: "big.csv", line: 1, column: 1))
            #expect(unknown?.message == "unknown column `\(name)`")
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}

@Suite struct HouseholdFileRoundTripTests {
    @Test func readsQuotingBOMAndCRLF() throws {
        let p = try fixture("valid-mixed.csv")
        #expect(p.count == 3)
        #expect(p.commodities == ["tea", "rubber", "cattle"])
        let a = p[0]
        #expect(a.id == "LC-0001, A")
        #expect(a.village == "Village \"Mengding\", north")
        #expect(a.site == "site\nA")
        #expect(a.relocated && a.border && a.bound && !a.dibao && !a.monitored)
        #expect(a.wageLocal == 1200.5 && a.wageMigrant == 30000)
        #expect(a.production == ["tea": 4000, "rubber": 2500.25])
        #expect(a.insured == ["tea", "cattle"])
        #expect(a.income == 1200.5 + 30000 + 150 + 800 + 4000 + 2500.25)
        let b = p[1]
        #expect(b.status == .edge && b.monitored && b.dibao && b.dibaoAmount == 2100 && b.disabled == 1)
        let c = p[2]
        #expect(c.id == "临沧-3" && c.status == .other && c.production == ["rubber": 1e-05] && c.insured == ["rubber"])
        #expect(p.geography.villages.map(\.isBorder) == [true, false, false])
    }

    @Test func fixtureRoundTripIsIdentical() throws {
        let p = try fixture("valid-mixed.csv")
        let again = try HouseholdFile.parse(HouseholdFile.encode(p), file: "again.csv")
        #expect(again == p)
        #expect((0..<p.count).map { again[$0] } == (0..<p.count).map { p[$0] })
    }

    @Test func householdsSurviveAppendAndEncode() throws {
        var p = Population(commodities: ["tea"])
        var h = Household(id: "x,1", county: .shuangjiang, township: "sj-01", village: "sj-01-001",
                          size: 3, laborers: 2, migrants: 1, status: .hardship)
        h.production = ["tea": 1234.56, "coffee": 0.1]
        h.insured = ["coffee"]
        h.wageMigrant = 1e6 / 3
        h.relocated = true
        h.site = "sj-site-01"
        p.append(h)
        #expect(p[0] == h)
        #expect(p.commodities == ["tea", "coffee"])
        let back = try HouseholdFile.parse(HouseholdFile.encode(p), file: "p.csv")
        #expect(back == p)
        #expect(back[0].wageMigrant == 1e6 / 3)
    }

    @Test func lincangRoundTripThroughAFileIsIdentical() throws {
        let p = Lincang.population
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dixian-lincang-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try HouseholdFile.write(p, to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
        let back = try HouseholdFile.read(path: path)
        #expect(back == p)
        #expect(back.ids[0] == "lc2020-000001")
        // The report computes from the data, so the reloaded file reports the same figures.
        let report = try LincangPopulation.calibrationReport(for: back)
        #expect(report.rows == (try LincangPopulation.calibrationReport(for: p)).rows)
    }

    @Test func writingToAMissingFolderFails() {
        #expect(throws: HouseholdFileWriteError.self) {
            try HouseholdFile.write(Lincang.population, to: "/nonexistent-folder/x.csv")
        }
    }

    @Test func aFileWithoutIncomeOrWithDibaoAndTekunTogetherGetsANote() throws {
        let header = "id,county,township,village,size,laborers,migrants,status"
        func notes(_ text: String) throws -> [String] {
            try HouseholdFile.parseNoting(Array(text.utf8), file: "x.csv").notes.map(\.description)
        }
        // No income column at all; then income columns that are 0 or empty in every row.
        let none = try notes(header + "\nh1,gengma,t,v,2,1,0,edge\n")
        #expect(none.count == 1)
        #expect(none[0].hasPrefix("x.csv:1:1: note: no household has any income: the file has none of the income columns"))
        let zeros = try notes(header + ",wage_local,prod_tea\nh1,gengma,t,v,2,1,0,edge,0,\nh2,gengma,t,v,2,1,0,edge,,0\n")
        #expect(zeros.count == 1)
        #expect(zeros[0].contains("its income columns (wage_local, prod_tea) are 0 or empty in every row"))
        // One household with income, however little: no note.
        #expect(try notes(header + ",transfer\nh1,gengma,t,v,2,1,0,edge,0\nh2,gengma,t,v,2,1,0,edge,0.5\n").isEmpty)
        #expect(try notes(header + ",prod_tea\nh1,gengma,t,v,2,1,0,edge,0\nh2,gengma,t,v,2,1,0,edge,10\n").isEmpty)

        // Two households with both 低保 and 特困: one note, at the first one's `tekun` field.
        let both = try notes(header + ",dibao,tekun,transfer\nh1,gengma,t,v,2,1,0,edge,1,0,5\n"
            + "h2,gengma,t,v,2,1,0,edge,true,1,5\nh3,gengma,t,v,2,1,0,edge,0,1,5\nh4,gengma,t,v,2,1,0,edge,1,1,5\n")
        #expect(both.count == 1)
        #expect(both[0].hasPrefix("x.csv:3:31: tekun: note: 2 households are marked both `dibao` and `tekun` (the first here)"))
    }

    @Test func moneyIsWrittenShortest() {
        #expect(HouseholdFile.formatMoney(12000) == "12000")
        #expect(HouseholdFile.formatMoney(1200.5) == "1200.5")
        #expect(HouseholdFile.formatMoney(0.1) == "0.1")
        #expect(Double(HouseholdFile.formatMoney(1e6 / 3)) == 1e6 / 3)
    }
}

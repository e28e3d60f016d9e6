import DixianEngine
import DixianModel
import Testing

@Suite struct RunArchiveTests {
    @Test func archiveKeepsEveryBitAndRefusesDamagedBytes() throws {
        var scenario = EngineFixtures.quietScenario(replications: 4)
        scenario.shocks.illness.ratePerPerson = 0.2
        scenario.shocks.illness.cost = .lognormal(mean: 3_000, sd: 2_000)
        let population = EngineFixtures.households(60) { $0.transfer = 5_000 }
        let result = try EngineFixtures.run(scenario, population)
        let archive = RunArchive(result: result, programVersion: "test", scenarioSHA256: "abc", scenarioText: "{}")
        let bytes = archive.encoded()
        let back = try RunArchive(decoding: bytes)
        #expect(back.programVersion == "test" && back.scenarioSHA256 == "abc" && back.scenarioText == "{}")
        #expect(back.result.replications == result.replications)
        #expect(back.result.variantNames == result.variantNames)
        #expect(back.result.materializedOutcomes == result.materializedOutcomes)  // bit for bit, NaN markers included
        #expect(back.result.places == result.places)

        #expect(throws: ArchiveError.truncated) { try RunArchive(decoding: Array(bytes.dropLast(3))) }
        #expect(throws: ArchiveError.trailingBytes) { try RunArchive(decoding: bytes + [0]) }
        #expect(throws: ArchiveError.notAnArchive) { try RunArchive(decoding: Array("not an archive".utf8)) }
        // One bit changed in a figure, or in the last tally, reads as well-formed: the checksum refuses it.
        let middle = bytes.count / 2  // among the figures
        for position in [middle, bytes.count - 9] {
            var damaged = bytes
            damaged[position] ^= 0x10
            #expect(throws: ArchiveError.damaged, "byte \(position)") { try RunArchive(decoding: damaged) }
        }
    }

    @Test func encodedSizeIsExactAndChunksJoinToTheWholeArchive() throws {
        // The output-size guard counts a checkpoint by `encodedSize` before the run: exact,
        // for plain runs, variants and drills. Streaming in small chunks gives the same bytes.
        var scenario = EngineFixtures.quietScenario(replications: 5)
        let population = EngineFixtures.households(30) { $0.transfer = 5_000 }
        for drill in [false, true] {
            if drill {
                scenario.shocks.disasters = [EngineFixtures.drillHazard()]
                scenario.drill = Drill(events: [EngineFixtures.drillDisaster(year: 2022, month: 4, loss: 0.5)])
            }
            let result = try EngineFixtures.run(variants: [("a", scenario), ("variant b", scenario)], population)
            let archive = RunArchive(result: result, programVersion: "0.1.0", scenarioSHA256: "f00d", scenarioText: "{\"x\": 1}")
            let bytes = archive.encoded()
            let size = RunArchive.encodedSize(
                variants: ["a", "variant b"], years: 5, replications: 5, villages: 30, townships: 1, monthly: drill,
                texts: ["0.1.0", "f00d", "{\"x\": 1}"])
            #expect(bytes.count == size, "drill \(drill)")
            var chunks: [[UInt8]] = []
            archive.encode(chunkBytes: 1_000) { chunks.append($0) }
            #expect(chunks.count > 1 && chunks.joined().elementsEqual(bytes), "drill \(drill)")
        }
    }
}

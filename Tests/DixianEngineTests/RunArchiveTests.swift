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
        #expect(back.result.outcomes == result.outcomes)  // bit for bit, NaN markers included
        #expect(back.result.villages == result.villages)

        #expect(throws: ArchiveError.truncated) { try RunArchive(decoding: Array(bytes.dropLast(3))) }
        #expect(throws: ArchiveError.trailingBytes) { try RunArchive(decoding: bytes + [0]) }
        #expect(throws: ArchiveError.notAnArchive) { try RunArchive(decoding: Array("not an archive".utf8)) }
    }
}

import Testing
@Test func DixianScenarioTestsPlaceholder() {}

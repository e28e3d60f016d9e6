import Testing
@Test func DixianPopulationTestsPlaceholder() {}

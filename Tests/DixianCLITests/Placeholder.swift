import Testing
@Test func DixianCLITestsPlaceholder() {}

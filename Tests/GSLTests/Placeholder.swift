import Testing
@Test func GSLTestsPlaceholder() {}

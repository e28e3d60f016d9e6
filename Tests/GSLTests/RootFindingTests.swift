import Foundation
import GSL
import Testing

@Suite("RootFinding")
struct RootFindingTests {
    @Test func brentFindsCubeRootOfTwo() throws {
        let root = try RootFinding.brent(in: 0...2) { x in x * x * x - 2 }
        // The default stop is a bracket narrower than 1e-10 · |x|; the root lies in it.
        #expect(abs(root - cbrt(2.0)) <= 1e-10 * cbrt(2.0))
    }

    @Test func brentRootAtZeroWithAbsoluteTolerance() throws {
        let root = try RootFinding.brent(in: -1...2.385, absoluteTolerance: 1e-12) { x in sin(x) }
        #expect(abs(root) <= 1e-12)
    }

    @Test func brentAcceptsARootAtAnEnd() throws {
        #expect(try RootFinding.brent(in: 1...3) { x in x - 1 } == 1)
    }

    @Test func nonBracketingIntervalThrows() {
        #expect {
            try RootFinding.brent(in: -1...1) { x in x * x + 1 }
        } throws: { error in
            guard case .invalidArgument = error as? GSLError else { return false }
            return true
        }
    }

    @Test func iterationCapThrowsMaxIter() {
        #expect {
            try RootFinding.brent(in: 0...2, maxIterations: 2) { x in x * x * x - 2 }
        } throws: { error in
            guard case let .status(_, code, _) = error as? GSLError else { return false }
            return code == 11  // GSL_EMAXITER
        }
    }

    @Test func nonFiniteFunctionThrowsStatus() {
        #expect(throws: GSLError.self) {
            try RootFinding.brent(in: -1...2) { x in x < 0.3 && x > -0.3 ? .nan : x }
        }
    }

    @Test func solveRosenbrockSystem() throws {
        // GSL manual's example: f₁ = a(1 − x), f₂ = b(y − x²), a = 1, b = 10, from
        // (−10, −5); the unique root is (1, 1). At the stop Σ|fᵢ| < 1e-10, and the
        // Jacobian there has smallest singular value about 1, so |x − 1| < ~1e-9.
        let root = try RootFinding.solve(from: [-10, -5]) { v in
            [1 * (1 - v[0]), 10 * (v[1] - v[0] * v[0])]
        }
        #expect(abs(root[0] - 1) <= 1e-9)
        #expect(abs(root[1] - 1) <= 1e-9)
    }

    @Test func solveWrongResidualCountThrows() {
        #expect(throws: GSLError.self) {
            try RootFinding.solve(from: [1, 2]) { v in [v[0]] }
        }
    }

    @Test func solveWithoutRootThrows() {
        // x² + 1 = 0 has no real root: the solver stalls or runs out of iterations.
        #expect(throws: GSLError.self) {
            try RootFinding.solve(from: [0.5], maxIterations: 200) { v in [v[0] * v[0] + 1] }
        }
    }
}

@Suite("RootFinding: edge cases")
struct RootFindingEdgeTests {
    @Test func solveStartingAtTheRootReturnsIt() throws {
        #expect(try RootFinding.solve(from: [2, 1]) { v in [v[0] - 2, v[1] - 1] } == [2, 1])
    }

    @Test func invalidTolerancesThrow() {
        #expect(throws: GSLError.self) {
            try RootFinding.brent(in: 0...2, absoluteTolerance: 0, relativeTolerance: 0) { $0 - 1 }
        }
        #expect(throws: GSLError.self) {
            try RootFinding.brent(in: 0...2, maxIterations: 0) { $0 - 1 }
        }
        #expect(throws: GSLError.self) {
            try RootFinding.solve(from: [], residualTolerance: 1e-10) { $0 }
        }
        #expect(throws: GSLError.self) {
            try RootFinding.solve(from: [1], residualTolerance: 0) { $0 }
        }
    }

    @Test func errorDescriptionsNameTheFailure() {
        let error = GSLError.status(function: "gsl_root_fsolver_iterate", code: 11,
                                    reason: "exceeded max number of iterations")
        #expect(error.description.contains("gsl_root_fsolver_iterate"))
        #expect(error.description.contains("exceeded max number of iterations"))
    }
}

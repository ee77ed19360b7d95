import Foundation

/// Waits until `condition` holds, looking again every few milliseconds, or until `seconds` pass; returns
/// whether it held. A test waits on what it expects, never for a fixed time: on two busy cores a fixed
/// sleep is either too short (a flaky failure) or too long (a slow suite).
public func eventually(within seconds: Double = 30, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// What a user may do: permissions everywhere and per project key.
///
/// A user configured without any grants gets every permission everywhere, so a minimal config just works;
/// listing grants switches to exactly what is listed.
public struct FakePermissionGrants: Sendable, Hashable {
    public var global: Set<FakePermission>
    public var projects: [String: Set<FakePermission>]

    public init(global: Set<FakePermission>, projects: [String: Set<FakePermission>] = [:]) {
        self.global = global
        self.projects = projects
    }

    /// Every permission in every project.
    public static let all = FakePermissionGrants(global: Set(FakePermission.allCases))

    /// Whether the permission holds in the project (by key).
    public func allows(_ permission: FakePermission, inProject key: String) -> Bool {
        global.contains(permission) || projects[key]?.contains(permission) == true
    }

    /// Whether the permission holds anywhere: what `mypermissions` reports without a project.
    public func allowsSomewhere(_ permission: FakePermission) -> Bool {
        global.contains(permission) || projects.values.contains { $0.contains(permission) }
    }
}

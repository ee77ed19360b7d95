/// A project's workflow: where issues start and how they move.
public struct FakeWorkflow: Sendable, Hashable {
    public var statuses: [FakeStatus]
    /// Status id new issues get.
    public var initialStatus: String
    public var transitions: [FakeTransition]

    public init(statuses: [FakeStatus], initialStatus: String? = nil, transitions: [FakeTransition]) {
        self.statuses = statuses
        self.initialStatus = initialStatus ?? statuses.first?.id ?? ""
        self.transitions = transitions
    }

    public func status(_ id: String) -> FakeStatus? {
        statuses.first { $0.id == id }
    }

    /// Finds a status by id or name (case-insensitive), as configs and JQL name them.
    public func status(named text: String) -> FakeStatus? {
        statuses.first { $0.id == text } ?? statuses.first { $0.name.lowercased() == text.lowercased() }
    }

    public func availableTransitions(fromStatus statusId: String) -> [FakeTransition] {
        transitions.filter { $0.isAvailable(fromStatus: statusId) }
    }

    /// To Do → In Progress → Done, with Reopen, and a Resolve transition whose screen requires a resolution.
    public static let standard = FakeWorkflow(
        statuses: [
            FakeStatus(id: "10000", name: "To Do", category: .new),
            FakeStatus(id: "3", name: "In Progress", category: .indeterminate),
            FakeStatus(id: "10001", name: "Done", category: .done),
        ],
        initialStatus: "10000",
        transitions: [
            FakeTransition(id: "21", name: "In Progress", from: ["10000"], to: "3"),
            FakeTransition(id: "31", name: "Done", from: ["10000", "3"], to: "10001"),
            FakeTransition(id: "41", name: "Reopen", from: ["10001"], to: "10000"),
            FakeTransition(
                id: "51",
                name: "Resolve",
                from: ["10000", "3"],
                to: "10001",
                fields: [
                    FakeScreenField(
                        fieldId: "resolution",
                        name: "Resolution",
                        required: true,
                        schema: FakeFieldSchema(type: "resolution", system: "resolution"),
                        allowedValues: FakeConfiguration.defaultResolutions
                    )
                ]
            ),
        ]
    )
}

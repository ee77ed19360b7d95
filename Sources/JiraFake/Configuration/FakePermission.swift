/// The project permissions alert2jira needs, with the ids, names and descriptions Jira reports for them.
public enum FakePermission: String, Sendable, CaseIterable {
    case browseProjects = "BROWSE_PROJECTS"
    case createIssues = "CREATE_ISSUES"
    case addComments = "ADD_COMMENTS"
    case transitionIssues = "TRANSITION_ISSUES"
    case editIssues = "EDIT_ISSUES"

    /// Jira's numeric permission id, as a string.
    public var id: String {
        switch self {
        case .browseProjects: "10"
        case .createIssues: "11"
        case .editIssues: "12"
        case .addComments: "15"
        case .transitionIssues: "46"
        }
    }

    public var name: String {
        switch self {
        case .browseProjects: "Browse Projects"
        case .createIssues: "Create Issues"
        case .editIssues: "Edit Issues"
        case .addComments: "Add Comments"
        case .transitionIssues: "Transition Issues"
        }
    }

    public var summary: String {
        switch self {
        case .browseProjects: "Ability to browse projects and the issues within them."
        case .createIssues: "Ability to create issues."
        case .editIssues: "Ability to edit issues."
        case .addComments: "Ability to comment on issues."
        case .transitionIssues: "Ability to transition issues."
        }
    }
}

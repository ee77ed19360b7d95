/// The error texts Jira answers with, in one place so they can be compared with the real thing.
///
/// Where Cloud and Data Center word a message differently, both are here. Texts were taken from Jira responses
/// quoted in public bug reports; the few marked "approximation" could not be confirmed word for word.
public enum JiraMessages {
    public static let notAuthenticated = "You are not authenticated. Authentication required to perform this operation."
    /// Cloud's plain-text 401 body on the site URL.
    public static let clientMustAuthenticate = "Client must be authenticated to access this resource."

    public static func issueNotFound(_ flavor: JiraDeployment) -> String {
        flavor == .cloud ? "Issue does not exist or you do not have permission to see it." : "Issue Does Not Exist"
    }

    public static func projectNotFound(_ key: String) -> String { "No project could be found with key '\(key)'." }

    public static func fieldNotOnScreen(_ fieldId: String) -> String {
        "Field '\(fieldId)' cannot be set. It is not on the appropriate screen, or unknown."
    }

    public static func required(_ name: String) -> String { "\(name) is required." }
    public static let summaryRequired = "You must specify a summary of the issue."

    public static func summaryTooLong(_ flavor: JiraDeployment) -> String {
        flavor == .cloud ? "Summary can't exceed 255 characters." : "Summary must be less than 255 characters."
    }

    public static let summaryNewline = "The summary is invalid because it contains newline characters."
    public static let textTooLong = "The entered text is too long. It exceeds the allowed limit of 32,767 characters."
    public static let shortTextTooLong = "The entered text is too long. It exceeds the allowed limit of 255 characters."
    public static let mustBeString = "Operation value must be a string"
    public static let mustBeNumber = "Operation value must be a number"
    public static let mustBeADF = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
    public static let invalidADF = "INVALID_INPUT"
    public static let notAnArray = "data was not an array"
    public static let expectedObject = "expected Object"
    public static func labelWithSpaces(_ label: String) -> String { "The label '\(label)' contains spaces which is invalid." }
    public static func labelTooLong(_ label: String) -> String { "The label '\(label)' exceeds the maximum length of 255 characters." }
    public static func dateParse(_ text: String) -> String { "Error parsing date string: \(text)" }
    public static let optionShape = "Could not find valid 'id' or 'value' in the Parent Option object."
    public static func optionValueInvalid(_ value: String) -> String { "Option value '\(value)' is not valid" }
    public static func optionIdInvalid(_ id: String) -> String { "Option id '\(id)' is not valid" }
    public static let priorityShape = "Specify the Priority (id or name) in the string format"
    /// Jira names neither the id nor the name it could not find.
    public static func priorityInvalid(_ reference: String) -> String { "The priority selected is invalid." }
    public static func componentNameInvalid(_ name: String) -> String { "Component name '\(name)' is not valid" }
    public static func componentIdInvalid(_ id: String) -> String { "Component with id '\(id)' does not exist." }
    public static func versionNameInvalid(_ name: String) -> String { "Version name '\(name)' is not valid" }
    public static func versionIdInvalid(_ id: String) -> String { "Version id '\(id)' is not valid" }
    /// Approximation.
    public static func resolutionInvalid(_ text: String) -> String { "Resolution '\(text)' is not valid" }
    /// Approximation: Cloud's wording for a user reference it cannot resolve.
    public static func userInvalidCloud(_ fieldId: String) -> String { "Specify a valid value for \(fieldId)" }
    public static func userNotFoundDataCenter(_ name: String) -> String { "User '\(name)' does not exist." }
    public static let reporterNotUser = "The reporter specified is not a user."

    public static func projectInvalid(_ flavor: JiraDeployment) -> String {
        flavor == .cloud ? "Specify a valid project ID or key" : "valid project is required"
    }

    public static func projectMissing(_ flavor: JiraDeployment) -> String {
        flavor == .cloud ? "Specify a valid project ID or key" : "project is required"
    }

    public static func issueTypeMissing(_ flavor: JiraDeployment) -> String {
        flavor == .cloud ? "Specify an issue type" : "issue type is required"
    }

    public static func issueTypeInvalid(_ flavor: JiraDeployment) -> String {
        flavor == .cloud ? "The issue type selected is invalid." : "valid issue type is required"
    }

    public static let noCreatePermission = "You do not have permission to create issues in this project."
    public static let noEditPermission = "You do not have permission to edit issues in this project."
    public static let noCommentPermission = "You do not have the permission to comment on this issue."
    public static let noTransitionPermission = "You do not have permission to transition this issue."
    public static let noContent = "No content to map to Object due to end of input"
    public static let commentEmpty = "Comment body can not be empty!"
    public static let missingTransition = "Missing 'transition' identifier"
    public static let transitionNotInteger = "'transition' identifier must be an integer"
    public static func transitionNotValid(_ id: String) -> String { "Transition id '\(id)' is not valid for this issue." }
    public static let searchRemoved =
        "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
    public static let invalidPayload = "Invalid request payload. Refer to the REST API documentation and try again."
    public static let unboundedJQL = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
    public static func linkTypeNotFound(_ name: String) -> String { "No issue link type with name '\(name)' found." }
    public static let bulkLimit = "The number of issues to create exceeds the limit of 50."
    public static let xsrfFailed = "XSRF check failed"
}

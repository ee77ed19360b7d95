/// The error texts Jira answers with, in one place so they can be compared with the real thing.
///
/// Where Cloud and Data Center word a message differently, both are here. Texts were taken from Jira responses
/// quoted in public bug reports; the few marked "approximation" could not be confirmed word for word.
enum JiraMessages {
    static let notAuthenticated = "You are not authenticated. Authentication required to perform this operation."
    /// Cloud's plain-text 401 body on the site URL.
    static let clientMustAuthenticate = "Client must be authenticated to access this resource."

    static func issueNotFound(_ flavor: FakeFlavor) -> String {
        flavor == .cloud ? "Issue does not exist or you do not have permission to see it." : "Issue Does Not Exist"
    }

    static func projectNotFound(_ key: String) -> String { "No project could be found with key '\(key)'." }

    static func fieldNotOnScreen(_ fieldId: String) -> String {
        "Field '\(fieldId)' cannot be set. It is not on the appropriate screen, or unknown."
    }

    static func required(_ name: String) -> String { "\(name) is required." }
    static let summaryRequired = "You must specify a summary of the issue."

    static func summaryTooLong(_ flavor: FakeFlavor) -> String {
        flavor == .cloud ? "Summary can't exceed 255 characters." : "Summary must be less than 255 characters."
    }

    static let summaryNewline = "The summary is invalid because it contains newline characters."
    static let textTooLong = "The entered text is too long. It exceeds the allowed limit of 32,767 characters."
    static let mustBeString = "Operation value must be a string"
    static let mustBeNumber = "Operation value must be a number"
    static let mustBeADF = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
    static let invalidADF = "INVALID_INPUT"
    static let notAnArray = "data was not an array"
    static let expectedObject = "expected Object"
    static func labelWithSpaces(_ label: String) -> String { "The label '\(label)' contains spaces which is invalid." }
    static func labelTooLong(_ label: String) -> String { "The label '\(label)' exceeds the maximum length of 255 characters." }
    static func dateParse(_ text: String) -> String { "Error parsing date string: \(text)" }
    static let optionShape = "Could not find valid 'id' or 'value' in the Parent Option object."
    static func optionValueInvalid(_ value: String) -> String { "Option value '\(value)' is not valid" }
    static func optionIdInvalid(_ id: String) -> String { "Option id '\(id)' is not valid" }
    static let priorityShape = "Specify the Priority (id or name) in the string format"
    /// Jira names neither the id nor the name it could not find.
    static func priorityInvalid(_ reference: String) -> String { "The priority selected is invalid." }
    static func componentNameInvalid(_ name: String) -> String { "Component name '\(name)' is not valid" }
    static func componentIdInvalid(_ id: String) -> String { "Component with id '\(id)' does not exist." }
    static func versionNameInvalid(_ name: String) -> String { "Version name '\(name)' is not valid" }
    static func versionIdInvalid(_ id: String) -> String { "Version id '\(id)' is not valid" }
    /// Approximation.
    static func resolutionInvalid(_ text: String) -> String { "Resolution '\(text)' is not valid" }
    /// Approximation: Cloud's wording for a user reference it cannot resolve.
    static func userInvalidCloud(_ fieldId: String) -> String { "Specify a valid value for \(fieldId)" }
    static func userNotFoundDataCenter(_ name: String) -> String { "User '\(name)' does not exist." }
    static let reporterNotUser = "The reporter specified is not a user."

    static func projectInvalid(_ flavor: FakeFlavor) -> String {
        flavor == .cloud ? "Specify a valid project ID or key" : "valid project is required"
    }

    static func projectMissing(_ flavor: FakeFlavor) -> String {
        flavor == .cloud ? "Specify a valid project ID or key" : "project is required"
    }

    static func issueTypeMissing(_ flavor: FakeFlavor) -> String {
        flavor == .cloud ? "Specify an issue type" : "issue type is required"
    }

    static func issueTypeInvalid(_ flavor: FakeFlavor) -> String {
        flavor == .cloud ? "The issue type selected is invalid." : "valid issue type is required"
    }

    static let noCreatePermission = "You do not have permission to create issues in this project."
    static let noEditPermission = "You do not have permission to edit issues in this project."
    static let noCommentPermission = "You do not have the permission to comment on this issue."
    static let noTransitionPermission = "You do not have permission to transition this issue."
    static let noContent = "No content to map to Object due to end of input"
    static let commentEmpty = "Comment body can not be empty!"
    static let missingTransition = "Missing 'transition' identifier"
    static let transitionNotInteger = "'transition' identifier must be an integer"
    static func transitionNotValid(_ id: String) -> String { "Transition id '\(id)' is not valid for this issue." }
    static let searchRemoved =
        "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
    static let invalidPayload = "Invalid request payload. Refer to the REST API documentation and try again."
    static let unboundedJQL = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
    static func linkTypeNotFound(_ name: String) -> String { "No issue link type with name '\(name)' found." }
    static let bulkLimit = "The number of issues to create exceeds the limit of 50."
    static let xsrfFailed = "XSRF check failed"
}

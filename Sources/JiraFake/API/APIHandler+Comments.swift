import JiraSpec

extension APIHandler {
    func commentJSON(_ comment: FakeComment, issue: FakeIssue) -> SpecJSON {
        var object: SpecObject = [
            "self": .string(restURL("issue/\(issue.id)/comment/\(comment.id)")),
            "id": .string(comment.id),
            "author": userJSON(accountId: comment.authorAccountId),
            "body": comment.body,
            "updateAuthor": userJSON(accountId: comment.authorAccountId),
            "created": .string(JiraTime.format(comment.created)),
            "updated": .string(JiraTime.format(comment.updated)),
        ]
        if flavor == .cloud { object["jsdPublic"] = true }
        return .object(object)
    }

    func commentPageJSON(_ issue: FakeIssue, startAt: Int, maxResults: Int) -> SpecJSON {
        let comments = issue.comments
        let slice = startAt < comments.count ? Array(comments[startAt..<min(comments.count, startAt + maxResults)]) : []
        return [
            "comments": .array(slice.map { commentJSON($0, issue: issue) }),
            "self": .string(restURL("issue/\(issue.id)/comment")),
            "maxResults": .number(SpecNumber(maxResults)),
            "total": .number(SpecNumber(comments.count)),
            "startAt": .number(SpecNumber(startAt)),
        ]
    }

    /// `GET issue/{issueIdOrKey}/comment`.
    func getComments(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        var issue = state.issues[index]
        if request.queryValue("orderBy") == "-created" { issue.comments.reverse() }
        let page = commentPageJSON(
            issue,
            startAt: queryInteger("startAt", default: 0),
            maxResults: queryInteger("maxResults", default: flavor == .cloud ? 100 : 50)
        )
        guard case .object(var object) = page else { return .json(200, page) }
        object["self"] = nil
        return .json(200, .object(object))
    }

    /// A comment body as the flavor demands (ADF on Cloud, a string on Data Center), or Jira's error for it.
    func validateCommentBody(_ body: SpecJSON?) -> Result<SpecJSON, RequestRefusal> {
        func refuse(_ message: String, detail: String? = nil) -> Result<SpecJSON, RequestRefusal> {
            .failure(RequestRefusal(status: 400, errors: ["comment": .string(message)], detail: detail))
        }
        guard let body, !body.isNull else { return refuse(JiraMessages.commentEmpty) }
        switch flavor {
        case .cloud:
            guard body.objectValue != nil else { return refuse(JiraMessages.mustBeADF) }
            if let problem = ADFValidator.validate(body).first { return refuse(JiraMessages.invalidADF, detail: problem) }
            let length = ADFText.measuredLength(body)
            if length == 0 { return refuse(JiraMessages.commentEmpty) }
            if length > JiraFieldRules.longTextLimit { return refuse(JiraMessages.textTooLong) }
        case .datacenter:
            guard let text = body.stringValue else { return refuse(JiraMessages.mustBeString) }
            if text.allSatisfy(\.isWhitespace) { return refuse(JiraMessages.commentEmpty) }
            if let refusal = JiraFieldRules.longTextRefusal(text) { return refuse(refusal) }
        }
        return .success(body)
    }

    /// Appends a comment by the caller.
    mutating func appendComment(_ body: SpecJSON, toIssueAt index: Int) -> FakeComment {
        let comment = FakeComment(id: String(state.nextCommentId), authorAccountId: caller?.accountId ?? "", body: body, created: now, updated: now)
        state.nextCommentId += 1
        state.issues[index].comments.append(comment)
        state.issues[index].updated = now
        return comment
    }

    /// `POST issue/{issueIdOrKey}/comment`.
    mutating func addComment(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        guard may(.addComments, state.issues[index].projectKey) else { return .errors(403, messages: [JiraMessages.noCommentPermission]) }
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        switch validateCommentBody(body["body"]) {
        case .failure(let refusal):
            return refusal.response
        case .success(let text):
            let comment = appendComment(text, toIssueAt: index)
            return .json(201, commentJSON(comment, issue: state.issues[index]))
        }
    }
}

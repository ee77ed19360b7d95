import Contracts
import Foundation
import JSON

/// Create metadata: the issue types of a project and the fields of their create screens, cached for
/// `metadata_ttl`, with concurrent lookups of the same screen sharing one request.
extension JiraClient {
    /// What can be created in `project` as `issueTypeName`, or why nothing can.
    public func createMetadata(project: String, issueTypeName: String) async throws(JiraError) -> Result<CreateMetadata, Refusal> {
        let types: [IssueTypeInfo]
        do {
            types = try await issueTypes(project: project)
        } catch .notFound {
            return .failure(
                Refusal(
                    project: project,
                    issueType: issueTypeName,
                    reasons: ["project \(project) does not exist on connection \"\(connection.name)\", or its service account cannot see it"]
                )
            )
        }
        if types.isEmpty {
            return .failure(
                Refusal(
                    project: project,
                    issueType: issueTypeName,
                    reasons: ["the service account may not create any issue type in project \(project) (does it have the Create Issues permission?)"]
                )
            )
        }
        switch Preflight.issueType(named: issueTypeName, project: project, in: types) {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let issueType):
            let fields = try await fields(project: project, issueType: issueType)
            return .success(CreateMetadata(project: project, issueType: issueType, fields: fields))
        }
    }

    /// Drops cached metadata, after Jira refused a create for a reason the cache did not predict.
    public func invalidateMetadata(project: String) {
        issueTypeCache[project] = nil
        for key in fieldCache.keys where key.hasPrefix(project + "/") { fieldCache[key] = nil }
    }

    public func issueTypes(project: String) async throws(JiraError) -> [IssueTypeInfo] {
        if let cached = issueTypeCache[project], clock.now < cached.expires { return cached.value }
        let task: Task<Result<[IssueTypeInfo], JiraError>, Never>
        if let pending = pendingIssueTypes[project] {
            task = pending
        } else {
            task = Task {
                do throws(JiraError) {
                    return .success(try await self.fetchIssueTypes(project: project))
                } catch {
                    return .failure(error)
                }
            }
            pendingIssueTypes[project] = task
        }
        let result = await task.value
        pendingIssueTypes[project] = nil
        let types = try result.get()
        issueTypeCache[project] = Cached(value: types, expires: clock.now + connection.metadataTTL)
        return types
    }

    func fields(project: String, issueType: IssueTypeInfo) async throws(JiraError) -> [FieldInfo] {
        let key = project + "/" + issueType.id
        if let cached = fieldCache[key], clock.now < cached.expires { return cached.value }
        let task: Task<Result<[FieldInfo], JiraError>, Never>
        if let pending = pendingFields[key] {
            task = pending
        } else {
            task = Task {
                do throws(JiraError) {
                    return .success(try await self.fetchFields(project: project, issueType: issueType))
                } catch {
                    return .failure(error)
                }
            }
            pendingFields[key] = task
        }
        let result = await task.value
        pendingFields[key] = nil
        let fields = try result.get()
        fieldCache[key] = Cached(value: fields, expires: clock.now + connection.metadataTTL)
        return fields
    }

    func fetchIssueTypes(project: String) async throws(JiraError) -> [IssueTypeInfo] {
        let api = try await flavor().apiPath
        if !usesLegacyCreateMetadata {
            do {
                let pages = try await paginate(api + "/issue/createmeta/\(Self.escape(project))/issuetypes", keys: ["issueTypes", "values"])
                return pages.compactMap(IssueTypeInfo.init(json:))
            } catch .notFound(let message, let request) {
                // Data Center before 8.4 answers 404 here for every project; the old endpoint tells
                // which case this is.
                guard let types = try await fetchLegacy(project: project) else { throw .notFound(message: message, request: request) }
                usesLegacyCreateMetadata = true
                return types
            }
        }
        guard let types = try await fetchLegacy(project: project) else {
            throw .notFound(message: "project \(project)")
        }
        return types
    }

    func fetchFields(project: String, issueType: IssueTypeInfo) async throws(JiraError) -> [FieldInfo] {
        if usesLegacyCreateMetadata {
            // The legacy fetch filled the cache for every issue type of the project.
            _ = try await fetchLegacy(project: project)
            if let cached = fieldCache[project + "/" + issueType.id] { return cached.value }
            return []
        }
        let api = try await flavor().apiPath
        let pages = try await paginate(
            api + "/issue/createmeta/\(Self.escape(project))/issuetypes/\(Self.escape(issueType.id))",
            keys: ["fields", "values"]
        )
        return pages.compactMap { FieldInfo(json: $0) }
    }

    /// `createmeta?projectKeys=…&expand=projects.issuetypes.fields` (removed in Data Center 9.0).
    /// Returns `nil` when that endpoint doesn't exist either; caches the fields of every issue type.
    func fetchLegacy(project: String) async throws(JiraError) -> [IssueTypeInfo]? {
        let api = try await flavor().apiPath
        let body: JSONValue?
        do {
            body = try await send("GET", api + "/issue/createmeta?projectKeys=\(Self.escape(project))&expand=projects.issuetypes.fields").body
        } catch .notFound {
            return nil
        }
        guard let projects = body?["projects"]?.arrayValue else {
            throw .invalidResponse(path: api + "/issue/createmeta", reason: "no \"projects\" list")
        }
        guard let entry = projects.first(where: { $0["key"]?.stringValue == project }) else {
            throw .notFound(message: "project \(project)")
        }
        var types: [IssueTypeInfo] = []
        for typeJSON in entry["issuetypes"]?.arrayValue ?? [] {
            guard let type = IssueTypeInfo(json: typeJSON) else { continue }
            types.append(type)
            var fields: [FieldInfo] = []
            for (id, fieldJSON) in typeJSON["fields"]?.objectValue ?? JSONObject() {
                if let field = FieldInfo(json: fieldJSON, id: id) { fields.append(field) }
            }
            fieldCache[project + "/" + type.id] = Cached(value: fields, expires: clock.now + connection.metadataTTL)
        }
        return types
    }

    /// Follows `startAt`/`maxResults` pages until Jira says there are no more.
    func paginate(_ path: String, keys: [String]) async throws(JiraError) -> [JSONValue] {
        var items: [JSONValue] = []
        var startAt = 0
        let separator = path.contains("?") ? "&" : "?"
        while true {
            let body = try await send("GET", "\(path)\(separator)startAt=\(startAt)&maxResults=50").body
            guard let page = keys.lazy.compactMap({ body?[$0]?.arrayValue }).first else {
                throw .invalidResponse(path: path, reason: "none of \(keys.joined(separator: ", ")) in the answer")
            }
            items += page
            let total = body?["total"]?.numericValue.map(Int.init)
            let isLast = body?["isLast"]?.boolValue
            if page.isEmpty || isLast == true || (total.map { items.count >= $0 } ?? (isLast == nil)) { return items }
            startAt = items.count
        }
    }
}

import JiraSpec

/// Everything one fake Jira site is made of: flavor, users, projects, screens, workflows and standing faults.
///
/// Load it from YAML or JSON with ``FakeConfigurationLoader`` or build it in Swift for in-process tests;
/// ``JiraFake`` starts from it and ``JiraFake/reset()`` returns to it.
public struct FakeConfiguration: Sendable {
    public var flavor: JiraDeployment
    /// The version `serverInfo` reports. Data Center endpoints depend on it.
    public var version: FakeVersion
    /// Data Center `deploymentType`: `Server` or `DataCenter`; ignored on Cloud, which always reports `Cloud`.
    public var deploymentType: String
    /// Cloud site id, for `/_edge/tenant_info` and the API gateway prefix `/ex/jira/{cloudId}`.
    public var cloudId: String
    /// Base of `self` links; `nil` derives it from the request's `Host`.
    public var baseURL: String?
    public var serverTitle: String
    /// Default page size of the paginated endpoints (create metadata, search); tests lower it to force paging.
    public var pageSize: Int
    /// Lifetime of OAuth access tokens.
    public var tokenLifetimeSeconds: Int
    /// How many requests the log keeps (the oldest go first), so long benchmark runs don't grow without bound.
    public var requestLogLimit: Int
    public var users: [FakeUser]
    public var oauthClients: [FakeOAuthClient]
    public var priorities: [FakeAllowedValue]
    public var resolutions: [FakeAllowedValue]
    /// Custom fields of the site, whether or not a screen shows them.
    public var customFields: [FakeFieldDefinition]
    public var projects: [FakeProject]
    public var linkTypes: [FakeLinkType]
    /// Faults active from the start (and after every reset).
    public var faults: [FaultRule]

    public init(
        flavor: JiraDeployment,
        version: FakeVersion? = nil,
        deploymentType: String? = nil,
        cloudId: String = "11111111-2222-3333-4444-555555555555",
        baseURL: String? = nil,
        serverTitle: String = "Jira",
        pageSize: Int = 50,
        tokenLifetimeSeconds: Int = 3600,
        requestLogLimit: Int = 10_000,
        users: [FakeUser] = [],
        oauthClients: [FakeOAuthClient] = [],
        priorities: [FakeAllowedValue] = FakeConfiguration.defaultPriorities,
        resolutions: [FakeAllowedValue] = FakeConfiguration.defaultResolutions,
        customFields: [FakeFieldDefinition] = [],
        projects: [FakeProject] = [],
        linkTypes: [FakeLinkType] = FakeLinkType.defaults,
        faults: [FaultRule] = []
    ) {
        self.flavor = flavor
        self.version = version ?? (flavor == .cloud ? FakeVersion([1001, 0, 0]) : FakeVersion([10, 3, 0]))
        self.deploymentType = deploymentType ?? "Server"
        self.cloudId = cloudId
        self.baseURL = baseURL
        self.serverTitle = serverTitle
        self.pageSize = pageSize
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.requestLogLimit = requestLogLimit
        self.users = users
        self.oauthClients = oauthClients
        self.priorities = priorities
        self.resolutions = resolutions
        self.customFields = customFields
        self.projects = projects
        self.linkTypes = linkTypes
        self.faults = faults
    }

    public static let defaultPriorities: [FakeAllowedValue] = [
        FakeAllowedValue(id: "1", label: "Highest"),
        FakeAllowedValue(id: "2", label: "High"),
        FakeAllowedValue(id: "3", label: "Medium"),
        FakeAllowedValue(id: "4", label: "Low"),
        FakeAllowedValue(id: "5", label: "Lowest"),
    ]

    public static let defaultResolutions: [FakeAllowedValue] = [
        FakeAllowedValue(id: "10000", label: "Done"),
        FakeAllowedValue(id: "10001", label: "Won't Do"),
        FakeAllowedValue(id: "10002", label: "Duplicate"),
        FakeAllowedValue(id: "10003", label: "Cannot Reproduce"),
    ]

    /// Finds a project by key (case-insensitive) or id.
    public func project(_ keyOrId: String) -> FakeProject? {
        projects.first { $0.key.uppercased() == keyOrId.uppercased() } ?? projects.first { $0.id == keyOrId }
    }

    /// Every field of the site: system fields first, then custom fields.
    public var allFields: [FakeFieldDefinition] {
        FakeSystemFields.definitions + customFields
    }

    public func field(_ id: String) -> FakeFieldDefinition? {
        allFields.first { $0.id == id }
    }
}

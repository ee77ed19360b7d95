import Foundation
import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Authentication")
struct AuthTests {
    @Test("Cloud accepts email + classic API token on the site URL")
    func cloudBasic() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await client.get("/rest/api/3/myself")
            #expect(reply.status == 200)
            #expect(reply.json["accountId"]?.stringValue == Fixture.serviceAccountId)
            #expect(reply.json["accountType"] == "app")
        }
    }

    @Test("Cloud refuses a wrong or missing token with its plain-text 401")
    func cloudRefusals() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let wrong = try await client.get("/rest/api/3/myself", as: .basic(Fixture.serviceEmail, "nope"))
            #expect(wrong.status == 401)
            #expect(wrong.text == "Client must be authenticated to access this resource.")
            #expect(wrong.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(wrong.header("X-Seraph-LoginReason") == "AUTHENTICATED_FAILED")
            let missing = try await client.get("/rest/api/3/myself", as: Credentials.none)
            #expect(missing.status == 401)
            #expect(missing.header("X-Seraph-LoginReason") == nil)
            let garbage = try await client.get("/rest/api/3/myself", as: .raw("Basic !!!"))
            #expect(garbage.status == 401)
        }
    }

    @Test("Cloud scoped tokens only work through the API gateway, classic ones only on the site")
    func scopedTokens() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let gateway = "/ex/jira/\(Fixture.cloudId)/rest/api/3/myself"
            let scoped = Credentials.basic(Fixture.serviceEmail, "fake-scoped-token")
            let classic = Credentials.basic(Fixture.serviceEmail, "fake-api-token")
            #expect(try await client.get(gateway, as: scoped).status == 200)
            #expect(try await client.get("/rest/api/3/myself", as: scoped).status == 401)
            let classicOnGateway = try await client.get(gateway, as: classic)
            #expect(classicOnGateway.status == 401)
            #expect(classicOnGateway.json.canonical == #"{"code":401,"message":"Unauthorized"}"#)
            let wrongSite = try await client.get("/ex/jira/not-this-site/rest/api/3/myself", as: scoped)
            #expect(wrongSite.status == 404)
        }
    }

    @Test("Self links follow the entry point: site or gateway")
    func gatewaySelfLinks() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await client.get("/ex/jira/\(Fixture.cloudId)/rest/api/3/myself", as: .basic(Fixture.serviceEmail, "fake-scoped-token"))
            let link = try #require(reply.json["self"]?.stringValue)
            #expect(link.contains("/ex/jira/\(Fixture.cloudId)/rest/api/3/user?accountId="))
        }
    }

    @Test("OAuth 2.0 client credentials: form and JSON token requests, Bearer through the gateway only")
    func oauthFlow() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let form = try await client.send(
                .post,
                "/oauth/token",
                as: Credentials.none,
                body: "grant_type=client_credentials&client_id=fake-client-id&client_secret=fake-client-secret",
                contentType: "application/x-www-form-urlencoded"
            )
            #expect(form.status == 200)
            #expect(form.json["token_type"] == "Bearer")
            #expect(form.json["expires_in"] == 3600)
            #expect(form.json["scope"]?.stringValue?.contains("write:jira-work") == true)
            let token = try #require(form.json["access_token"]?.stringValue)

            let json = try await client.send(
                .post,
                "/oauth/token",
                as: Credentials.none,
                json: ["grant_type": "client_credentials", "client_id": "fake-client-id", "client_secret": "fake-client-secret"]
            )
            #expect(json.status == 200)

            let gateway = "/ex/jira/\(Fixture.cloudId)/rest/api/3/myself"
            let me = try await client.get(gateway, as: .bearer(token))
            #expect(me.status == 200)
            #expect(me.json["accountId"]?.stringValue == Fixture.serviceAccountId)
            #expect(try await client.get("/rest/api/3/myself", as: .bearer(token)).status == 401)
            #expect(try await client.get(gateway, as: .bearer("forged")).status == 401)
        }
    }

    @Test("OAuth errors: wrong secret, unsupported grant, missing grant")
    func oauthErrors() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            func token(_ body: String) async throws -> FakeReply {
                try await client.send(.post, "/oauth/token", as: Credentials.none, body: body, contentType: "application/x-www-form-urlencoded")
            }
            let wrong = try await token("grant_type=client_credentials&client_id=fake-client-id&client_secret=bad")
            #expect(wrong.status == 401)
            #expect(wrong.json["error"] == "access_denied")
            let grant = try await token("grant_type=password&client_id=fake-client-id&client_secret=fake-client-secret")
            #expect(grant.status == 400)
            #expect(grant.json["error"] == "unsupported_grant_type")
            #expect(try await token("client_id=fake-client-id").json["error"] == "invalid_request")
        }
    }

    @Test("OAuth tokens expire")
    func oauthExpiry() async throws {
        let clock = TestClock()
        try await Fixture.withFake(.cloud, clock: clock) { client, _ in
            let reply = try await client.send(
                .post,
                "/oauth/token",
                as: Credentials.none,
                json: ["grant_type": "client_credentials", "client_id": "fake-client-id", "client_secret": "fake-client-secret"]
            )
            let token = try #require(reply.json["access_token"]?.stringValue)
            let gateway = "/ex/jira/\(Fixture.cloudId)/rest/api/3/myself"
            #expect(try await client.get(gateway, as: .bearer(token)).status == 200)
            clock.advance(3601)
            #expect(try await client.get(gateway, as: .bearer(token)).status == 401)
        }
    }

    @Test("tenant_info tells the cloud id without authentication")
    func tenantInfo() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await client.get("/_edge/tenant_info", as: Credentials.none)
            #expect(reply.status == 200)
            #expect(reply.json.canonical == #"{"cloudId":"\#(Fixture.cloudId)"}"#)
        }
    }

    @Test("Data Center accepts a personal access token and name + password")
    func dataCenterAuth() async throws {
        try await Fixture.withFake(.datacenter) { client, _ in
            let pat = try await client.get("/rest/api/2/myself", as: .bearer("fake-pat"))
            #expect(pat.status == 200)
            #expect(pat.json["name"] == "svc-alert2jira")
            #expect(try await client.get("/rest/api/2/myself", as: .basic("svc-alert2jira", "fake-password")).status == 200)
            let wrong = try await client.get("/rest/api/2/myself", as: .basic("svc-alert2jira", "nope"))
            #expect(wrong.status == 401)
            #expect(
                wrong.json.canonical
                    == #"{"errorMessages":["You are not authenticated. Authentication required to perform this operation."],"errors":{}}"#
            )
            #expect(try await client.get("/rest/api/2/myself", as: .bearer("unknown")).status == 401)
            #expect(try await client.get("/rest/api/2/myself", as: Credentials.none).status == 401)
            // No gateway, no OAuth endpoint on Data Center.
            #expect(try await client.get("/ex/jira/\(Fixture.cloudId)/rest/api/2/myself").status == 404)
        }
    }

    @Test("Missing permissions: 403 with Jira's message; unseen projects look absent")
    func permissions() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let viewer = Credentials.basic("viewer@example.com", "viewer-token")
            let create = try await client.post("/rest/api/3/issue", ["fields": .object(client.bugFields())], as: viewer)
            #expect(create.status == 403)
            #expect(create.json.canonical == #"{"errorMessages":["You do not have permission to create issues in this project."],"errors":{}}"#)
            let finops = try await client.post("/rest/api/3/issue", ["fields": .object(client.taskFields("x"))], as: viewer)
            #expect(finops.status == 400)
            #expect(finops.json["errors"]?["project"] == "Specify a valid project ID or key")

            let key = try await client.createIssue(client.bugFields())
            let comment = try await client.post("/rest/api/3/issue/\(key)/comment", ["body": client.description("hi")], as: viewer)
            #expect(comment.status == 403)
            #expect(comment.json["errorMessages"] == ["You do not have the permission to comment on this issue."])
            let transition = try await client.post("/rest/api/3/issue/\(key)/transitions", ["transition": ["id": "21"]], as: viewer)
            #expect(transition.status == 403)
            let edit = try await client.send(.put, "/rest/api/3/issue/\(key)", as: viewer, json: ["fields": ["summary": "x"]])
            #expect(edit.status == 403)
        }
    }
}

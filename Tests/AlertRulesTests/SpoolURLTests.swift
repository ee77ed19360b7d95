import AlertConfig
import Contracts
import Foundation
import Testing

@testable import AlertRules

/// `server.spool_url`: libpq's URL form, its password from the URL, a file or `PGPASSWORD`, and mistakes
/// reported at their position without the password.
@Suite struct SpoolURLTests {
    @Test func aFullURL() throws {
        let url = try PostgresURL.parse("postgresql://alert%2Bjira:p%40ss@db.example.com:6432/alerts?sslmode=verify-full&sslrootcert=/etc/ca.pem")
            .get()
        #expect(url.user == "alert+jira")
        #expect(url.password?.value == "p@ss")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6432)
        #expect(url.database == "alerts")
        #expect(url.sslMode == .verifyFull)
        #expect(url.sslRootCert == "/etc/ca.pem")
        #expect(url.description == "postgres://alert+jira@db.example.com:6432/alerts")
    }

    @Test func defaultsAndIPv6() throws {
        let url = try PostgresURL.parse("postgres://alert2jira@[::1]").get()
        #expect(url.port == 5432)
        #expect(url.database == "alert2jira")
        #expect(url.sslMode == .prefer)
        #expect(url.host == "::1")
        #expect(url.description == "postgres://alert2jira@[::1]:5432/alert2jira")
    }

    @Test(arguments: [
        ("mysql://u@h/d", "must start with postgres:// or postgresql://"),
        ("postgres://h/d", "names no user"),
        ("postgres://u@/d", "names no host"),
        ("postgres://u@h:99999/d", "has a port that is not a number from 1 to 65535"),
        ("postgres://u@h/d?sslmode=sometimes", "has sslmode=sometimes"),
        ("postgres://u@h/d?sslmode=verify-ca", "names no sslrootcert"),
        ("postgres://u@h/d?pool=3", "has the parameter pool"),
    ])
    func mistakesSayWhatIsWrong(text: String, message: String) {
        guard case .failure(let error) = PostgresURL.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func thePasswordComesFromTheURLThenTheFileThenPGPASSWORD() throws {
        try withTemporaryDirectory(["pg-password": "from-the-file\n"]) { directory in
            let file = try ConfigLoader(environment: ["PGPASSWORD": "from-the-environment"])
                .load(
                    yaml: "server:\n  spool_url: postgres://a2j@db/alerts\n  spool_password_file: pg-password\n",
                    file: "cfg.yaml",
                    baseDirectory: directory
                )
            #expect(file.server.spoolURL?.password?.value == "from-the-file")
            #expect(file.secretValues.contains("from-the-file"))
        }
        let environment = try loadConfig("server:\n  spool_url: postgres://a2j@db/alerts\n", environment: ["PGPASSWORD": "from-the-environment"])
        #expect(environment.server.spoolURL?.password?.value == "from-the-environment")
        let inline = try loadConfig(
            "server:\n  spool_url: \"postgres://a2j:${PG_PASSWORD}@db/alerts\"\n  lease: 30s\n",
            environment: ["PG_PASSWORD": "from-the-url", "PGPASSWORD": "ignored"]
        )
        #expect(inline.server.spoolURL?.password?.value == "from-the-url")
        #expect(inline.server.lease == .seconds(30))
        #expect(inline.secretValues.contains("from-the-url"))
        #expect(try loadConfig("rules: []").server.spoolURL == nil)
    }

    @Test func mistakesAreReportedAtTheirPositionWithoutThePassword() {
        let problems = configProblems("server:\n  spool_url: \"postgres://a2j:hunter22@db:0/alerts\"\n  lease: 1s\n")
        #expect(
            problems == [
                "cfg.yaml:2:15: server.spool_url has a port that is not a number from 1 to 65535",
                "cfg.yaml:3:10: server.lease must be at least 5s: a shorter lease lapses while a slow Jira answers",
            ]
        )
        #expect(!problems.joined().contains("hunter22"))
        #expect(
            configProblems("server:\n  spool_password_file: pw\n")
                == ["cfg.yaml:2:24: server.spool_password_file is set but server.spool_url is not; it is the password of that database"]
        )
    }
}

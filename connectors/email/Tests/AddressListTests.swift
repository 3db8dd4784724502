import Testing

@testable import EmailConnector

@Suite("Address lists")
struct AddressListTests {
    @Test(
        "mailbox forms",
        arguments: [
            ("ivan@example.ru", [EmailAddress(address: "ivan@example.ru")]),
            ("<ivan@example.ru>", [EmailAddress(address: "ivan@example.ru")]),
            ("Ivan Petrov <ivan@example.ru>", [EmailAddress(name: "Ivan Petrov", address: "ivan@example.ru")]),
            ("\"Petrov, Ivan\" <ivan@example.ru>", [EmailAddress(name: "Petrov, Ivan", address: "ivan@example.ru")]),
            ("\"Say \\\"hi\\\"\" <a@x.org>", [EmailAddress(name: "Say \"hi\"", address: "a@x.org")]),
            ("ivan@example.ru (Ivan Petrov)", [EmailAddress(name: "Ivan Petrov", address: "ivan@example.ru")]),
            ("Ivan (work) <ivan@example.ru>", [EmailAddress(name: "Ivan", address: "ivan@example.ru")]),
            ("Ivan Petrov ivan@example.ru", [EmailAddress(name: "Ivan Petrov", address: "ivan@example.ru")]),
            ("<@relay.example:ivan@example.ru>", [EmailAddress(address: "ivan@example.ru")]),
            ("undisclosed-recipients:;", []),
            ("", []),
        ])
    func forms(value: String, expected: [EmailAddress]) {
        #expect(EmailAddress.parseList(value) == expected)
    }

    @Test("lists with groups, encoded names and stray commas")
    func lists() {
        let value = "Team: a@x.org, \"B\" <b@x.org>;, =?UTF-8?B?0JDQvdC90LA=?= <anna@x.org>,, c@x.org"
        #expect(
            EmailAddress.parseList(value) == [
                EmailAddress(address: "a@x.org"), EmailAddress(name: "B", address: "b@x.org"),
                EmailAddress(name: "Анна", address: "anna@x.org"), EmailAddress(address: "c@x.org"),
            ])
    }

    @Test("an encoded name holding a comma and quotes does not split the mailbox")
    func encodedSpecials() {
        // "Doe, \"J\"" in base64.
        #expect(
            EmailAddress.parseList("=?UTF-8?B?RG9lLCAiSiI=?= <j@x.org>, k@x.org") == [
                EmailAddress(name: "Doe, \"J\"", address: "j@x.org"), EmailAddress(address: "k@x.org"),
            ])
    }

    @Test("addresses compare without case through normalizedAddress")
    func normalized() {
        #expect(EmailAddress(address: "Ivan@Example.RU").normalizedAddress == "ivan@example.ru")
        #expect(EmailAddress(name: "Ivan", address: "i@x.org").description == "Ivan <i@x.org>")
    }
}

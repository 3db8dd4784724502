import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// Call events in every order: a provider may deliver `answered` after `hangup`, `ringing` last, and any
/// event twice. What a call becomes depends on which events arrived, never on their order.
@Suite("Phone calls: events in every order")
struct CallOrderTests {
    /// The events of one inbound call, each with its `at`: rang at 10:00:00, answered 5 s later by Olena,
    /// hung up two minutes after that (no duration sent: it comes from the `at`s).
    static func inboundEvents(_ index: Int) -> [String: String] {
        let day = "2026-03-0\(index + 1)"
        return [
            "ringing": #", "at": "\#(day)T10:00:00Z""#,
            "answered": #", "at": "\#(day)T10:00:05Z", "agent_email": "olena@example.org""#,
            "hangup": #", "at": "\#(day)T10:02:05Z", "recording_url": "https://pbx.example.org/r/\#(index).mp3""#,
        ]
    }

    static let permutations: [[String]] = [
        ["ringing", "answered", "hangup"], ["ringing", "hangup", "answered"], ["answered", "ringing", "hangup"],
        ["answered", "hangup", "ringing"], ["hangup", "ringing", "answered"], ["hangup", "answered", "ringing"],
    ]

    static func messages(_ org: TestAccount, _ conversation: Int64) async throws -> [JSONValue] {
        try await org.harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            .json["items"]?.array ?? []
    }

    @Test("each order of ringing, answered and hang-up ends as one answered call: the same message, no request left")
    func everyOrderOfAnAnsweredCall() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await PhoneCallTests.phoneInbox(org)
            for (index, order) in Self.permutations.enumerated() {
                let number = "+38067000000\(index)"
                let events = Self.inboundEvents(index)
                var last: Reply?
                for event in order {
                    last = try await PhoneCallTests.call(org, inbox, "p-\(index)", event, from: number, extra: events[event]!)
                    #expect(last?.status == .ok, "\(order): \(event)")
                }
                let answer = try #require(last)
                #expect(answer.json["status"]?.string == "completed", "\(order)")
                let conversationID = try #require(answer.json["conversation_id"]?.int, "\(order)")
                let history = try await Self.messages(org, conversationID)
                #expect(history.count == 1, "\(order): \(history)")
                let message = try #require(history.first)
                #expect(message["id"]?.int == answer.json["message_id"]?.int)
                #expect(message["content"]?.string == "Answered call from \(number) (2:00)", "\(order)")
                #expect(message["call"]?["status"]?.string == "answered", "\(order)")
                #expect(message["call"]?["duration_seconds"]?.int == 120, "\(order)")
                #expect(message["call"]?["agent"]?.string == "olena@example.org", "\(order)")
                #expect(message["call"]?["recording_url"]?.string == "https://pbx.example.org/r/\(index).mp3", "\(order)")
                #expect(message["call"]?["at"]?.string?.hasPrefix("2026-03-0\(index + 1)T10:00:05") == true, "\(order)")
                let conversation = try await harness.request(.get, "/api/v1/conversations/\(conversationID)", token: org.adminToken)
                #expect(conversation.json["status"]?.string == "resolved", "\(order): nobody has to call back")
            }
            #expect(try await harness.count("SELECT count(*)::int FROM calls WHERE status = 'completed'") == 6)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE call ->> 'status' = 'missed'") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE status <> 'resolved'") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE waiting_since IS NOT NULL") == 0)
            let live = try await harness.request(.get, "/api/v1/reports/live", token: org.adminToken)
            #expect(live.json["open"]?.int == 0 && live.json["unassigned"]?.int == 0, "\(live.text)")

            // The provider retries everything: each repeat answers the call as it stands, and nothing changes.
            let messagesBefore = try await harness.count("SELECT count(*)::int FROM messages")
            let eventsBefore = try await harness.count("SELECT count(*)::int FROM events")
            for (index, order) in Self.permutations.enumerated() {
                for event in order.reversed() {
                    let again = try await PhoneCallTests.call(
                        org, inbox, "p-\(index)", event, from: "+38067000000\(index)", extra: Self.inboundEvents(index)[event]!
                    )
                    #expect(again.status == .ok)
                    #expect(again.json["status"]?.string == "completed", "\(order): repeated \(event)")
                    #expect(again.json["event"]?.string == event)
                }
            }
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == messagesBefore)
            #expect(try await harness.count("SELECT count(*)::int FROM events") == eventsBefore)
        }
    }

    @Test("ringing and hang-up in either order, repeated, is one missed call that waits for a call back")
    func missedInEitherOrder() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await PhoneCallTests.phoneInbox(org)
            for (index, order) in [["ringing", "hangup"], ["hangup", "ringing"]].enumerated() {
                let number = "+38050000000\(index)"
                for event in order + order {
                    let reply = try await PhoneCallTests.call(org, inbox, "m-\(index)", event, from: number)
                    #expect(reply.status == .ok)
                }
                let answer = try await PhoneCallTests.call(org, inbox, "m-\(index)", "ringing", from: number)
                #expect(answer.json["status"]?.string == "missed", "\(order): ringing after the hang-up changes nothing")
                let conversationID = try #require(answer.json["conversation_id"]?.int)
                let history = try await Self.messages(org, conversationID)
                #expect(history.map { $0["call"]?["status"]?.string } == ["missed"], "\(order)")
                let conversation = try await harness.request(.get, "/api/v1/conversations/\(conversationID)", token: org.adminToken)
                #expect(conversation.json["status"]?.string == "open", "\(order)")
            }
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE waiting_since IS NOT NULL") == 2)
        }
    }

    @Test("a late answer corrects a missed call that shares its conversation: the request stays while another call is missed")
    func lateAnswerInASharedConversation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await PhoneCallTests.phoneInbox(org)
            let first = try await PhoneCallTests.call(org, inbox, "s-1", "hangup", extra: #", "at": "2026-03-02T09:00:30Z""#)
            let second = try await PhoneCallTests.call(org, inbox, "s-2", "hangup", extra: #", "at": "2026-03-02T09:05:00Z""#)
            let conversationID = try #require(first.json["conversation_id"]?.int)
            #expect(second.json["conversation_id"]?.int == conversationID, "both missed calls are one request")

            let late = try await PhoneCallTests.call(
                org, inbox, "s-1", "answered", extra: #", "at": "2026-03-02T09:00:10Z", "agent_email": "olena@example.org""#
            )
            #expect(late.json["status"]?.string == "completed")
            #expect(late.json["message_id"]?.int == first.json["message_id"]?.int, "the missed call's message is corrected in place")
            var history = try await Self.messages(org, conversationID)
            #expect(history.map { $0["call"]?["status"]?.string } == ["answered", "missed"])
            #expect(history.first?["call"]?["duration_seconds"]?.int == 20)
            var conversation = try await harness.request(.get, "/api/v1/conversations/\(conversationID)", token: org.adminToken)
            #expect(conversation.json["status"]?.string == "open", "the second call still needs a call back")
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE waiting_since IS NOT NULL") == 1)

            // An agent's note is work on the request: answering the second call late keeps it for the agents,
            // but nobody waits any more.
            let note = try await harness.request(
                .post, "/api/v1/conversations/\(conversationID)/messages", token: org.adminToken,
                json: #"{"content": "Tried to call back, busy", "private": true}"#
            )
            #expect(note.status == .created)
            _ = try await PhoneCallTests.call(org, inbox, "s-2", "answered", extra: #", "at": "2026-03-02T09:04:50Z""#)
            history = try await Self.messages(org, conversationID)
            #expect(history.compactMap { $0["call"]?["status"]?.string } == ["answered", "answered"])
            conversation = try await harness.request(.get, "/api/v1/conversations/\(conversationID)", token: org.adminToken)
            #expect(conversation.json["status"]?.string == "open")
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE waiting_since IS NOT NULL") == 0)
        }
    }

    @Test("an outgoing call whose answer comes after its hang-up is logged as answered, once")
    func outgoingAnsweredLate() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await PhoneCallTests.phoneInbox(org)
            let hangup = try await PhoneCallTests.call(
                org, inbox, "o-1", "hangup", direction: "out", from: "101", to: "067 123 45 67",
                extra: #", "at": "2026-03-02T11:03:00Z", "duration_seconds": 95"#
            )
            #expect(hangup.json["status"]?.string == "unanswered")
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)
            let answered = try await PhoneCallTests.call(
                org, inbox, "o-1", "answered", direction: "out", from: "101", to: "067 123 45 67",
                extra: #", "at": "2026-03-02T11:01:25Z", "agent_email": "olena@example.org""#
            )
            #expect(answered.json["status"]?.string == "completed")
            let conversationID = try #require(answered.json["conversation_id"]?.int)
            let history = try await Self.messages(org, conversationID)
            #expect(history.count == 1)
            #expect(history.first?["content"]?.string == "Call to +380671234567 (1:35)")
            #expect(history.first?["direction"]?.string == "out")
            let ringing = try await PhoneCallTests.call(org, inbox, "o-1", "ringing", direction: "out", from: "101", to: "0671234567")
            #expect(ringing.json["status"]?.string == "completed")
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 1)
        }
    }
}

import Foundation
import SwitchboardCore
import Testing

@testable import TelegramConnector

/// What agents see of each kind of message a customer can send the bot.
@Suite struct InboundMessageTests {
    @Test func textMessageNamesTheSenderAndKeepsTheRawBody() throws {
        let event = try Fixtures.event("message-text.json")
        #expect(event.externalID == "123456789:42")
        #expect(event.content == "Здравствуйте! Нужна помощь 🙏👩‍👧")
        #expect(event.sender == InboundSender(externalID: "123456789", name: "Анна Петрова", language: "ru"))
        #expect(event.contactAttributes == ["telegram_username": "anna_p"])
        #expect(event.sentAt == Date(timeIntervalSince1970: 1_700_000_060))
        #expect(event.attachments.isEmpty)
        #expect(event.rawPayload == (try Fixtures.text("message-text.json")))
    }

    @Test func escapedCyrillicAndEmojiAreDecoded() throws {
        let event = try Fixtures.event("message-text-escaped.json")
        #expect(event.content == "Здравствуйте! Нужна помощь 🙏")
        #expect(event.sender.name == "Анна Петрова")
        #expect(event.rawPayload.contains(#"\u0417\u0434"#))
    }

    @Test func sameUpdateTwiceGivesTheSameMessageID() throws {
        let first = try Fixtures.event("message-photo.json")
        let again = try Fixtures.event("message-photo.json")
        #expect(first.externalID == "123456789:43")
        #expect(first.externalID == again.externalID)
    }

    @Test func photoTakesTheLargestSizeAndTheCaption() throws {
        let event = try Fixtures.event("message-photo.json")
        #expect(event.content == "Вот так выглядит письмо")
        #expect(
            event.attachments == [
                .remote(name: "photo-43.jpg", contentType: "image/jpeg", reference: "AgACAgIAAxkBAAIBK2Vlarge")
            ])
        #expect(event.attachments.allSatisfy { $0.data.isEmpty })
    }

    @Test func documentKeepsItsNameAndType() throws {
        let event = try Fixtures.event("message-document.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(name: "справка №5.pdf", contentType: "application/pdf", reference: "BQACAgIAAxkBAAIBLGVdoc")
            ])
    }

    @Test func voiceIsAnOggFile() throws {
        let event = try Fixtures.event("message-voice.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(name: "voice-45.ogg", contentType: "audio/ogg", reference: "AwACAgIAAxkBAAIBLWVvoice")
            ])
    }

    @Test func audioKeepsItsFileNameAndCaption() throws {
        let event = try Fixtures.event("message-audio.json")
        #expect(event.content == "Послушайте")
        #expect(
            event.attachments == [
                .remote(name: "kolybelnaya.mp3", contentType: "audio/mpeg", reference: "CQACAgIAAxkBAAIBLmVaudio")
            ])
    }

    @Test func videoAndVideoNoteAreMP4Files() throws {
        let video = try Fixtures.event("message-video.json")
        #expect(video.content == "")
        #expect(
            video.attachments == [
                .remote(name: "video-47.mp4", contentType: "video/mp4", reference: "BAACAgIAAxkBAAIBL2Vvideo")
            ])
        let note = try Fixtures.event("message-video-note.json")
        #expect(
            note.attachments == [
                .remote(name: "video-note-48.mp4", contentType: "video/mp4", reference: "DQACAgIAAxkBAAIBMGVnote")
            ])
    }

    @Test func stickerShowsItsEmoji() throws {
        let event = try Fixtures.event("message-sticker.json")
        #expect(event.content == "[sticker 😀]")
        #expect(
            event.attachments == [
                .remote(name: "sticker-49.webp", contentType: "image/webp", reference: "CAACAgIAAxkBAAIBMWVsticker")
            ])
    }

    @Test func locationIsALineAndAMapLink() throws {
        let event = try Fixtures.event("message-location.json")
        #expect(event.content == "Location: 55.755826, 37.6173\nhttps://maps.google.com/?q=55.755826,37.6173")
        #expect(event.attachments.isEmpty)
    }

    @Test func venueNamesThePlaceOnce() throws {
        let event = try Fixtures.event("message-venue.json")
        #expect(
            event.content == """
                Venue: Эрмитаж, Дворцовая пл., 2
                Location: 59.939095, 30.315868
                https://maps.google.com/?q=59.939095,30.315868
                """)
    }

    @Test func sharedContactShowsNameAndPhone() throws {
        let event = try Fixtures.event("message-contact.json")
        #expect(event.content == "Contact: Иван Сидоров, +79001234567")
        #expect(event.sender.externalID == "123456789")
    }

    @Test func senderWithoutNameIsCalledByUsername() throws {
        let body = """
            {"update_id":1,"message":{"message_id":5,
            "from":{"id":555,"is_bot":false,"first_name":"","username":"quiet_one"},
            "chat":{"id":555,"type":"private","username":"quiet_one"},"date":1700000000,"text":"hi"}}
            """
        let items = try Fixtures.connector().handleWebhook(
            Fixtures.request(body: Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        ).items
        guard case .message(let event) = items.first else {
            Issue.record("expected a message, got \(items)")
            return
        }
        #expect(event.sender == InboundSender(externalID: "555", name: "@quiet_one", language: nil))
        #expect(event.contactAttributes == ["telegram_username": "quiet_one"])
    }

    @Test func contentWithoutRenderingIsStillStoredWithAMarker() throws {
        let body = """
            {"update_id":2,"message":{"message_id":6,"from":{"id":555,"is_bot":false,"first_name":"Ира"},
            "chat":{"id":555,"type":"private","first_name":"Ира"},"date":1700000000,
            "game":{"title":"Quiz","description":"","photo":[]}}}
            """
        let items = try Fixtures.connector().handleWebhook(
            Fixtures.request(body: Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        ).items
        guard case .message(let event) = items.first else {
            Issue.record("expected a message, got \(items)")
            return
        }
        #expect(event.content == "[unsupported Telegram message: game]")
        #expect(event.contactAttributes.isEmpty)
    }
}

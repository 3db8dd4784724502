import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Testing

@testable import ViberConnector

@Suite("Viber messages become inbound events")
struct InboundMessageTests {
    @Test("a text message keeps its text, its 64-bit token exactly, the sender and the raw body")
    func text() throws {
        let event = try Fixtures.message("message-text.json")
        #expect(event.externalID == "4912661846655238145")
        #expect(event.content == "Hello, I need help with my order")
        #expect(event.attachments.isEmpty)
        #expect(event.sender == InboundSender(externalID: "01234567890A=", name: "John McClane", language: "en"))
        #expect(event.contactAttributes == ["viber_country": .string("GB")])
        #expect(event.sentAt == Date(timeIntervalSince1970: 1_457_764_197.627))
        #expect(event.rawPayload == String(decoding: try Fixtures.bytes("message-text.json"), as: UTF8.self))
    }

    @Test("Cyrillic and emoji arrive unchanged in the text, the sender's name and the raw payload")
    func cyrillicAndEmoji() throws {
        let event = try Fixtures.message("message-text-cyrillic.json")
        #expect(event.content == "Привіт! Потрібна допомога 🙏 Де найближчий пункт видачі?")
        #expect(event.sender.name == "Анна Ковальчук 🌻")
        #expect(event.sender.externalID == "pttm25kSGUo1919sBORWyA==")
        #expect(event.sender.language == "uk")
        #expect(event.externalID == "5741311803571721087")
        #expect(event.rawPayload.contains("Потрібна допомога 🙏"))
    }

    @Test("a picture keeps its caption and becomes a JPEG to fetch from its media URL")
    func picture() throws {
        let event = try Fixtures.message("message-picture.json")
        #expect(event.content == "Фото документа")
        let url =
            "https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0/"
            + "5688fdffdf7d5bb3d41a8f1a12b7d3a5f9c1a7e2d1d29d52c4f7d4e1b2c3a4d5.jpg"
        #expect(
            event.attachments == [.remote(name: "IMG_20231114_221500.jpg", contentType: "image/jpeg", reference: url)])
        #expect(event.attachments.first?.data.isEmpty == true)
    }

    @Test("a picture without caption or file name gets empty content and a generated name")
    func pictureWithoutCaption() throws {
        let event = try Fixtures.message("message-picture-no-caption.json")
        #expect(event.content == "")
        let attachment = try #require(event.attachments.first)
        #expect(attachment.name == "photo-5741311803571721101.jpg")
        #expect(attachment.contentType == "image/jpeg")
        #expect(
            attachment.remoteReference == "https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0/abc.jpg")
    }

    @Test("a video becomes an MP4 attachment with empty content")
    func video() throws {
        let event = try Fixtures.message("message-video.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(
                    name: "video-5741311803571721200.mp4", contentType: "video/mp4",
                    reference: "https://dl-media.viber.com/5/media/2/short/any/video/9a7c/3f2e1d.mp4"
                )
            ]
        )
    }

    @Test("a document keeps its file name and gets the type its extension names")
    func document() throws {
        let event = try Fixtures.message("message-file.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(
                    name: "Invoice 2023-11.pdf", contentType: "application/pdf",
                    reference: "https://dl-media.viber.com/5/media/2/short/any/file/77aa/invoice.pdf"
                )
            ]
        )
    }

    @Test("a voice recording sent as a file is an audio attachment with its Cyrillic name")
    func audio() throws {
        let event = try Fixtures.message("message-file-audio.json")
        let attachment = try #require(event.attachments.first)
        #expect(attachment.name == "Голосове повідомлення.m4a")
        #expect(attachment.contentType == "audio/mp4")
        #expect(attachment.remoteReference == "https://dl-media.viber.com/5/media/2/short/any/file/88bb/voice.m4a")
    }

    @Test("a sticker reads [sticker] and its image is attached")
    func sticker() throws {
        let event = try Fixtures.message("message-sticker.json")
        #expect(event.content == "[sticker]")
        #expect(
            event.attachments == [
                .remote(
                    name: "sticker-46105.png", contentType: "image/png",
                    reference: "https://viber-sticker.example.com/stickers/46105.png"
                )
            ]
        )
    }

    @Test("a location reads as coordinates with a map link")
    func location() throws {
        let event = try Fixtures.message("message-location.json")
        let map = "https://www.openstreetmap.org/?mlat=55.7558&mlon=37.6173#map=17/55.7558/37.6173"
        #expect(event.content == "Location: 55.7558, 37.6173\n" + map)
        #expect(event.attachments.isEmpty)
    }

    @Test("a shared contact reads as name and phone")
    func contact() throws {
        let event = try Fixtures.message("message-contact.json")
        #expect(event.content == "Contact: Олег Петренко, +380501234567")
        #expect(event.attachments.isEmpty)
    }

    @Test("a shared link reads as the link")
    func url() throws {
        let event = try Fixtures.message("message-url.json")
        #expect(event.content == "https://www.example.org/help/faq?lang=en")
    }

    @Test("a message type Viber may add later is kept with a placeholder, not dropped")
    func unknownMessageType() throws {
        let event = try message(
            token: "77", #"{"type":"hologram","media":"https://dl-media.viber.com/x/scene.glb"}"#
        )
        #expect(event.content == "[Viber hologram message]")
        #expect(event.attachments.first?.remoteReference == "https://dl-media.viber.com/x/scene.glb")
        #expect(event.attachments.first?.name == "file-77")
    }

    @Test("tokens past Int64 and tokens sent as strings keep their exact digits")
    func largeAndStringTokens() throws {
        let text = #"{"type":"text","text":"a"}"#
        #expect(try message(token: "18446744073709551615", text).externalID == "18446744073709551615")
        #expect(try message(token: #""5741311803571721087""#, text).externalID == "5741311803571721087")
    }

    @Test("a message without timestamp is dated when it arrived; one without country has no attributes")
    func missingOptionalFields() throws {
        let event = try message(sender: #"{"id":"u1","language":"en_US"}"#, #"{"type":"text","text":"hi"}"#)
        #expect(event.sentAt == Fixtures.receivedAt)
        #expect(event.contactAttributes.isEmpty)
        #expect(event.sender.language == "en-US")
        #expect(event.sender.name == nil)
    }

    @Test("a field of an unexpected type is read as absent, not as an error")
    func lenientFields() throws {
        let event = try message(
            sender: #"{"id":"u1","name":42}"#, #"{"type":"location","location":{"lat":"north","lon":37.6}}"#
        )
        #expect(event.sender.name == nil)
        #expect(event.content == "[location]")
    }

    @Test("a file name carrying a path keeps only its last part")
    func fileNamePath() throws {
        let file = #"{"type":"file","media":"https://dl-media.viber.com/f","file_name":"../../etc/passwd"}"#
        #expect(try message(file).attachments.first?.name == "passwd")
    }

    /// A signed `message` callback around `message` (JSON), without timestamp.
    private func message(token: String = "5", sender: String = #"{"id":"u1"}"#, _ message: String) throws
        -> InboundEvent
    {
        let json = #"{"event":"message","message_token":\#(token),"sender":\#(sender),"message":\#(message)}"#
        let connector = ViberConnector(httpClient: .shared)
        let outcome = try connector.handleWebhook(
            Fixtures.signed(Array(json.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        )
        guard outcome.items.count == 1, case .message(let event) = outcome.items[0] else {
            throw Fixtures.FixtureError.notAMessage(outcome.items)
        }
        return event
    }
}

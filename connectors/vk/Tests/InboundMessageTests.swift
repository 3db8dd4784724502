import Foundation
import SwitchboardCore
import Testing
import VKConnector

/// `message_new` becomes one customer message: its text, a line for what has no file, files by URL.
@Suite struct InboundMessageTests {
    @Test func textKeepsCyrillicAndEmojiAndNamesTheSender() throws {
        let event = try Fixtures.message("message_new_text.json")
        let raw = try Fixtures.text("message_new_text.json")
        #expect(event.externalID == "vk:1234567:42")
        #expect(event.sender == InboundSender(externalID: "1234567"))
        #expect(event.content == "Здравствуйте! Заказ №123 так и не пришёл 😢")
        #expect(event.attachments.isEmpty)
        #expect(event.sentAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(event.rawPayload == raw)
    }

    @Test func aRedeliveredEventHasTheSameID() throws {
        let first = try Fixtures.message("message_new_text.json")
        let again = try Fixtures.message("message_new_text.json")
        #expect(first.externalID == again.externalID)
    }

    @Test func withoutConversationMessageIDTheEventIDNamesTheMessage() throws {
        let body = try Fixtures.text("message_new_text.json").replacingOccurrences(
            of: #""conversation_message_id": 42,"#, with: "")
        let event = try Fixtures.message(in: Fixtures.handle(body))
        #expect(event.externalID == "a4f2c6d1e0b94e1c8d7f3a2b5c6d7e8f9a0b1c2d")
    }

    @Test func photoIsTheLargestSizeWithEmptyContent() throws {
        let event = try Fixtures.message("message_new_photo.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(
                    name: "photo1234567_457239021.jpg", contentType: "image/jpeg",
                    reference: "https://sun9-1.userapi.com/impg/AbC/z.jpg?size=1440x1080&quality=95&type=album")
            ])
        #expect(event.attachments.allSatisfy { $0.data.isEmpty })
    }

    @Test func documentsKeepTheirTitleAndType() throws {
        let event = try Fixtures.message("message_new_doc.json")
        #expect(event.content == "Договор и скан паспорта")
        #expect(event.attachments.map(\.name) == ["Договор поставки.pdf", "скан.png"])
        #expect(event.attachments.map(\.contentType) == ["application/pdf", "image/png"])
        #expect(
            event.attachments.first?.remoteReference
                == "https://vk.com/doc1234567_668811234?hash=9f8e7d6c5b4a&dl=GQ4DAMRZGI2DK:1700000120:abc&api=1&no_preview=1"
        )
    }

    @Test func voiceMessageIsTheOggFile() throws {
        let event = try Fixtures.message("message_new_audio_message.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(
                    name: "voice1234567_660100200.ogg", contentType: "audio/ogg",
                    reference: "https://psv4.userapi.com/c235131/u1234567/audiomsg/d5/aa11bb22cc.ogg")
            ])
    }

    @Test func voiceMessageWithOnlyMp3() throws {
        let body = try Fixtures.text("message_new_audio_message.json").replacingOccurrences(
            of: #""link_ogg": "https://psv4.userapi.com/c235131/u1234567/audiomsg/d5/aa11bb22cc.ogg","#, with: "")
        let event = try Fixtures.message(in: Fixtures.handle(body))
        #expect(event.attachments.map(\.contentType) == ["audio/mpeg"])
        #expect(event.attachments.first?.name == "voice1234567_660100200.mp3")
    }

    @Test func videoIsALinkInTheText() throws {
        let event = try Fixtures.message("message_new_video.json")
        #expect(event.content == "Посмотрите, что пришло\nVideo: https://vk.com/video-12345_456239017")
        #expect(event.attachments.isEmpty)
    }

    @Test func stickerIsMarkedAndItsLargestImageAttached() throws {
        let event = try Fixtures.message("message_new_sticker.json")
        #expect(event.content == "[sticker]")
        #expect(
            event.attachments == [
                .remote(
                    name: "sticker9046.png", contentType: "image/png", reference: "https://vk.com/sticker/1-9046-512")
            ])
    }

    @Test func locationIsALineWithAMapLink() throws {
        let event = try Fixtures.message("message_new_geo.json")
        #expect(
            event.content
                == "Location: 55.7558, 37.6173 (Красная площадь)\n"
                + "https://www.openstreetmap.org/?mlat=55.7558&mlon=37.6173#map=16/55.7558/37.6173")
        #expect(event.attachments.isEmpty)
    }

    @Test func wallPostLinkPollAndForwardedTextAreLines() throws {
        let event = try Fixtures.message("message_new_wall_link.json")
        #expect(
            event.content == """
                Вот пост и ссылка
                Wall post: https://vk.com/wall-218421234_9876
                Link: Заказ 123 https://shop.example/orders/123
                [poll]
                Forwarded message: Трек-номер RA123456789RU
                """)
    }

    @Test func aLinkAlreadyInTheTextIsNotRepeated() throws {
        let body = try Fixtures.text("message_new_wall_link.json").replacingOccurrences(
            of: #""text": "Вот пост и ссылка""#, with: #""text": "Где https://shop.example/orders/123 ?""#)
        let event = try Fixtures.message(in: Fixtures.handle(body))
        #expect(!event.content.contains("Link:"))
        #expect(event.content.hasPrefix("Где https://shop.example/orders/123 ?\nWall post:"))
    }

    @Test func anAttachmentVKShapedUnexpectedlyIsOnlyNamed() throws {
        let body = """
            {"group_id": 218421234, "type": "message_new", "event_id": "e1", "v": "5.199", "secret": "7hG2kP9xQm",
             "object": {"message": {"date": 1700000000, "from_id": 1234567, "peer_id": 1234567,
              "conversation_message_id": 60, "text": "см.",
              "attachments": [{"type": "photo", "photo": "oops"}, {"type": "market", "market": {"id": 1}}, {"kind": 3}]}}}
            """
        let event = try Fixtures.message(in: Fixtures.handle(body))
        #expect(event.content == "см.\n[photo]\n[market]\n[unknown]")
        #expect(event.attachments.isEmpty)
    }

    @Test func theFlatShapeOfOlderAPIVersionsIsRead() throws {
        let body = """
            {"group_id": 218421234, "type": "message_new", "event_id": "e2", "secret": "7hG2kP9xQm",
             "object": {"date": 1700000000, "from_id": 1234567, "peer_id": 1234567, "conversation_message_id": 61,
              "text": "Привет"}}
            """
        let event = try Fixtures.message(in: Fixtures.handle(body))
        #expect(event.externalID == "vk:1234567:61")
        #expect(event.content == "Привет")
    }

    @Test func groupChatMessagesAreIgnored() throws {
        let outcome = try Fixtures.handleFixture("message_new_chat.json")
        #expect(outcome.items == [.ignored("group chat messages are not supported")])
        #expect(outcome.response == .ok)
    }

    @Test func aMessageNewWithoutASenderIsSkippedAsAPersonsMessage() throws {
        let body = #"{"group_id": 218421234, "type": "message_new", "object": {"x": 1}, "secret": "7hG2kP9xQm"}"#
        guard case .skipped(let skipped) = try Fixtures.handle(body).items.first else {
            Issue.record("expected a skipped item")
            return
        }
        #expect(skipped.reason == "message_new without a readable message")
        #expect(skipped.fromPerson && skipped.category == .unreadable && skipped.payload == body)
    }

    @Test("an older Callback API message (user_id, body, no peer_id) is read: the peer is the sender")
    func olderShapeWithoutPeerID() throws {
        let body = #"""
            {"type": "message_new", "group_id": 218421234, "secret": "7hG2kP9xQm",
             "object": {"id": 43, "date": 1491240000, "out": 0, "user_id": 1234567, "read_state": 0, "title": " ... ",
                        "body": "Добрий вечір"}}
            """#
        guard case .message(let event) = try Fixtures.handle(body).items.first else {
            Issue.record("expected a message")
            return
        }
        #expect(event.sender.externalID == "1234567")
        #expect(event.content == "Добрий вечір")
        #expect(event.externalID == "vk:message:43")
    }

    @Test("from_id without peer_id: the peer is the sender")
    func fromIDWithoutPeerID() throws {
        let body = #"""
            {"type": "message_new", "group_id": 218421234, "secret": "7hG2kP9xQm", "event_id": "ev-77",
             "object": {"message": {"date": 1700000000, "from_id": 555, "text": "hi", "conversation_message_id": 9}}}
            """#
        guard case .message(let event) = try Fixtures.handle(body).items.first else {
            Issue.record("expected a message")
            return
        }
        #expect(event.sender.externalID == "555")
        #expect(event.externalID == "vk:555:9")
    }
}

import Foundation
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// Each kind of customer message becomes what an agent should see: text, caption, files to fetch.
@Suite struct InboundMessageTests {
    @Test func textKeepsCyrillicAndEmojiAndNamesTheSender() throws {
        let body = try Fixtures.bytes("text.json")
        let event = try Fixtures.message("text.json")
        #expect(event.content == "Здравствуйте! Заказ №1234 так и не пришёл 😢📦")
        #expect(event.externalID == "wamid.HBgLNzkxNjEyMzQ1NjcVAgASGBQzQTdGNkQ5MjVBRjNDNzM4RTRCRgA=")
        #expect(event.sender.externalID == "79161234567")
        #expect(event.sender.name == "Иван Петров")
        #expect(event.sender.phone == "+79161234567")
        #expect(event.sentAt == Date(timeIntervalSince1970: 1_732_370_400))
        #expect(event.attachments.isEmpty)
        #expect(event.rawPayload == String(decoding: body, as: UTF8.self))
    }

    @Test func redeliveryKeepsTheSameExternalID() throws {
        #expect(try Fixtures.message("text.json").externalID == Fixtures.message("text.json").externalID)
    }

    @Test func photoBecomesCaptionAndRemoteImage() throws {
        let event = try Fixtures.message("image.json")
        #expect(event.content == "Вот так пришла коробка")
        #expect(
            event.attachments == [.remote(name: "photo.jpg", contentType: "image/jpeg", reference: "1479537139650973")])
    }

    @Test func documentKeepsItsFileName() throws {
        let event = try Fixtures.message("document.json")
        #expect(event.content == "Счёт за ноябрь")
        #expect(
            event.attachments == [
                .remote(name: "Счёт-1234.pdf", contentType: "application/pdf", reference: "960315328938624")
            ]
        )
    }

    @Test func voiceNoteHasNoTextAndAnOggFile() throws {
        let event = try Fixtures.message("voice.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [
                .remote(name: "voice.ogg", contentType: "audio/ogg; codecs=opus", reference: "1146268163452104")
            ]
        )
    }

    @Test func audioFileIsNamedByItsType() throws {
        let event = try Fixtures.message("audio.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [.remote(name: "audio.mp3", contentType: "audio/mpeg", reference: "2234567890123456")])
    }

    @Test func videoWithoutCaptionHasEmptyContent() throws {
        let event = try Fixtures.message("video.json")
        #expect(event.content == "")
        #expect(
            event.attachments == [.remote(name: "video.mp4", contentType: "video/mp4", reference: "873915771477893")])
    }

    @Test func stickerIsMarkedAndAttached() throws {
        let event = try Fixtures.message("sticker.json")
        #expect(event.content == "[sticker]")
        #expect(
            event.attachments == [
                .remote(name: "sticker.webp", contentType: "image/webp", reference: "1093612281858742")
            ])
    }

    @Test func locationShowsCoordinatesPlaceAndMapLink() throws {
        let event = try Fixtures.message("location.json")
        #expect(
            event.content == """
                Location: 55.7539, 37.6208
                Красная площадь, Москва, 109012
                https://maps.google.com/?q=55.7539,37.6208
                """
        )
        #expect(event.attachments.isEmpty)
    }

    @Test func sharedContactShowsNameAndPhones() throws {
        let event = try Fixtures.message("contacts.json")
        #expect(event.content == "Contact: Мария Сидорова, +7 916 765-43-21, +7 495 123-45-67")
        #expect(event.sender.name == "Иван Петров")
    }

    @Test func buttonAndListRepliesBecomeTheChosenTitle() throws {
        #expect(try Fixtures.message("button-reply.json").content == "Да, получил ✅")
        #expect(try Fixtures.message("list-reply.json").content == "Возврат денег")
        #expect(try Fixtures.message("template-button.json").content == "Подтвердить")
    }

    @Test func reactionIsIgnored() throws {
        let items = try Fixtures.items("reaction.json")
        #expect(items.count == 1)
        #expect(items.first?.ignoredReason?.contains("reaction") == true)
    }

    @Test func unsupportedMessageIsIgnoredWithWhatsAppsReason() throws {
        let items = try Fixtures.items("unsupported.json")
        #expect(items.count == 1)
        #expect(items.first?.ignoredReason?.contains("Message type unknown") == true)
    }

    @Test func unknownMessageTypeIsIgnored() throws {
        let items = try Fixtures.items(
            json: Self.single(
                #"{"from":"79161234567","id":"wamid.X1","timestamp":"1732370400","type":"order","order":{"catalog_id":"1"}}"#
            ))
        #expect(items.count == 1)
        #expect(items.first?.ignoredReason?.contains("order") == true)
    }

    @Test func oneCallWithSeveralMessagesAndAStatusGivesOneItemEach() throws {
        let items = try Fixtures.items("batch.json")
        #expect(items.count == 3)
        guard items.count == 3, case .message(let first) = items[0], case .message(let second) = items[1] else {
            Issue.record("expected two messages first, got \(items)")
            return
        }
        #expect(first.content == "Первое сообщение")
        #expect(first.sender.name == "Иван Петров")
        #expect(second.content == "Hallo, ich habe eine Frage")
        #expect(
            second.sender == InboundSender(externalID: "4915112345678", name: "Anna Schmidt", phone: "+4915112345678"))
        #expect(first.externalID != second.externalID)
        #expect(
            items[2]
                == .receipt(
                    externalID: "wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBI1RkQ3QkY2MDk0QjFBNTc0QjUA", status: .delivered,
                    error: nil)
        )
    }

    @Test func changeForAnotherPhoneNumberIsIgnored() throws {
        let items = try Fixtures.items("other-number.json")
        #expect(items.count == 1)
        #expect(items.first?.ignoredReason?.contains("114477558899663") == true)
    }

    @Test func otherFieldsAndObjectsAreIgnored() throws {
        let template = try Fixtures.items("template-status-update.json")
        #expect(template.count == 1)
        #expect(template.first?.ignoredReason?.contains("message_template_status_update") == true)
        let instagram = try Fixtures.items("instagram.json")
        #expect(instagram.count == 1)
        #expect(instagram.first?.ignoredReason?.contains("instagram") == true)
    }

    @Test(arguments: [
        #"{}"#,
        #"[1, 2, 3]"#,
        #"{"object":"whatsapp_business_account","entry":"oops"}"#,
        #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"messages":[{"type":"text"}]}}]}]}"#,
        #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"messages":[{"id":"wamid.X","from":"1","type":"image","image":{"caption":"no id"}}]}}]}]}"#,
        #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":106540352242922},"statuses":[{"status":"read"}]}}]}]}"#,
    ])
    func oddButReadableBodiesAreIgnoredNotErrors(json: String) throws {
        let items = try Fixtures.items(json: json)
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0.ignoredReason != nil })
    }

    @Test func documentNameCannotClimbOutOfItsFolder() throws {
        let json = Self.single(
            #"{"from":"79161234567","id":"wamid.X2","timestamp":"1732370400","type":"document","document":{"filename":"../../etc/passwd\n","mime_type":"text/plain","id":"42"}}"#
        )
        let items = try Fixtures.items(json: json)
        guard case .message(let event) = items.first else {
            Issue.record("expected a message, got \(items)")
            return
        }
        #expect(event.attachments.map(\.name) == ["passwd"])
    }

    @Test func senderWithoutPhoneNumberIdHasNoPhone() throws {
        let json = Self.single(
            #"{"from":"US.13491208655302741918","id":"wamid.X3","timestamp":"1732370400","type":"text","text":{"body":"hi"}}"#
        )
        let items = try Fixtures.items(json: json)
        guard case .message(let event) = items.first else {
            Issue.record("expected a message, got \(items)")
            return
        }
        #expect(event.sender.externalID == "US.13491208655302741918")
        #expect(event.sender.phone == nil)
        #expect(event.sender.name == nil)
    }

    /// A notification for the inbox's number carrying one message.
    static func single(_ message: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"messages":["#
            + message + "]}}]}]}"
    }
}
